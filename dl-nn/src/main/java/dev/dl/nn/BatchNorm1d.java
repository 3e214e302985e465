package dev.dl.nn;

import dev.dl.Tensor;

/**
 * Batch normalisation over [N, C] or [N, C, L], as {@code torch.nn.BatchNorm1d}; buffers
 * {@code running_mean}, {@code running_var}, {@code num_batches_tracked}.
 *
 * <pre>{@code
 * var bn = new BatchNorm1d(16);
 * Tensor y = bn.apply(Tensor.randn(32, 16));
 * }</pre>
 */
public final class BatchNorm1d extends BatchNorm {
  /** eps 1e-5, momentum 0.1, affine, tracking running stats. */
  public BatchNorm1d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

  /** Every option; a null momentum means a cumulative moving average. */
  public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  void checkInput(Tensor input) { Layers.checkDim("BatchNorm1d", input, 2, 3); }
}
