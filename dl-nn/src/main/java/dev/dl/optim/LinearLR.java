package dev.dl.optim;

/**
 * Scales the rate linearly from {@code startFactor} to {@code endFactor} of the base over
 * {@code totalIters} epochs, as {@code LinearLR} (a common warm-up).
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 5);
 * warmup.step();
 * }</pre>
 */
public final class LinearLR extends LRScheduler {
  private final double startFactor;
  private final double endFactor;
  private final int totalIters;

  /** Linear ramp of the multiplier from {@code startFactor} to {@code endFactor}. */
  public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
    super(optimizer);
    if (!(startFactor > 0 && startFactor <= 1)) {
      throw new IllegalArgumentException("Starting multiplicative factor expected to be greater than 0 and less or equal to 1, got "
          + startFactor);
    }
    if (!(endFactor >= 0 && endFactor <= 1)) {
      throw new IllegalArgumentException("Ending multiplicative factor expected to be between 0 and 1, got " + endFactor);
    }
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = groupLrs();
    if (lastEpoch == 0) {
      for (int i = 0; i < lrs.length; i++) lrs[i] *= startFactor;
      return lrs;
    }
    if (lastEpoch > totalIters) return lrs;
    double f = 1 + (endFactor - startFactor) / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
    for (int i = 0; i < lrs.length; i++) lrs[i] *= f;
    return lrs;
  }

  @Override
  protected double[] closedFormLr(int epoch) {
    double[] lrs = baseLrs.clone();
    double f = startFactor + (endFactor - startFactor) * Math.min(totalIters, epoch) / totalIters;
    for (int i = 0; i < lrs.length; i++) lrs[i] *= f;
    return lrs;
  }
}
