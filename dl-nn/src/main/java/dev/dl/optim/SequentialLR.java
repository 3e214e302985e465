package dev.dl.optim;

import java.util.List;
import java.util.Map;

/**
 * Hands over from one scheduler to the next at milestone epochs, as {@code SequentialLR}; the
 * usual warm-up is a {@link LinearLR} followed by a decay schedule. Each scheduler after the
 * first restarts from its epoch 0 at its milestone.
 *
 * <pre>{@code
 * var sched = new SequentialLR(opt, List.of(new LinearLR(opt, 0.1, 1, 5), new CosineAnnealingLR(opt, 95, 0)), new int[] {5});
 * sched.step();
 * }</pre>
 */
public final class SequentialLR extends LRScheduler {
  private final List<LRScheduler> schedulers;
  private final int[] milestones;

  /** {@code milestones.length} must be {@code schedulers.size() - 1}. */
  public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
    super(optimizer);
    if (schedulers.isEmpty()) throw new IllegalArgumentException("SequentialLR expects at least one scheduler");
    if (milestones.length != schedulers.size() - 1) {
      throw new IllegalArgumentException("Sequential Schedulers expects number of schedulers provided to be one more than the "
          + "number of milestone points, but got number of schedulers " + schedulers.size() + " and the number of milestones "
          + milestones.length);
    }
    for (LRScheduler s : schedulers) {
      if (s.optimizer != optimizer) {
        throw new IllegalArgumentException("Sequential Schedulers expects all schedulers to belong to the same optimizer");
      }
    }
    this.schedulers = List.copyOf(schedulers);
    this.milestones = milestones.clone();
    // Undo the initial steps the schedulers took when built, then let only the first take it.
    List<ParamGroup> groups = optimizer.paramGroups();
    for (ParamGroup g : groups) g.setLr(g.getDouble("initial_lr"));
    for (LRScheduler s : schedulers) s.setLastEpoch(s.lastEpoch() - 1);
    schedulers.get(0).step();
    lastEpoch = 0;
  }

  @Override
  public void step() {
    lastEpoch++;
    int idx = 0;
    while (idx < milestones.length && milestones[idx] <= lastEpoch) idx++;
    LRScheduler s = schedulers.get(idx);
    if (idx > 0 && milestones[idx - 1] == lastEpoch) s.step(0); else s.step();
  }

  @Override
  public double[] getLastLr() { return groupLrs(); }

  @Override
  protected double[] computeLr() { return groupLrs(); }

  @Override
  protected double[] closedFormLr(int epoch) { return groupLrs(); }

  @Override
  public Map<String, Object> stateDict() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("last_epoch", (double) lastEpoch);
    for (int i = 0; i < schedulers.size(); i++) m.put("_schedulers." + i, schedulers.get(i).stateDict());
    return m;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void loadStateDict(Map<String, Object> state) {
    int epoch = ((Number) require(state, "last_epoch")).intValue();
    for (int i = 0; i < schedulers.size(); i++) {
      schedulers.get(i).loadStateDict((Map<String, Object>) require(state, "_schedulers." + i));
    }
    lastEpoch = epoch;
  }
}
