package dev.dl.nn;

import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs its modules in order, as {@code torch.nn.Sequential}; entries are named "0", "1", ... or
 * by the caller, and those names prefix parameter names ({@code 0.weight}).
 *
 * <pre>{@code
 * var mlp = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 1));
 * Tensor y = mlp.apply(x);
 * }</pre>
 */
public final class Sequential extends UnaryModule implements Iterable<UnaryModule> {
  private final List<UnaryModule> layers = new ArrayList<>();

  /** Modules named by position. */
  public Sequential(UnaryModule... modules) {
    for (UnaryModule m : modules) add(m);
  }

  /** Modules with the given names, in the map's iteration order (use a LinkedHashMap). */
  public Sequential(Map<String, ? extends UnaryModule> named) {
    named.forEach(this::add);
  }

  /** Appends a module named by its position; returns this. */
  public Sequential add(UnaryModule module) { return add(Integer.toString(layers.size()), module); }

  /** Appends a module under {@code name}; returns this. */
  public Sequential add(String name, UnaryModule module) {
    if (child(name) != null) throw new IllegalArgumentException("Sequential: a module named '" + name + "' already exists");
    registerModule(name, module);
    layers.add(module);
    return this;
  }

  /** The module at {@code index} (negative counts from the end). */
  public UnaryModule get(int index) {
    int i = index < 0 ? index + layers.size() : index;
    if (i < 0 || i >= layers.size()) {
      throw new IndexOutOfBoundsException("index " + index + " is out of range for Sequential of length " + layers.size());
    }
    return layers.get(i);
  }

  /** Number of modules. */
  public int size() { return layers.size(); }

  @Override
  public Iterator<UnaryModule> iterator() { return List.copyOf(layers).iterator(); }

  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (UnaryModule m : layers) x = m.forward(x);
    return x;
  }
}
