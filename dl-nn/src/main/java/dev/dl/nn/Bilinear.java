package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.nn.init.Init;

/**
 * {@code y_k = x1^T W_k x2 + b_k}, as {@code torch.nn.Bilinear}: weight [out, in1, in2], bias [out].
 *
 * <pre>{@code
 * var bl = new Bilinear(5, 4, 3);
 * Tensor y = bl.forward(Tensor.randn(8, 5), Tensor.randn(8, 4));   // [8, 3]
 * }</pre>
 */
public final class Bilinear extends Module {
  /** Weight [out, in1, in2]. */
  public final Parameter weight;
  /** Bias [out], or null. */
  public final Parameter bias;
  private final int in1;
  private final int in2;
  private final int out;

  /** A layer with a bias. */
  public Bilinear(int in1Features, int in2Features, int outFeatures) { this(in1Features, in2Features, outFeatures, true); }

  /** A layer with or without a bias. */
  public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias) {
    Layers.positive("Bilinear", "features", in1Features, in2Features, outFeatures);
    this.in1 = in1Features;
    this.in2 = in2Features;
    this.out = outFeatures;
    this.weight = registerParameter("weight", new Parameter(Tensor.empty(outFeatures, in1Features, in2Features)));
    this.bias = bias ? registerParameter("bias", new Parameter(Tensor.empty(outFeatures))) : null;
    resetParameters(Generator.defaultGenerator());
  }

  /** PyTorch's default: U(-1/sqrt(in1), 1/sqrt(in1)) for weight and bias. */
  public void resetParameters(Generator g) {
    double bound = 1 / Math.sqrt(in1);
    Init.uniform_(weight.tensor(), -bound, bound, g);
    if (bias != null) Init.uniform_(bias.tensor(), -bound, bound, g);
  }

  /** The bilinear form of two inputs [..., in1] and [..., in2]. */
  public Tensor forward(Tensor input1, Tensor input2) {
    return Functional.bilinear(input1, input2, weight.tensor(), bias == null ? null : bias.tensor());
  }

  @Override
  public String extraRepr() {
    return "in1_features=" + in1 + ", in2_features=" + in2 + ", out_features=" + out + ", bias=" + py(bias != null);
  }
}
