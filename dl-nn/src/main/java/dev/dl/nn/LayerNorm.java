package dev.dl.nn;

import dev.dl.Tensor;
import java.util.Arrays;

/**
 * Layer normalisation over the trailing {@code normalizedShape} dims, as {@code torch.nn.LayerNorm}.
 *
 * <pre>{@code
 * var ln = new LayerNorm(64);
 * Tensor y = ln.apply(Tensor.randn(8, 10, 64));
 * }</pre>
 */
public final class LayerNorm extends UnaryModule {
  /** Scale of {@code normalizedShape}, or null. */
  public final Parameter weight;
  /** Shift of {@code normalizedShape}, or null. */
  public final Parameter bias;
  private final int[] normalizedShape;
  private final double eps;

  /** eps 1e-5 with affine weight and bias. */
  public LayerNorm(int... normalizedShape) { this(normalizedShape, 1e-5, true, true); }

  /** Every option. */
  public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
    if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalized_shape must not be empty");
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    this.weight = elementwiseAffine ? registerParameter("weight", new Parameter(Tensor.ones(normalizedShape))) : null;
    this.bias = elementwiseAffine && bias ? registerParameter("bias", new Parameter(Tensor.zeros(normalizedShape))) : null;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.layerNorm(input, normalizedShape, weight == null ? null : weight.tensor(), bias == null ? null : bias.tensor(), eps);
  }

  @Override
  public String extraRepr() {
    return tuple(normalizedShape) + ", eps=" + pyFloat(eps) + ", elementwise_affine=" + py(weight != null);
  }

  int[] normalizedShape() { return Arrays.copyOf(normalizedShape, normalizedShape.length); }
}
