package dev.dl.nn;

import dev.dl.Tensor;

/**
 * {@code 1 / (1 + e^-x)}, as {@code torch.nn.Sigmoid}.
 *
 * <pre>{@code
 * Tensor y = new Sigmoid().apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class Sigmoid extends UnaryModule {

  @Override
  public Tensor forward(Tensor input) { return input.sigmoid(); }
}
