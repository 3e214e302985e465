package dev.dl.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps several schedulers together each epoch, their multiplicative effects composing, as
 * {@code ChainedScheduler}.
 *
 * <pre>{@code
 * var sched = new ChainedScheduler(List.of(new LinearLR(opt, 0.1, 1, 5), new ExponentialLR(opt, 0.9)));
 * sched.step();
 * }</pre>
 */
public final class ChainedScheduler {
  private final List<LRScheduler> schedulers;

  /** Chains these schedulers (all on the same optimizer). */
  public ChainedScheduler(List<LRScheduler> schedulers) {
    if (schedulers.isEmpty()) throw new IllegalArgumentException("ChainedScheduler expects at least one scheduler");
    for (LRScheduler s : schedulers) {
      if (s.optimizer != schedulers.get(0).optimizer) {
        throw new IllegalArgumentException("ChainedScheduler expects all schedulers to belong to the same optimizer");
      }
    }
    this.schedulers = List.copyOf(schedulers);
  }

  /** Steps every scheduler in order. */
  public void step() {
    for (LRScheduler s : schedulers) s.step();
  }

  /** The rates now set in the optimizer. */
  public double[] getLastLr() { return schedulers.get(schedulers.size() - 1).groupLrs(); }

  /** Each scheduler's state, under "0", "1", .... */
  public Map<String, Object> stateDict() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < schedulers.size(); i++) m.put(Integer.toString(i), schedulers.get(i).stateDict());
    return m;
  }

  /** Restores a {@link #stateDict()}. */
  @SuppressWarnings("unchecked")
  public void loadStateDict(Map<String, Object> state) {
    List<Map<String, Object>> parts = new ArrayList<>();
    for (int i = 0; i < schedulers.size(); i++) parts.add((Map<String, Object>) LRScheduler.require(state, Integer.toString(i)));
    for (int i = 0; i < schedulers.size(); i++) schedulers.get(i).loadStateDict(parts.get(i));
  }
}
