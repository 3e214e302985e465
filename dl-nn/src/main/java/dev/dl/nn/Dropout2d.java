package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;

/**
 * Channel dropout, as {@code torch.nn.Dropout2d}: zeroes whole channels of [N, C, H, W] (or
 * [C, H, W]) with probability {@code p} in training, scaling the rest by {@code 1/(1-p)}.
 *
 * <pre>{@code
 * var drop = new Dropout2d(0.2);
 * Tensor y = drop.apply(Tensor.randn(8, 16, 4, 4));
 * }</pre>
 */
public final class Dropout2d extends UnaryModule {
  private final double p;
  private final Generator generator;

  /** Channel dropout drawing from the default generator. */
  public Dropout2d(double p) { this(p, null); }

  /** Channel dropout drawing from {@code generator} (null: the default generator). */
  public Dropout2d(double p, Generator generator) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
    this.p = p;
    this.generator = generator;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.dropout2d(input, p, isTraining(), generator == null ? Generator.defaultGenerator() : generator);
  }

  @Override
  public String extraRepr() { return "p=" + pyFloat(p) + ", inplace=False"; }
}
