package dev.dl.data;

/**
 * A failure while loading a batch: a dataset {@code get} or a transform threw in a worker, collate
 * failed, or a worker timed out. The message names the sample index (when one sample is to blame)
 * and the batch; {@link #getCause()} is the original exception.
 *
 * <pre>{@code
 * try { for (Object b : loader) train(b); }
 * catch (DataLoaderException e) { log(e.sampleIndex(), e.getCause()); }
 * }</pre>
 */
public final class DataLoaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int sampleIndex;
  private final long batchNumber;

  DataLoaderException(String message, int sampleIndex, long batchNumber, Throwable cause) {
    super(message, cause);
    this.sampleIndex = sampleIndex;
    this.batchNumber = batchNumber;
  }

  /** The dataset index of the sample that failed, or -1 when the failure is not tied to one sample. */
  public int sampleIndex() { return sampleIndex; }

  /** The position of the failed batch in this epoch (0-based), or -1 when unknown. */
  public long batchNumber() { return batchNumber; }
}
