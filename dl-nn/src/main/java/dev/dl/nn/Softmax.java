package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Softmax along a dim, as {@code torch.nn.Softmax}.
 *
 * <pre>{@code
 * Tensor y = new Softmax(1).apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class Softmax extends UnaryModule {
  private final int dim;

  /** Softmax along {@code dim}. */
  public Softmax(int dim) { this.dim = dim; }

  @Override
  public String extraRepr() { return "dim=" + dim; }

  @Override
  public Tensor forward(Tensor input) { return input.softmax(dim); }
}
