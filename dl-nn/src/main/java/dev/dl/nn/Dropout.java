package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;

/**
 * Inverted dropout, as {@code torch.nn.Dropout}: in training, zeroes elements with probability
 * {@code p} and scales the rest by {@code 1/(1-p)}; the identity in eval mode.
 *
 * <pre>{@code
 * var drop = new Dropout(0.5);
 * Tensor y = drop.apply(x);   // model.eval() turns it off
 * }</pre>
 */
public final class Dropout extends UnaryModule {
  private final double p;
  private final Generator generator;

  /** Dropout with probability {@code p}, drawing from the default generator. */
  public Dropout(double p) { this(p, null); }

  /** Dropout drawing masks from {@code generator} (null: the default generator at each call). */
  public Dropout(double p, Generator generator) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
    this.p = p;
    this.generator = generator;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.dropout(input, p, isTraining(), generator == null ? Generator.defaultGenerator() : generator);
  }

  @Override
  public String extraRepr() { return "p=" + pyFloat(p) + ", inplace=False"; }
}
