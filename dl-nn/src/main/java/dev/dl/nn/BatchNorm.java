package dev.dl.nn;

import dev.dl.DType;
import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.nn.init.Init;

/** The shared machinery of {@link BatchNorm1d} and {@link BatchNorm2d}. */
public abstract sealed class BatchNorm extends UnaryModule permits BatchNorm1d, BatchNorm2d {
  /** Scale [C], or null when not affine. */
  public final Parameter weight;
  /** Shift [C], or null when not affine. */
  public final Parameter bias;
  private final int numFeatures;
  private final double eps;
  private final Double momentum;
  private final boolean affine;
  private final boolean trackRunningStats;

  BatchNorm(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    Layers.positive(getName(), "num_features", numFeatures);
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    this.weight = affine ? registerParameter("weight", new Parameter(Tensor.ones(numFeatures))) : null;
    this.bias = affine ? registerParameter("bias", new Parameter(Tensor.zeros(numFeatures))) : null;
    if (trackRunningStats) {
      registerBuffer("running_mean", Tensor.zeros(numFeatures));
      registerBuffer("running_var", Tensor.ones(numFeatures));
      registerBuffer("num_batches_tracked", Tensor.scalar(0L));
    }
  }

  /** Resets running statistics to mean 0, variance 1 and zero batches. */
  public void resetRunningStats() {
    if (!trackRunningStats) return;
    Init.zeros_(buffer("running_mean"));
    Init.ones_(buffer("running_var"));
    try (var scope = GradMode.noGrad()) {
      buffer("num_batches_tracked").zero_();
    }
  }

  /** Resets running statistics and the affine parameters (ones and zeros). */
  public void resetParameters() {
    resetRunningStats();
    if (affine) {
      Init.ones_(weight.tensor());
      Init.zeros_(bias.tensor());
    }
  }

  abstract void checkInput(Tensor input);

  @Override
  public Tensor forward(Tensor input) {
    checkInput(input);
    if (input.size(1) != numFeatures) {
      throw new IllegalArgumentException(getName() + ": expected " + numFeatures + " channels in dim 1, got input of shape "
          + input.shape());
    }
    double factor = momentum == null ? 0.0 : momentum;
    if (isTraining() && trackRunningStats) {
      Tensor tracked = buffer("num_batches_tracked");
      try (var scope = GradMode.noGrad()) {
        tracked.add_(Tensor.scalar(1L).to(tracked.device()).to(DType.INT64));
      }
      if (momentum == null) factor = 1.0 / tracked.item();
    }
    boolean useBatchStats = isTraining() || !trackRunningStats;
    Tensor rm = !isTraining() || trackRunningStats ? buffer("running_mean") : null;
    Tensor rv = !isTraining() || trackRunningStats ? buffer("running_var") : null;
    return Functional.batchNorm(input, rm, rv, affine ? weight.tensor() : null, affine ? bias.tensor() : null,
        useBatchStats, factor, eps);
  }

  @Override
  public String extraRepr() {
    return numFeatures + ", eps=" + pyFloat(eps) + ", momentum=" + (momentum == null ? "None" : pyFloat(momentum))
        + ", affine=" + py(affine) + ", track_running_stats=" + py(trackRunningStats);
  }
}
