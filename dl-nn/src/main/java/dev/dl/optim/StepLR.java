package dev.dl.optim;

/**
 * Multiplies the rate by {@code gamma} every {@code stepSize} epochs, as {@code StepLR}.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);   // lr 0.05 for epochs 0-29, 0.005 for 30-59, ...
 * sched.step();
 * }</pre>
 */
public final class StepLR extends LRScheduler {
  private final int stepSize;
  private final double gamma;

  /** Decays by {@code gamma} every {@code stepSize} epochs. */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer);
    if (stepSize <= 0) throw new IllegalArgumentException("StepLR: step_size must be positive, got " + stepSize);
    this.stepSize = stepSize;
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = groupLrs();
    if (lastEpoch == 0 || lastEpoch % stepSize != 0) return lrs;
    for (int i = 0; i < lrs.length; i++) lrs[i] *= gamma;
    return lrs;
  }

  @Override
  protected double[] closedFormLr(int epoch) {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) lrs[i] *= Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    return lrs;
  }
}
