package dev.dl.nn;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.GradMode;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base of every layer and model, as {@code torch.nn.Module}: parameters, buffers and submodules
 * registered by name, train/eval mode, device and dtype moves, and state dicts.
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 1));
 * model.namedParameters().keySet();   // [0.weight, 0.bias, 2.weight, 2.bias]
 * }</pre>
 *
 * <p>A module has no fixed forward signature: one-tensor-in, one-tensor-out modules extend
 * {@link UnaryModule} (callable as a {@code UnaryOperator<Tensor>}), others (RNNs, losses,
 * {@link Bilinear}) declare the {@code forward} they need. Names follow PyTorch so state dicts
 * line up with PyTorch's ({@code features.0.weight}, {@code bn.running_mean}).
 */
public abstract class Module {
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Set<String> nonPersistent = new java.util.HashSet<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  // ---- registration ----

  /** Registers {@code parameter} under {@code name} (replacing one of that name); returns it. */
  protected final Parameter registerParameter(String name, Parameter parameter) {
    checkName(name, "parameter");
    Objects.requireNonNull(parameter, () -> "parameter '" + name + "' is null; leave it unregistered instead");
    if (buffers.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException("attribute '" + name + "' already exists in " + getName());
    }
    parameters.put(name, parameter);
    return parameter;
  }

  /** Registers a persistent buffer (saved in the state dict, moved by {@code to}); returns it. */
  protected final Tensor registerBuffer(String name, Tensor tensor) { return registerBuffer(name, tensor, true); }

  /** Registers a buffer; non-persistent ones are moved by {@code to} but left out of the state dict. */
  protected final Tensor registerBuffer(String name, Tensor tensor, boolean persistent) {
    checkName(name, "buffer");
    Objects.requireNonNull(tensor, () -> "buffer '" + name + "' is null");
    if (parameters.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException("attribute '" + name + "' already exists in " + getName());
    }
    buffers.put(name, tensor);
    if (persistent) nonPersistent.remove(name); else nonPersistent.add(name);
    return tensor;
  }

  /** Registers a child module under {@code name} (replacing one of that name); returns it. */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkName(name, "module");
    Objects.requireNonNull(module, () -> "module '" + name + "' is null");
    if (parameters.containsKey(name) || buffers.containsKey(name)) {
      throw new IllegalArgumentException("attribute '" + name + "' already exists in " + getName());
    }
    children.put(name, module);
    return module;
  }

  private void checkName(String name, String what) {
    Objects.requireNonNull(name, what + " name");
    if (name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(what + " name '" + name + "' must be non-empty and contain no '.'");
    }
  }

  /** The parameter registered directly on this module under {@code name}, or null. */
  public final Parameter parameter(String name) { return parameters.get(name); }

  /** The buffer registered directly on this module under {@code name}, or null. */
  public final Tensor buffer(String name) { return buffers.get(name); }

  /** The child registered under {@code name}, or null. */
  public final Module child(String name) { return children.get(name); }

  // ---- traversal ----

  /** All parameters of this module and its descendants, each once, in registration order. */
  public final List<Parameter> parameters() { return List.copyOf(namedParameters().values()); }

  /** Parameters by dotted name ({@code features.0.weight}), each parameter once. */
  public final Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    Map<Parameter, Boolean> seen = new IdentityHashMap<>();
    for (Map.Entry<String, Module> e : namedModules().entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      for (Map.Entry<String, Parameter> p : e.getValue().parameters.entrySet()) {
        if (seen.put(p.getValue(), Boolean.TRUE) == null) out.put(prefix + p.getKey(), p.getValue());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** All buffers of this module and its descendants. */
  public final List<Tensor> buffers() { return List.copyOf(namedBuffers().values()); }

  /** Buffers by dotted name ({@code bn.running_mean}). */
  public final Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Module> e : namedModules().entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      e.getValue().buffers.forEach((k, v) -> out.put(prefix + k, v));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Direct children in registration order. */
  public final List<Module> children() { return List.copyOf(children.values()); }

  /** Direct children by name. */
  public final Map<String, Module> namedChildren() { return Collections.unmodifiableMap(new LinkedHashMap<>(children)); }

  /** This module and all descendants, depth first, each once. */
  public final List<Module> modules() { return List.copyOf(namedModules().values()); }

  /** This module (name "") and all descendants by dotted name, depth first, each once. */
  public final Map<String, Module> namedModules() {
    Map<String, Module> out = new LinkedHashMap<>();
    collect("", this, out, new IdentityHashMap<>());
    return out;
  }

  private static void collect(String prefix, Module m, Map<String, Module> out, Map<Module, Boolean> seen) {
    if (seen.put(m, Boolean.TRUE) != null) return;
    out.put(prefix, m);
    for (Map.Entry<String, Module> c : m.children.entrySet()) {
      collect(prefix.isEmpty() ? c.getKey() : prefix + "." + c.getKey(), c.getValue(), out, seen);
    }
  }

  /** Calls {@code fn} on every descendant and then on this module (as PyTorch's {@code apply}); returns this. */
  public Module apply(Consumer<Module> fn) {
    for (Module c : children.values()) c.apply(fn);
    fn.accept(this);
    return this;
  }

  // ---- modes ----

  /** Sets training mode on this module and all descendants; returns this. */
  public Module train(boolean mode) {
    training = mode;
    for (Module c : children.values()) c.train(mode);
    return this;
  }

  /** {@code train(true)}. */
  public Module train() { return train(true); }

  /** {@code train(false)}: dropout off, batch norm uses running statistics. */
  public Module eval() { return train(false); }

  /** True in training mode (the default). */
  public final boolean isTraining() { return training; }

  /** Freezes ({@code false}) or unfreezes every parameter; returns this. */
  public Module requiresGrad_(boolean requires) {
    for (Parameter p : parameters()) p.requiresGrad_(requires);
    return this;
  }

  /** Clears every parameter's gradient (sets it to null, PyTorch's default). */
  public void zeroGrad() { zeroGrad(true); }

  /** Clears gradients: null when {@code setToNone}, otherwise zero-filled in place. */
  public void zeroGrad(boolean setToNone) {
    for (Parameter p : parameters()) {
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

  // ---- moves ----

  /** Moves every parameter and buffer to {@code device} (parameters keep their identity); returns this. */
  public Module to(Device device) {
    for (Module m : modules()) {
      for (Parameter p : m.parameters.values()) {
        if (!p.device().equals(device)) p.replace(p.tensor().to(device));
      }
      m.buffers.replaceAll((k, b) -> b.device().equals(device) ? b : b.to(device));
    }
    return this;
  }

  /** Casts floating-point parameters and buffers to {@code dtype} (integer ones stay); returns this. */
  public Module to(DType dtype) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("Module.to only accepts floating point dtypes, but got " + dtype);
    }
    for (Module m : modules()) {
      for (Parameter p : m.parameters.values()) {
        if (p.dtype().isFloatingPoint() && p.dtype() != dtype) p.replace(p.tensor().to(dtype));
      }
      m.buffers.replaceAll((k, b) -> b.dtype().isFloatingPoint() ? b.to(dtype) : b);
    }
    return this;
  }

  /** Replaces a buffer's tensor (same name); for modules whose buffers are rebound rather than updated. */
  protected final void setBuffer(String name, Tensor tensor) {
    if (!buffers.containsKey(name)) throw new IllegalArgumentException("no buffer '" + name + "' in " + getName());
    buffers.put(name, tensor);
  }

  // ---- state dicts ----

  /**
   * Parameters and persistent buffers by dotted name, as detached tensors sharing storage with
   * the module (as PyTorch's {@code state_dict()}): this module's own entries first, then each
   * child's.
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Module> e : namedModules().entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      Module m = e.getValue();
      m.parameters.forEach((k, p) -> out.put(prefix + k, p.tensor().detach()));
      m.buffers.forEach((k, b) -> {
        if (!m.nonPersistent.contains(k)) out.put(prefix + k, b.detach());
      });
    }
    return out;
  }

  /** What {@link #loadStateDict(Map, boolean)} did not match, as PyTorch's {@code _IncompatibleKeys}. */
  public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

  /** {@code loadStateDict(state, true)}. */
  public final LoadResult loadStateDict(Map<String, Tensor> state) { return loadStateDict(state, true); }

  /**
   * Copies tensors from {@code state} into this module's parameters and buffers by name. Every
   * entry is checked first (shapes must match; with {@code strict}, no key may be missing or
   * unexpected) and nothing is changed unless all checks pass. Values are cast to each
   * target's dtype and device.
   */
  public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
    LoadResult result = checkStateDict(state, strict);
    Map<String, Tensor> own = stateDict();
    try (var scope = GradMode.noGrad()) {
      for (Map.Entry<String, Tensor> e : own.entrySet()) {
        Tensor src = state.get(e.getKey());
        if (src != null) e.getValue().copy_(src);
      }
    }
    return result;
  }

  /**
   * Checks {@code state} against this module as {@link #loadStateDict(Map, boolean)} would, without
   * changing anything; throws the same errors and returns the same missing/unexpected keys.
   */
  public final LoadResult checkStateDict(Map<String, Tensor> state, boolean strict) {
    Objects.requireNonNull(state, "state");
    Map<String, Tensor> own = stateDict();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor src = state.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!src.shape().equals(e.getValue().shape())) {
        errors.add("size mismatch for " + e.getKey() + ": copying a param with shape " + src.shape()
            + " from checkpoint, the shape in current model is " + e.getValue().shape() + ".");
      }
    }
    for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
    if (strict) {
      if (!unexpected.isEmpty()) {
        errors.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ".");
      }
      if (!missing.isEmpty()) errors.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ".");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Error(s) in loading state_dict for " + getName() + ":\n\t"
          + String.join("\n\t", errors));
    }
    return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
  }

  private static String quoted(List<String> keys) {
    StringBuilder sb = new StringBuilder();
    for (String k : keys) sb.append(sb.isEmpty() ? "" : ", ").append('"').append(k).append('"');
    return sb.toString();
  }

  // ---- printing ----

  /** The name printed by {@link #toString()}; the class's simple name by default. */
  public String getName() { return getClass().getSimpleName(); }

  /** The configuration printed between the parentheses, e.g. {@code in_features=2, out_features=3, bias=True}. */
  public String extraRepr() { return ""; }

  /** Prints the module tree as PyTorch does. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(getName()).append('(');
    String extra = extraRepr();
    if (children.isEmpty()) return sb.append(extra).append(')').toString();
    sb.append('\n');
    if (!extra.isEmpty()) sb.append("  ").append(extra.replace("\n", "\n  ")).append('\n');
    for (Map.Entry<String, Module> c : children.entrySet()) {
      sb.append("  (").append(c.getKey()).append("): ").append(c.getValue().toString().replace("\n", "\n  ")).append('\n');
    }
    return sb.append(')').toString();
  }

  /** PyTorch's spelling of a boolean in reprs. */
  static String py(boolean b) { return b ? "True" : "False"; }

  /** Python's {@code repr} of a float: {@code 1e-05}, {@code 0.1}, {@code 1.0}, {@code 0.0001}. */
  static String pyFloat(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
    java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale();
    String sign = v < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
    String plain = d.toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  /** PyTorch's spelling of a tuple of ints in reprs: {@code (3, 3)}, or {@code (3,)} for one. */
  static String tuple(int... v) {
    if (v.length == 1) return "(" + v[0] + ",)";
    return Arrays.toString(v).replace('[', '(').replace(']', ')');
  }
}
