package dev.dl.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the epoch-indexed learning-rate schedulers, as {@code torch.optim.lr_scheduler.LRScheduler}:
 * construction performs the initial step (epoch 0); each {@link #step()} advances one epoch and
 * writes the new rate into every param group. Rates are computed in PyTorch's chainable form
 * (from the group's current rate), so several schedulers may act on one optimizer.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * }</pre>
 */
public abstract class LRScheduler {
  /** The optimizer whose rates are set. */
  protected final Optimizer optimizer;
  /** Each group's {@code initial_lr}. */
  protected final double[] baseLrs;
  /** The current epoch (0 after construction). */
  protected int lastEpoch = -1;
  private double[] lastLr;

  /** Records each group's {@code initial_lr} (set on first use) as the base rate. */
  protected LRScheduler(Optimizer optimizer) {
    this.optimizer = optimizer;
    List<ParamGroup> groups = optimizer.paramGroups();
    baseLrs = new double[groups.size()];
    for (int i = 0; i < groups.size(); i++) {
      ParamGroup g = groups.get(i);
      if (!g.has("initial_lr")) g.set("initial_lr", g.lr());
      baseLrs[i] = g.getDouble("initial_lr");
    }
  }

  /** Performs the initial step; subclasses call it at the end of their constructor. */
  protected final void initialStep() { step(); }

  /** The rates for {@link #lastEpoch} from the groups' current rates (the chainable form). */
  protected abstract double[] computeLr();

  /** The rates for an explicit {@code epoch} (closed form), used by {@link SequentialLR} at milestones. */
  protected abstract double[] closedFormLr(int epoch);

  /** The groups' current rates. */
  protected final double[] groupLrs() {
    List<ParamGroup> groups = optimizer.paramGroups();
    double[] out = new double[groups.size()];
    for (int i = 0; i < out.length; i++) out[i] = groups.get(i).lr();
    return out;
  }

  /** Advances one epoch and sets the new rates. */
  public void step() {
    lastEpoch++;
    apply(computeLr());
  }

  /** Jumps to {@code epoch} and sets its closed-form rates (PyTorch's deprecated {@code step(epoch)}). */
  public void step(int epoch) {
    lastEpoch = epoch;
    apply(closedFormLr(epoch));
  }

  private void apply(double[] lrs) {
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
    lastLr = lrs.clone();
  }

  /** The rates set by the last step. */
  public double[] getLastLr() { return lastLr.clone(); }

  /** The current epoch. */
  public int lastEpoch() { return lastEpoch; }

  void setLastEpoch(int epoch) { lastEpoch = epoch; }

  /** The scheduler's state: epoch, base and last rates (and any subclass counters). */
  public Map<String, Object> stateDict() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("last_epoch", (double) lastEpoch);
    m.put("base_lrs", toList(baseLrs));
    m.put("_last_lr", toList(lastLr));
    return m;
  }

  /** Restores a {@link #stateDict()}. */
  public void loadStateDict(Map<String, Object> state) {
    int epoch = ((Number) require(state, "last_epoch")).intValue();
    double[] base = fromList(require(state, "base_lrs"));
    double[] last = fromList(require(state, "_last_lr"));
    if (base.length != baseLrs.length || last.length != baseLrs.length) {
      throw new IllegalArgumentException("scheduler state has " + base.length + " base rates but the optimizer has "
          + baseLrs.length + " groups");
    }
    lastEpoch = epoch;
    System.arraycopy(base, 0, baseLrs, 0, base.length);
    lastLr = last;
  }

  static Object require(Map<String, Object> state, String key) {
    Object v = state.get(key);
    if (v == null) throw new IllegalArgumentException("scheduler state lacks '" + key + "'");
    return v;
  }

  static List<Double> toList(double[] a) {
    List<Double> l = new ArrayList<>();
    for (double d : a) l.add(d);
    return l;
  }

  static double[] fromList(Object o) {
    if (!(o instanceof List<?> l)) throw new IllegalArgumentException("expected a list of numbers, got " + o);
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) a[i] = ((Number) l.get(i)).doubleValue();
    return a;
  }
}
