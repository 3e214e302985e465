package dev.dl.optim;

/**
 * Cosine annealing from the base rate to {@code etaMin} over {@code tMax} epochs (then back up,
 * periodically), in PyTorch's recursive form, as {@code CosineAnnealingLR}.
 *
 * <pre>{@code
 * var sched = new CosineAnnealingLR(opt, 100, 0.0);
 * sched.step();
 * }</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
  private final int tMax;
  private final double etaMin;

  /** Half a cosine period of {@code tMax} epochs down to {@code etaMin}. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: T_max must be positive, got " + tMax);
    this.tMax = tMax;
    this.etaMin = etaMin;
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = groupLrs();
    if (lastEpoch == 0) return lrs;
    for (int i = 0; i < lrs.length; i++) {
      if ((lastEpoch - 1 - tMax) % (2 * tMax) == 0) {
        lrs[i] = lrs[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
      } else {
        lrs[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
            * (lrs[i] - etaMin) + etaMin;
      }
    }
    return lrs;
  }

  @Override
  protected double[] closedFormLr(int epoch) {
    double[] lrs = baseLrs.clone();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
    return lrs;
  }
}
