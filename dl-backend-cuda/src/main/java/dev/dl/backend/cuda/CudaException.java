package dev.dl.backend.cuda;

/**
 * A CUDA driver call failed. The message names the call, the CUresult and what to do about it;
 * {@link #result()} keeps the code for callers that react to specific errors (out of memory).
 */
final class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int result;

  CudaException(int result, String call) {
    super(CudaErrors.describe(result, call));
    this.result = result;
  }

  CudaException(int result, String message, Throwable cause) {
    super(message, cause);
    this.result = result;
  }

  /** The CUresult the driver returned. */
  int result() { return result; }

  boolean isOutOfMemory() { return result == CudaErrors.OUT_OF_MEMORY; }
}
