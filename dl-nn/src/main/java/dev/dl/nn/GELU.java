package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Gaussian error linear unit, as {@code torch.nn.GELU}: exact (erf) or {@code approximate="tanh"}.
 *
 * <pre>{@code
 * Tensor y = new GELU().apply(Tensor.randn(2, 3));
 * }</pre>
 */
public final class GELU extends UnaryModule {
  private final String approximate;

  /** The exact form. */
  public GELU() { this("none"); }

  /** {@code "none"} (exact) or {@code "tanh"}. */
  public GELU(String approximate) {
    if (!approximate.equals("none") && !approximate.equals("tanh")) {
      throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
    }
    this.approximate = approximate;
  }

  @Override
  public String extraRepr() { return "approximate='" + approximate + "'"; }

  @Override
  public Tensor forward(Tensor input) { return Functional.gelu(input, approximate); }
}
