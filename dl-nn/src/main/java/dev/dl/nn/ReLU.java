package dev.dl.nn;

import dev.dl.Tensor;

/**
 * {@code max(x, 0)}, as {@code torch.nn.ReLU}.
 *
 * <pre>{@code
 * Tensor y = new ReLU().apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class ReLU extends UnaryModule {

  @Override
  public Tensor forward(Tensor input) { return input.relu(); }
}
