package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Log-softmax along a dim, computed stably, as {@code torch.nn.LogSoftmax}.
 *
 * <pre>{@code
 * Tensor y = new LogSoftmax(1).apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class LogSoftmax extends UnaryModule {
  private final int dim;

  /** Log-softmax along {@code dim}. */
  public LogSoftmax(int dim) { this.dim = dim; }

  @Override
  public String extraRepr() { return "dim=" + dim; }

  @Override
  public Tensor forward(Tensor input) { return input.logSoftmax(dim); }
}
