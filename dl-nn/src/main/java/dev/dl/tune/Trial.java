package dev.dl.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One evaluation of the objective: hands out parameter values from the study's sampler and takes
 * intermediate values for the pruner. Asking twice for the same name returns the same value.
 *
 * <pre>{@code
 * int hidden = trial.suggestInt("hidden", 16, 256, true);
 * String opt = trial.suggestCategorical("optimizer", List.of("sgd", "adam"));
 * }</pre>
 */
public final class Trial {
  private final Study study;
  private final int number;
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, Distribution> distributions = new LinkedHashMap<>();
  private final SortedMap<Integer, Double> intermediate = new TreeMap<>();

  Trial(Study study, int number) {
    this.study = study;
    this.number = number;
  }

  /** 0-based order of this trial in its study. */
  public int number() { return number; }

  /** An integer in [low, high], both included. */
  public int suggestInt(String name, int low, int high) { return suggestInt(name, low, high, false); }

  /** An integer in [low, high]; {@code log} draws log-uniformly (for sizes spanning decades). */
  public int suggestInt(String name, int low, int high, boolean log) {
    return (Integer) suggest(name, new Distribution.IntRange(low, high, log));
  }

  /** A double in [low, high], uniformly. */
  public double suggestFloat(String name, double low, double high) { return suggestFloat(name, low, high, false); }

  /** A double in [low, high]; {@code log} draws log-uniformly (learning rates, weight decay). */
  public double suggestFloat(String name, double low, double high, boolean log) {
    return (Double) suggest(name, new Distribution.FloatRange(low, high, log));
  }

  /** One of {@code choices}. */
  @SuppressWarnings("unchecked")
  public <T> T suggestCategorical(String name, List<T> choices) {
    return (T) suggest(name, new Distribution.Categorical(choices));
  }

  private Object suggest(String name, Distribution distribution) {
    Distribution known = distributions.get(name);
    if (known != null) {
      if (!known.equals(distribution)) {
        throw new IllegalArgumentException("Trial " + number + ": parameter '" + name + "' was suggested from " + known
            + " and now from " + distribution + "; use one range per name");
      }
      return params.get(name);
    }
    Object value = distribution.toExternal(study.sampler().sample(study, this, name, distribution));
    distributions.put(name, distribution);
    params.put(name, value);
    return value;
  }

  /** Records an intermediate objective value (e.g. validation accuracy after epoch {@code step}). */
  public void report(int step, double value) {
    if (step < 0) throw new IllegalArgumentException("Trial.report: step must be >= 0, got " + step);
    if (Double.isNaN(value)) throw new IllegalArgumentException("Trial.report: value at step " + step + " is NaN");
    intermediate.put(step, value);
  }

  /** Whether the study's pruner says to stop this trial now (after the last {@link #report}). */
  public boolean shouldPrune() {
    return !intermediate.isEmpty() && study.pruner().prune(study, freeze(TrialState.RUNNING, Double.NaN));
  }

  /** The values suggested so far, by name. */
  public Map<String, Object> params() { return Collections.unmodifiableMap(params); }

  FrozenTrial freeze(TrialState state, double value) {
    return new FrozenTrial(number, state, value, Collections.unmodifiableMap(new LinkedHashMap<>(params)),
        Collections.unmodifiableMap(new LinkedHashMap<>(distributions)), Collections.unmodifiableSortedMap(new TreeMap<>(intermediate)));
  }
}
