package dev.dl.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the rate by {@code factor} when a metric has not improved for {@code patience} epochs, as
 * {@code ReduceLROnPlateau}; call {@link #step(double)} with the validation metric each epoch.
 *
 * <pre>{@code
 * var sched = new ReduceLROnPlateau(opt, "min", 0.1, 10, 1e-4, "rel", 0, 0, 1e-8);
 * sched.step(validationLoss);
 * }</pre>
 */
public final class ReduceLROnPlateau {
  private final Optimizer optimizer;
  private final boolean minimize;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final boolean relative;
  private final int cooldown;
  private final double minLr;
  private final double eps;
  private double best;
  private int numBadEpochs;
  private int cooldownCounter;
  private int lastEpoch;

  /** PyTorch's defaults: mode min, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, min_lr 0. */
  public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, "min", 0.1, 10, 1e-4, "rel", 0, 0, 1e-8); }

  /** Every option; {@code mode} "min" or "max", {@code thresholdMode} "rel" or "abs". */
  public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold, String thresholdMode,
      int cooldown, double minLr, double eps) {
    if (factor >= 1.0) throw new IllegalArgumentException("Factor should be < 1.0, got " + factor);
    if (!mode.equals("min") && !mode.equals("max")) throw new IllegalArgumentException("mode " + mode + " is unknown!");
    if (!thresholdMode.equals("rel") && !thresholdMode.equals("abs")) {
      throw new IllegalArgumentException("threshold mode " + thresholdMode + " is unknown!");
    }
    this.optimizer = optimizer;
    this.minimize = mode.equals("min");
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.relative = thresholdMode.equals("rel");
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.eps = eps;
    this.best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  private boolean isBetter(double a) {
    if (minimize) return relative ? a < best * (1 - threshold) : a < best - threshold;
    return relative ? a > best * (threshold + 1) : a > best + threshold;
  }

  /** Records this epoch's metric and cuts the rates when the plateau has lasted longer than the patience. */
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;
    }
    if (numBadEpochs > patience) {
      for (ParamGroup g : optimizer.paramGroups()) {
        double old = g.lr();
        double updated = Math.max(old * factor, minLr);
        if (old - updated > eps) g.setLr(updated);
      }
      cooldownCounter = cooldown;
      numBadEpochs = 0;
    }
  }

  /** The rates now set. */
  public double[] getLastLr() {
    List<ParamGroup> gs = optimizer.paramGroups();
    double[] out = new double[gs.size()];
    for (int i = 0; i < out.length; i++) out[i] = gs.get(i).lr();
    return out;
  }

  /** Counters and the best metric. */
  public Map<String, Object> stateDict() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("best", best);
    m.put("num_bad_epochs", (double) numBadEpochs);
    m.put("cooldown_counter", (double) cooldownCounter);
    m.put("last_epoch", (double) lastEpoch);
    return m;
  }

  /** Restores a {@link #stateDict()}. */
  public void loadStateDict(Map<String, Object> state) {
    double b = ((Number) LRScheduler.require(state, "best")).doubleValue();
    int bad = ((Number) LRScheduler.require(state, "num_bad_epochs")).intValue();
    int cd = ((Number) LRScheduler.require(state, "cooldown_counter")).intValue();
    int le = ((Number) LRScheduler.require(state, "last_epoch")).intValue();
    best = b;
    numBadEpochs = bad;
    cooldownCounter = cd;
    lastEpoch = le;
  }
}
