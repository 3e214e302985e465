package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;

/**
 * {@code y = x W^T + b}, as {@code torch.nn.Linear}: weight [out, in], bias [out].
 *
 * <pre>{@code
 * var fc = new Linear(784, 10);
 * Tensor logits = fc.apply(images.flatten(1, -1));
 * }</pre>
 */
public final class Linear extends UnaryModule {
  /** Weight [outFeatures, inFeatures]. */
  public final Parameter weight;
  /** Bias [outFeatures], or null. */
  public final Parameter bias;
  private final int inFeatures;
  private final int outFeatures;

  /** A layer with a bias. */
  public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, true); }

  /** A layer with or without a bias, initialised from the default generator. */
  public Linear(int inFeatures, int outFeatures, boolean bias) {
    if (inFeatures < 0 || outFeatures < 0) {
      throw new IllegalArgumentException("Linear: features must be >= 0, got in=" + inFeatures + " out=" + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = registerParameter("weight", new Parameter(Tensor.empty(outFeatures, inFeatures)));
    this.bias = bias ? registerParameter("bias", new Parameter(Tensor.empty(outFeatures))) : null;
    resetParameters(Generator.defaultGenerator());
  }

  /** Re-draws the parameters with PyTorch's default initialisation from {@code g}. */
  public void resetParameters(Generator g) { Layers.resetLinearLike(weight, bias, g); }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.linear(input, weight.tensor(), bias == null ? null : bias.tensor());
  }

  @Override
  public String extraRepr() {
    return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + py(bias != null);
  }
}
