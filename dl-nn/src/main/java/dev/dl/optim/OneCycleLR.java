package dev.dl.optim;

import java.util.List;

/**
 * The 1cycle policy, as {@code OneCycleLR}: the rate rises from {@code maxLr/divFactor} to
 * {@code maxLr} over {@code pctStart} of {@code totalSteps}, then anneals to
 * {@code initial/finalDivFactor}; momentum (or Adam's beta1) cycles inversely between
 * {@code maxMomentum} and {@code baseMomentum}. Step it once per batch.
 *
 * <pre>{@code
 * var sched = new OneCycleLR(opt, 0.1, 1000);
 * for (var batch : loader) { train(batch); sched.step(); }
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
  private final int totalSteps;
  private final double pctStart;
  private final boolean cosine;
  private final boolean cycleMomentum;
  private final double baseMomentum;
  private final double maxMomentum;
  private final boolean useBetas;

  /** Cosine annealing, pct_start 0.3, div_factor 25, final_div_factor 1e4, momentum 0.85-0.95. */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
    this(optimizer, maxLr, totalSteps, 0.3, "cos", true, 0.85, 0.95, 25, 1e4);
  }

  /** Every option; {@code annealStrategy} is "cos" or "linear". */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, String annealStrategy, boolean cycleMomentum,
      double baseMomentum, double maxMomentum, double divFactor, double finalDivFactor) {
    super(optimizer);
    if (totalSteps <= 0) throw new IllegalArgumentException("OneCycleLR: expected positive total_steps, got " + totalSteps);
    if (!(pctStart >= 0 && pctStart <= 1)) {
      throw new IllegalArgumentException("OneCycleLR: expected float between 0 and 1 pct_start, but got " + pctStart);
    }
    if (!annealStrategy.equals("cos") && !annealStrategy.equals("linear")) {
      throw new IllegalArgumentException("anneal_strategy must be one of 'cos' or 'linear', instead got " + annealStrategy);
    }
    this.totalSteps = totalSteps;
    this.pctStart = pctStart;
    this.cosine = annealStrategy.equals("cos");
    this.cycleMomentum = cycleMomentum;
    this.baseMomentum = baseMomentum;
    this.maxMomentum = maxMomentum;
    List<ParamGroup> groups = optimizer.paramGroups();
    boolean betas = false;
    for (int i = 0; i < groups.size(); i++) {
      ParamGroup g = groups.get(i);
      double initial = maxLr / divFactor;
      g.set("initial_lr", initial);
      g.set("max_lr", maxLr);
      g.set("min_lr", initial / finalDivFactor);
      baseLrs[i] = initial;
      if (cycleMomentum) {
        if (g.has("betas")) {
          betas = true;
          double[] b = g.getDoubles("betas");
          g.set("betas", List.of(maxMomentum, b[1]));
        } else if (g.has("momentum")) {
          g.set("momentum", maxMomentum);
        } else {
          throw new IllegalArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
        }
      }
    }
    this.useBetas = betas;
    initialStep();
  }

  private double anneal(double start, double end, double pct) {
    return cosine ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
  }

  @Override
  protected double[] computeLr() { return closedFormLr(lastEpoch); }

  @Override
  protected double[] closedFormLr(int step) {
    if (step > totalSteps) {
      throw new IllegalStateException("Tried to step " + step + " times. The specified number of total steps is " + totalSteps);
    }
    double end1 = pctStart * totalSteps - 1;
    double end2 = totalSteps - 1;
    List<ParamGroup> groups = optimizer.paramGroups();
    double[] lrs = new double[groups.size()];
    for (int i = 0; i < lrs.length; i++) {
      ParamGroup g = groups.get(i);
      double momentum;
      if (step <= end1) {
        double pct = step / end1;
        lrs[i] = anneal(g.getDouble("initial_lr"), g.getDouble("max_lr"), pct);
        momentum = anneal(maxMomentum, baseMomentum, pct);
      } else {
        double pct = (step - end1) / (end2 - end1);
        lrs[i] = anneal(g.getDouble("max_lr"), g.getDouble("min_lr"), pct);
        momentum = anneal(baseMomentum, maxMomentum, pct);
      }
      if (cycleMomentum) {
        if (useBetas) g.set("betas", List.of(momentum, g.getDoubles("betas")[1]));
        else g.set("momentum", momentum);
      }
    }
    return lrs;
  }
}
