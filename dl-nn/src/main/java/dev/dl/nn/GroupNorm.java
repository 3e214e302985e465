package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Group normalisation, as {@code torch.nn.GroupNorm}: channels split into groups, each normalised
 * over its channels and spatial positions; per-channel affine weight and bias.
 *
 * <pre>{@code
 * var gn = new GroupNorm(4, 16);
 * Tensor y = gn.apply(Tensor.randn(2, 16, 8, 8));
 * }</pre>
 */
public final class GroupNorm extends UnaryModule {
  /** Scale [C], or null. */
  public final Parameter weight;
  /** Shift [C], or null. */
  public final Parameter bias;
  private final int numGroups;
  private final int numChannels;
  private final double eps;

  /** eps 1e-5, affine. */
  public GroupNorm(int numGroups, int numChannels) { this(numGroups, numChannels, 1e-5, true); }

  /** Every option. */
  public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
    Layers.positive("GroupNorm", "num_groups and num_channels", numGroups, numChannels);
    if (numChannels % numGroups != 0) {
      throw new IllegalArgumentException("GroupNorm: num_channels (" + numChannels + ") must be divisible by num_groups ("
          + numGroups + ")");
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = eps;
    this.weight = affine ? registerParameter("weight", new Parameter(Tensor.ones(numChannels))) : null;
    this.bias = affine ? registerParameter("bias", new Parameter(Tensor.zeros(numChannels))) : null;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (input.dim() < 2 || input.size(1) != numChannels) {
      throw new IllegalArgumentException("GroupNorm: expected input [N, " + numChannels + ", ...], got " + input.shape());
    }
    return Functional.groupNorm(input, numGroups, weight == null ? null : weight.tensor(), bias == null ? null : bias.tensor(), eps);
  }

  @Override
  public String extraRepr() { return numGroups + ", " + numChannels + ", eps=" + pyFloat(eps) + ", affine=" + py(weight != null); }
}
