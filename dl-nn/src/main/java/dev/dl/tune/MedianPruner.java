package dev.dl.tune;


/**
 * Prunes a trial whose best value so far is worse than the median of the completed trials'
 * values at the same step (Optuna's MedianPruner).
 *
 * <pre>{@code
 * var pruner = new MedianPruner(5, 1, 1);   // judge after 5 complete trials, from step 1 on
 * }</pre>
 */
public final class MedianPruner implements Pruner {
  private final int startupTrials;
  private final int warmupSteps;
  private final int intervalSteps;

  /** Waits for 5 completed trials; no warm-up; checks every step. */
  public MedianPruner() { this(5, 0, 1); }

  /**
   * @param startupTrials completed trials needed before pruning anything
   * @param warmupSteps steps a trial runs before it can be pruned
   * @param intervalSteps prune only at steps that are a multiple of this past the warm-up
   */
  public MedianPruner(int startupTrials, int warmupSteps, int intervalSteps) {
    if (startupTrials < 0 || warmupSteps < 0 || intervalSteps < 1) {
      throw new IllegalArgumentException("MedianPruner: need startupTrials >= 0, warmupSteps >= 0, intervalSteps >= 1; got "
          + startupTrials + ", " + warmupSteps + ", " + intervalSteps);
    }
    this.startupTrials = startupTrials;
    this.warmupSteps = warmupSteps;
    this.intervalSteps = intervalSteps;
  }

  @Override
  public boolean prune(Study study, FrozenTrial trial) {
    int step = trial.lastStep();
    if (step < warmupSteps || (step - warmupSteps) % intervalSteps != 0) return false;
    double[] atStep = study.trials().stream()
        .filter(t -> t.state() == TrialState.COMPLETE && t.intermediateValues().containsKey(step))
        .mapToDouble(t -> t.intermediateValues().get(step)).sorted().toArray();
    long completed = study.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count();
    if (completed < startupTrials || atStep.length == 0) return false;
    double median = median(atStep);
    Direction dir = study.direction();
    double best = trial.intermediateValues().values().stream().mapToDouble(Double::doubleValue)
        .reduce(dir == Direction.MAXIMIZE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY,
            (a, b) -> dir.better(b, a) ? b : a);
    return dir.better(median, best);
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  @Override
  public String toString() {
    return "MedianPruner(startupTrials=" + startupTrials + ", warmupSteps=" + warmupSteps + ", intervalSteps=" + intervalSteps + ")";
  }
}
