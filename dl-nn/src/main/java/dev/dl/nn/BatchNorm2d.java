package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Batch normalisation over [N, C, H, W], as {@code torch.nn.BatchNorm2d}.
 *
 * <pre>{@code
 * var bn = new BatchNorm2d(16);
 * Tensor y = bn.apply(Tensor.randn(8, 16, 5, 5));
 * }</pre>
 */
public final class BatchNorm2d extends BatchNorm {
  /** eps 1e-5, momentum 0.1, affine, tracking running stats. */
  public BatchNorm2d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

  /** Every option; a null momentum means a cumulative moving average. */
  public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  void checkInput(Tensor input) { Layers.checkDim("BatchNorm2d", input, 4); }
}
