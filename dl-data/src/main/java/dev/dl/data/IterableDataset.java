package dev.dl.data;

import java.util.Iterator;

/**
 * A stream-style dataset: samples come from an iterator, not by index (PyTorch's
 * {@code IterableDataset}). With several workers, every worker calls {@link #iterator()} in its own
 * thread; use {@link DataLoader#workerInfo()} there to give each worker its own share, or every
 * sample arrives once per worker.
 *
 * <pre>{@code
 * IterableDataset<Tensor> lines = () -> Files.lines(path).map(this::encode).iterator();
 * for (Object batch : DataLoader.builder(lines).batchSize(32).build()) { ... }
 * }</pre>
 */
@FunctionalInterface
public interface IterableDataset<T> extends Iterable<T> {
  /** A fresh iterator over the samples (one per epoch and per worker). */
  @Override
  Iterator<T> iterator();
}
