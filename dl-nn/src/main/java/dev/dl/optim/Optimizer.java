package dev.dl.optim;

import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Base of the optimizers, as {@code torch.optim.Optimizer}: parameter groups with per-group
 * options, per-parameter state, {@link #zeroGrad()}, {@link #step()}, and state dicts.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * opt.zeroGrad(); loss.backward(); opt.step();
 * }</pre>
 *
 * <p>Updates happen in place on each {@link Parameter#tensor()} under {@link GradMode#noGrad()}.
 */
public abstract class Optimizer {
  private final List<ParamGroup> groups = new ArrayList<>();
  private final Map<String, Object> defaults;
  private final Map<Parameter, Map<String, Tensor>> state = new IdentityHashMap<>();

  /** One group of {@code params} with {@code defaults}. */
  protected Optimizer(Collection<Parameter> params, Map<String, Object> defaults) {
    this(List.of(new ParamGroup(params)), defaults);
  }

  /** Several groups; options a group does not set come from {@code defaults}. */
  protected Optimizer(List<ParamGroup> groups, Map<String, Object> defaults) {
    this.defaults = new LinkedHashMap<>(defaults);
    if (groups.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
    for (ParamGroup g : groups) addParamGroup(g);
  }

  /** Adds a group (options it lacks take the defaults); a parameter may belong to one group only. */
  public void addParamGroup(ParamGroup group) {
    Map<Parameter, Boolean> seen = new IdentityHashMap<>();
    for (ParamGroup g : groups) for (Parameter p : g.params()) seen.put(p, true);
    for (Parameter p : group.params()) {
      if (seen.put(p, true) != null) throw new IllegalArgumentException("some parameters appear in more than one parameter group");
    }
    defaults.forEach(group::putDefault);
    validate(group);
    groups.add(group);
  }

  /** Checks a group's options; subclasses reject invalid values with a clear message. */
  protected void validate(ParamGroup group) {
    if (group.getDouble("lr") < 0) throw new IllegalArgumentException("Invalid learning rate: " + group.getDouble("lr"));
  }

  /** The groups (their options may be changed, as schedulers do). */
  public List<ParamGroup> paramGroups() { return List.copyOf(groups); }

  /** Clears gradients to null (PyTorch's default). */
  public void zeroGrad() { zeroGrad(true); }

  /** Clears gradients: null when {@code setToNone}, otherwise zero-filled. */
  public void zeroGrad(boolean setToNone) {
    for (ParamGroup g : groups) {
      for (Parameter p : g.params()) {
        if (p.grad() == null) continue;
        if (setToNone) {
          p.setGrad(null);
        } else {
          try (var scope = GradMode.noGrad()) {
            p.setGrad(p.grad().detach().zero_());
          }
        }
      }
    }
  }

  /** One update of every parameter that has a gradient. */
  public final void step() {
    try (var scope = GradMode.noGrad()) {
      for (ParamGroup g : groups) {
        for (Parameter p : g.params()) {
          if (p.grad() == null) continue;
          if (p.grad().dtype() != p.dtype()) {
            throw new IllegalStateException(getClass().getSimpleName() + ": gradient dtype " + p.grad().dtype()
                + " differs from parameter dtype " + p.dtype());
          }
          update(p, p.tensor(), p.grad().detach(), g, state.computeIfAbsent(p, k -> new LinkedHashMap<>()));
        }
      }
    }
  }

  /** Re-evaluates the loss with {@code closure} (grad enabled), then steps; returns the loss. */
  public Tensor step(Supplier<Tensor> closure) {
    Tensor loss;
    try (var scope = GradMode.enableGrad()) {
      loss = closure.get();
    }
    step();
    return loss;
  }

  /**
   * Updates one parameter in place; runs under no-grad. {@code state} is this parameter's own
   * map, empty on the first step.
   */
  protected abstract void update(Parameter param, Tensor p, Tensor grad, ParamGroup group, Map<String, Tensor> state);

  /** A float32 scalar step counter kept in the state, incremented and returned (PyTorch keeps it as a tensor too). */
  protected static double incrementStep(Map<String, Tensor> state) {
    Tensor s = state.get("step");
    double next = (s == null ? 0 : s.item()) + 1;
    state.put("step", Tensor.scalar(next, dev.dl.DType.FLOAT32));
    return next;
  }

  /** The state of one parameter (empty before its first step). */
  public Map<String, Tensor> state(Parameter p) { return java.util.Collections.unmodifiableMap(state.getOrDefault(p, Map.of())); }

  // ---- state dicts ----

  /**
   * PyTorch's layout: {@code state} by parameter index (order of the groups, then of each group's
   * parameters) and {@code paramGroups} holding each group's options plus {@code params}: the
   * indices of its parameters.
   */
  public record StateDict(Map<Integer, Map<String, Tensor>> state, List<Map<String, Object>> paramGroups) {}

  /** A snapshot: state tensors are cloned, options copied. */
  public StateDict stateDict() {
    Map<Integer, Map<String, Tensor>> s = new LinkedHashMap<>();
    List<Map<String, Object>> gs = new ArrayList<>();
    int index = 0;
    for (ParamGroup g : groups) {
      Map<String, Object> opts = new LinkedHashMap<>(g.options());
      List<Object> ids = new ArrayList<>();
      for (Parameter p : g.params()) {
        Map<String, Tensor> ps = state.get(p);
        if (ps != null && !ps.isEmpty()) {
          Map<String, Tensor> copy = new LinkedHashMap<>();
          ps.forEach((k, v) -> copy.put(k, v.clone()));
          s.put(index, copy);
        }
        ids.add((double) index++);
      }
      opts.put("params", ids);
      gs.add(opts);
    }
    return new StateDict(s, gs);
  }

  /**
   * Restores a {@link #stateDict()}: group count and sizes must match; everything is checked
   * before anything changes. Floating state tensors are cast to their parameter's dtype and device.
   */
  public void loadStateDict(StateDict dict) {
    List<Parameter> all = checkStateDict(dict);
    state.clear();
    for (Map.Entry<Integer, Map<String, Tensor>> e : dict.state().entrySet()) {
      Parameter p = all.get(e.getKey());
      Map<String, Tensor> ps = new LinkedHashMap<>();
      e.getValue().forEach((k, v) -> {
        Tensor c = v.clone().to(p.device());
        ps.put(k, !k.equals("step") && c.dtype().isFloatingPoint() ? c.to(p.dtype()) : c);
      });
      state.put(p, ps);
    }
    for (int i = 0; i < groups.size(); i++) {
      ParamGroup g = groups.get(i);
      dict.paramGroups().get(i).forEach((k, v) -> {
        if (!k.equals("params")) g.set(k, v);
      });
    }
  }

  /** Checks a state dict against this optimizer without changing anything; returns the parameters in index order. */
  public List<Parameter> checkStateDict(StateDict dict) {
    if (dict.paramGroups().size() != groups.size()) {
      throw new IllegalArgumentException("loaded state dict has a different number of parameter groups (" + dict.paramGroups().size()
          + " vs " + groups.size() + ")");
    }
    List<Parameter> all = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      Object ids = dict.paramGroups().get(i).get("params");
      int n = ids instanceof List<?> l ? l.size() : -1;
      if (n != groups.get(i).params().size()) {
        throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match the size of "
            + "optimizer's group " + i + " (" + n + " vs " + groups.get(i).params().size() + ")");
      }
      all.addAll(groups.get(i).params());
    }
    for (Map.Entry<Integer, Map<String, Tensor>> e : dict.state().entrySet()) {
      if (e.getKey() < 0 || e.getKey() >= all.size()) {
        throw new IllegalArgumentException("optimizer state refers to parameter " + e.getKey() + " but there are " + all.size());
      }
      Parameter p = all.get(e.getKey());
      for (Map.Entry<String, Tensor> t : e.getValue().entrySet()) {
        if (!t.getKey().equals("step") && t.getValue().dim() > 0 && !t.getValue().shape().equals(p.shape())) {
          throw new IllegalArgumentException("optimizer state '" + t.getKey() + "' of parameter " + e.getKey() + " has shape "
              + t.getValue().shape() + " but the parameter has shape " + p.shape());
        }
      }
    }
    return all;
  }
}
