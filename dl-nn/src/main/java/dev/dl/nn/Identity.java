package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Returns its input unchanged, as {@code torch.nn.Identity} (a placeholder when swapping layers out).
 *
 * <pre>{@code
 * Tensor y = new Identity().apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class Identity extends UnaryModule {

  @Override
  public Tensor forward(Tensor input) { return input; }
}
