package dev.dl.nn;

import dev.dl.Tensor;

/**
 * {@code x} if positive, else {@code negativeSlope * x}, as {@code torch.nn.LeakyReLU} (default slope 0.01).
 *
 * <pre>{@code
 * Tensor y = new LeakyReLU(0.2).apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class LeakyReLU extends UnaryModule {
  private final double negativeSlope;

  /** Slope 0.01. */
  public LeakyReLU() { this(0.01); }

  /** The given negative slope. */
  public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

  @Override
  public String extraRepr() { return "negative_slope=" + pyFloat(negativeSlope); }

  @Override
  public Tensor forward(Tensor input) { return input.leakyRelu(negativeSlope); }
}
