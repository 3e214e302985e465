package dev.dl.tune;

import java.util.Map;
import java.util.SortedMap;

/**
 * A finished (or running) trial as the study records it: what was suggested, what was reported
 * and how it ended.
 *
 * @param number 0-based order in the study
 * @param state how it ended
 * @param value the objective value (NaN unless COMPLETE)
 * @param params the suggested values by name, in suggestion order
 * @param distributions the range of each parameter
 * @param intermediateValues reported values by step
 */
public record FrozenTrial(int number, TrialState state, double value, Map<String, Object> params,
    Map<String, Distribution> distributions, SortedMap<Integer, Double> intermediateValues) {
  /** The last reported step, or -1. */
  public int lastStep() { return intermediateValues.isEmpty() ? -1 : intermediateValues.lastKey(); }

  @Override
  public String toString() {
    return "Trial " + number + " " + state + (state == TrialState.COMPLETE ? " value=" + value : "") + " " + params;
  }
}
