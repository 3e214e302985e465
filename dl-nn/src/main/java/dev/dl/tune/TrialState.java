package dev.dl.tune;

/** Where a trial stands. */
public enum TrialState {
  /** The objective is running. */
  RUNNING,
  /** The objective returned a value. */
  COMPLETE,
  /** A {@link Pruner} stopped the trial early ({@link TrialPruned} was thrown). */
  PRUNED,
  /** The objective threw any other exception. */
  FAIL
}
