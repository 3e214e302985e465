package dev.dl.optim;

/**
 * Multiplies the rate by {@code gamma} every epoch, as {@code ExponentialLR}.
 *
 * <pre>{@code
 * var sched = new ExponentialLR(opt, 0.95);
 * sched.step();
 * }</pre>
 */
public final class ExponentialLR extends LRScheduler {
  private final double gamma;

  /** Decays by {@code gamma} per epoch. */
  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = groupLrs();
    if (lastEpoch == 0) return lrs;
    for (int i = 0; i < lrs.length; i++) lrs[i] *= gamma;
    return lrs;
  }

  @Override
  protected double[] closedFormLr(int epoch) {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) lrs[i] *= Math.pow(gamma, epoch);
    return lrs;
  }
}
