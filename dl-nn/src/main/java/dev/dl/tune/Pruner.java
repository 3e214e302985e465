package dev.dl.tune;

/**
 * Decides whether a running trial, judged by its reported intermediate values, is unpromising.
 *
 * <pre>{@code
 * new Study(Direction.MAXIMIZE, new RandomSampler(0), Pruner.NONE);   // never prunes
 * }</pre>
 */
public interface Pruner {
  /** Never prunes. */
  Pruner NONE = (study, trial) -> false;

  /** True to stop {@code trial} (state RUNNING, with its values reported so far). */
  boolean prune(Study study, FrozenTrial trial);
}
