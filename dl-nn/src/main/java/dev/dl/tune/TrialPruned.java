package dev.dl.tune;

/**
 * Thrown by an objective to say the trial was pruned; the study records it as
 * {@link TrialState#PRUNED} and goes on with the next trial.
 *
 * <pre>{@code
 * trial.report(epoch, accuracy);
 * if (trial.shouldPrune()) throw new TrialPruned(trial, epoch);
 * }</pre>
 */
public final class TrialPruned extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Says which trial was pruned and at which step. */
  public TrialPruned(Trial trial, int step) {
    super("trial " + trial.number() + " pruned at step " + step, null, false, false);
  }
}
