package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Hyperbolic tangent, as {@code torch.nn.Tanh}.
 *
 * <pre>{@code
 * Tensor y = new Tanh().apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class Tanh extends UnaryModule {

  @Override
  public Tensor forward(Tensor input) { return input.tanh(); }
}
