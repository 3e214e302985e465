package dev.dl.optim;

import dev.dl.Tensor;
import dev.dl.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when a validation metric stops improving: after {@code patience} epochs
 * without an improvement larger than {@code minDelta}; optionally keeps a copy of the best
 * weights and restores them.
 *
 * <pre>{@code
 * var stopper = new EarlyStopping(5, 1e-4, "min", true);
 * if (stopper.step(valLoss, model)) break;   // best weights are back in the model
 * }</pre>
 */
public final class EarlyStopping {
  private final int patience;
  private final double minDelta;
  private final boolean minimize;
  private final boolean restoreBestWeights;
  private double best;
  private int bestEpoch = -1;
  private int epoch = -1;
  private int badEpochs;
  private Map<String, Tensor> bestState;

  /** {@code mode} "min" (losses) or "max" (accuracies). */
  public EarlyStopping(int patience, double minDelta, String mode, boolean restoreBestWeights) {
    if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
    if (minDelta < 0) throw new IllegalArgumentException("EarlyStopping: min_delta must be >= 0, got " + minDelta);
    if (!mode.equals("min") && !mode.equals("max")) throw new IllegalArgumentException("EarlyStopping: mode must be min or max, got " + mode);
    this.patience = patience;
    this.minDelta = minDelta;
    this.minimize = mode.equals("min");
    this.restoreBestWeights = restoreBestWeights;
    this.best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /**
   * Records one epoch's metric; returns true when training should stop (and, if asked, has put
   * the best weights back into {@code model}).
   */
  public boolean step(double metric, Module model) {
    epoch++;
    boolean improved = minimize ? metric < best - minDelta : metric > best + minDelta;
    if (improved) {
      best = metric;
      bestEpoch = epoch;
      badEpochs = 0;
      if (restoreBestWeights) {
        bestState = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> bestState.put(k, v.clone()));
      }
      return false;
    }
    badEpochs++;
    if (badEpochs > patience) {
      if (restoreBestWeights && bestState != null) model.loadStateDict(bestState, true);
      return true;
    }
    return false;
  }

  /** The best metric seen. */
  public double best() { return best; }

  /** The epoch (0-based count of {@link #step} calls) of the best metric, or -1. */
  public int bestEpoch() { return bestEpoch; }
}
