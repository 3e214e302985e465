package dev.dl.data.sampler;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.impl.factory.primitive.IntLists;

/**
 * Groups a sampler's indices into batches of {@code batchSize}; the last batch is smaller unless
 * {@code dropLast}. Any {@code Iterable<IntList>} can serve the DataLoader as a batch sampler.
 *
 * <pre>{@code
 * new BatchSampler(new SequentialSampler(5), 2, false);   // [0, 1], [2, 3], [4]
 * }</pre>
 */
public final class BatchSampler implements Iterable<IntList> {
  private final Sampler sampler;
  private final int batchSize;
  private final boolean dropLast;

  /** Batches of {@code batchSize} (positive) indices drawn from {@code sampler}. */
  public BatchSampler(Sampler sampler, int batchSize, boolean dropLast) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("BatchSampler: batchSize should be a positive integer value, but got batchSize="
          + batchSize);
    }
    this.sampler = sampler;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
  }

  /** The sampler that orders the indices. */
  public Sampler sampler() { return sampler; }

  /** Indices per batch. */
  public int batchSize() { return batchSize; }

  /** Whether an incomplete last batch is dropped. */
  public boolean dropLast() { return dropLast; }

  /** Number of batches per epoch. */
  public int size() {
    int n = sampler.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** One epoch of batches (draws the sampler's order now). */
  @Override
  public Iterator<IntList> iterator() {
    int[] all = sampler.indices().toArray();
    int end = dropLast ? all.length - all.length % batchSize : all.length;
    return new Iterator<>() {
      private int next;

      @Override public boolean hasNext() { return next < end; }

      @Override public IntList next() {
        if (!hasNext()) throw new NoSuchElementException("BatchSampler: epoch exhausted");
        int to = Math.min(next + batchSize, end);
        IntList batch = IntLists.immutable.of(java.util.Arrays.copyOfRange(all, next, to));
        next = to;
        return batch;
      }
    };
  }
}
