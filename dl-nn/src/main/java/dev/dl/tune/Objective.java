package dev.dl.tune;

/**
 * The function a study optimises: builds and evaluates one configuration drawn from the trial.
 *
 * <pre>{@code
 * Objective f = trial -> train(trial.suggestInt("hidden", 16, 128), trial.suggestFloat("lr", 1e-4, 1e-1, true));
 * }</pre>
 */
@FunctionalInterface
public interface Objective {
  /** Returns the value to minimise or maximise; may throw {@link TrialPruned}. */
  double evaluate(Trial trial) throws Exception;
}
