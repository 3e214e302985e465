package dev.dl.optim;

import java.util.Arrays;

/**
 * Multiplies the rate by {@code gamma} at each milestone epoch, as {@code MultiStepLR}.
 *
 * <pre>{@code
 * var sched = new MultiStepLR(opt, new int[] {30, 80}, 0.1);
 * sched.step();
 * }</pre>
 */
public final class MultiStepLR extends LRScheduler {
  private final int[] milestones;
  private final double gamma;

  /** Decays by {@code gamma} at each milestone (a repeated milestone decays repeatedly). */
  public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
    super(optimizer);
    this.milestones = milestones.clone();
    Arrays.sort(this.milestones);
    this.gamma = gamma;
    initialStep();
  }

  private int count(int epoch, boolean upTo) {
    int c = 0;
    for (int m : milestones) if (upTo ? m <= epoch : m == epoch) c++;
    return c;
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = groupLrs();
    int c = count(lastEpoch, false);
    for (int i = 0; i < lrs.length; i++) lrs[i] *= Math.pow(gamma, c);
    return lrs;
  }

  @Override
  protected double[] closedFormLr(int epoch) {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) lrs[i] *= Math.pow(gamma, count(epoch, true));
    return lrs;
  }
}
