package dev.dl.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A hyperparameter search: runs an objective trial after trial, letting the sampler pick values
 * and the pruner stop hopeless trials, and keeps every trial's record.
 *
 * <pre>{@code
 * Study study = new Study(Direction.MAXIMIZE, new TpeSampler(42), new MedianPruner());
 * study.optimize(trial -> train(trial.suggestFloat("lr", 1e-4, 1e-1, true)), 30);
 * FrozenTrial best = study.bestTrial();
 * }</pre>
 */
public final class Study {
  private final Direction direction;
  private final Sampler sampler;
  private final Pruner pruner;
  private final List<FrozenTrial> trials = new ArrayList<>();

  /** A study that optimises in {@code direction} with the given sampler and pruner. */
  public Study(Direction direction, Sampler sampler, Pruner pruner) {
    this.direction = direction;
    this.sampler = sampler;
    this.pruner = pruner;
  }

  /** Runs {@code nTrials} trials one after another. */
  public void optimize(Objective objective, int nTrials) { optimize(objective, nTrials, t -> {}); }

  /**
   * Runs {@code nTrials} trials, calling {@code afterEach} with each finished trial. A trial that
   * throws {@link TrialPruned} is recorded as PRUNED; any other exception is recorded as FAIL and
   * rethrown (wrapped in an {@link IllegalStateException} when checked).
   */
  public void optimize(Objective objective, int nTrials, Consumer<FrozenTrial> afterEach) {
    for (int i = 0; i < nTrials; i++) {
      Trial trial = new Trial(this, trials.size());
      FrozenTrial done;
      try {
        double value = objective.evaluate(trial);
        if (Double.isNaN(value)) throw new IllegalStateException("Study: trial " + trial.number() + " returned NaN");
        done = trial.freeze(TrialState.COMPLETE, value);
      } catch (TrialPruned pruned) {
        done = trial.freeze(TrialState.PRUNED, Double.NaN);
      } catch (RuntimeException e) {
        trials.add(trial.freeze(TrialState.FAIL, Double.NaN));
        throw e;
      } catch (Exception e) {
        trials.add(trial.freeze(TrialState.FAIL, Double.NaN));
        throw new IllegalStateException("Study: trial " + trial.number() + " failed: " + e, e);
      }
      trials.add(done);
      afterEach.accept(done);
    }
  }

  /** Every trial so far, in order. */
  public List<FrozenTrial> trials() { return Collections.unmodifiableList(trials); }

  /** The completed trials, in order. */
  public List<FrozenTrial> completedTrials() {
    return trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
  }

  /** The completed trial with the best value (the first one on ties). */
  public FrozenTrial bestTrial() {
    return bestTrialIfAny().orElseThrow(() -> new IllegalStateException(
        "Study.bestTrial: no trial has completed yet (" + trials.size() + " trials: all pruned or failed)"));
  }

  /** Like {@link #bestTrial()} but empty when no trial completed. */
  public Optional<FrozenTrial> bestTrialIfAny() {
    Comparator<FrozenTrial> byValue = Comparator.comparingDouble(FrozenTrial::value);
    return completedTrials().stream().min(direction == Direction.MINIMIZE ? byValue : byValue.reversed());
  }

  /** The direction of optimisation. */
  public Direction direction() { return direction; }

  /** The sampler in use. */
  public Sampler sampler() { return sampler; }

  /** The pruner in use. */
  public Pruner pruner() { return pruner; }
}
