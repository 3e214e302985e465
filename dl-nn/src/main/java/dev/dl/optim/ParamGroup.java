package dev.dl.optim;

import dev.dl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters that share hyper-parameters, as an entry of PyTorch's {@code optimizer.param_groups}:
 * options by PyTorch's names ({@code lr}, {@code momentum}, {@code betas}, {@code weight_decay}...).
 * Options not given take the optimizer's defaults.
 *
 * <pre>{@code
 * var head = new ParamGroup(model.head.parameters(), Map.of("lr", 1e-3));
 * var opt = new SGD(List.of(new ParamGroup(model.body.parameters()), head), 0.1);
 * }</pre>
 */
public final class ParamGroup {
  private final List<Parameter> params;
  private final Map<String, Object> options = new LinkedHashMap<>();

  /** A group with no overrides. */
  public ParamGroup(Collection<Parameter> params) { this(params, Map.of()); }

  /** A group with these option overrides (numbers as Double, flags as Boolean, betas as a List of Double). */
  public ParamGroup(Collection<Parameter> params, Map<String, ?> options) {
    if (params.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
    this.params = new ArrayList<>(params);
    options.forEach((k, v) -> this.options.put(k, normalize(k, v)));
  }

  private static Object normalize(String key, Object v) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof Boolean || v instanceof String || v == null) return v;
    if (v instanceof double[] a) {
      List<Double> l = new ArrayList<>();
      for (double d : a) l.add(d);
      return l;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) out.add(o instanceof Number n ? n.doubleValue() : o);
      return out;
    }
    throw new IllegalArgumentException("option '" + key + "' has unsupported type " + v.getClass().getSimpleName()
        + "; use a number, a boolean, a string or a list of numbers");
  }

  /** The parameters. */
  public List<Parameter> params() { return Collections.unmodifiableList(params); }

  /** The options (read-only view). */
  public Map<String, Object> options() { return Collections.unmodifiableMap(options); }

  /** True if {@code key} is set. */
  public boolean has(String key) { return options.containsKey(key); }

  /** A numeric option. */
  public double getDouble(String key) {
    Object v = options.get(key);
    if (!(v instanceof Double d)) throw new IllegalArgumentException("param group option '" + key + "' is not a number: " + v);
    return d;
  }

  /** A boolean option. */
  public boolean getBoolean(String key) {
    Object v = options.get(key);
    if (!(v instanceof Boolean b)) throw new IllegalArgumentException("param group option '" + key + "' is not a boolean: " + v);
    return b;
  }

  /** A list-of-numbers option such as {@code betas}. */
  public double[] getDoubles(String key) {
    if (!(options.get(key) instanceof List<?> l)) throw new IllegalArgumentException("param group option '" + key + "' is not a list");
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).doubleValue();
    return out;
  }

  /** Sets an option (schedulers set {@code lr} this way). */
  public void set(String key, Object value) { options.put(key, normalize(key, value)); }

  /** The learning rate. */
  public double lr() { return getDouble("lr"); }

  /** Sets the learning rate. */
  public void setLr(double lr) { set("lr", lr); }

  void putDefault(String key, Object value) { options.putIfAbsent(key, normalize(key, value)); }
}
