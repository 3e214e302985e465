package dev.dl.nn;

import dev.dl.Tensor;

/**
 * {@code x} if positive, else {@code alpha * (e^x - 1)}, as {@code torch.nn.ELU} (default alpha 1).
 *
 * <pre>{@code
 * Tensor y = new ELU().apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class ELU extends UnaryModule {
  private final double alpha;

  /** Alpha 1. */
  public ELU() { this(1.0); }

  /** The given alpha. */
  public ELU(double alpha) { this.alpha = alpha; }

  @Override
  public String extraRepr() { return "alpha=" + pyFloat(alpha); }

  @Override
  public Tensor forward(Tensor input) { return input.elu(alpha); }
}
