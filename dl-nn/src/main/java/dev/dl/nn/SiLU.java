package dev.dl.nn;

import dev.dl.Tensor;

/**
 * {@code x * sigmoid(x)}, as {@code torch.nn.SiLU}.
 *
 * <pre>{@code
 * Tensor y = new SiLU().apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class SiLU extends UnaryModule {

  @Override
  public Tensor forward(Tensor input) { return input.silu(); }
}
