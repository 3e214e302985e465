package dev.dl.data;

import java.util.Iterator;

/**
 * One epoch over a DataLoader. Closing it stops and joins the worker threads it started; it
 * closes itself when the epoch ends or a batch fails, and the loader closes the previous one when
 * a new epoch starts. Use try-with-resources to stop workers at once when leaving a loop early.
 *
 * <pre>{@code
 * try (BatchIterator<Example> it = loader.iterator()) {
 *   while (it.hasNext()) { if (step(it.next())) break; }
 * }
 * }</pre>
 */
public interface BatchIterator<B> extends Iterator<B>, AutoCloseable {
  /** Stops loading, discards prepared batches and joins this epoch's worker threads. Idempotent. */
  @Override
  void close();
}
