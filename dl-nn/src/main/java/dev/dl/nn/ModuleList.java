package dev.dl.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A list of submodules registered as "0", "1", ..., as {@code torch.nn.ModuleList}; the owner
 * decides how to call them.
 *
 * <pre>{@code
 * var blocks = new ModuleList();
 * for (int i = 0; i < 3; i++) blocks.add(new Linear(8, 8));
 * }</pre>
 */
public final class ModuleList extends Module implements Iterable<Module> {
  private final List<Module> items = new ArrayList<>();

  /** A list of these modules. */
  public ModuleList(Module... modules) {
    for (Module m : modules) add(m);
  }

  /** Appends a module; returns this. */
  public ModuleList add(Module module) {
    registerModule(Integer.toString(items.size()), module);
    items.add(module);
    return this;
  }

  /** The module at {@code index} (negative counts from the end). */
  public Module get(int index) {
    int i = index < 0 ? index + items.size() : index;
    if (i < 0 || i >= items.size()) {
      throw new IndexOutOfBoundsException("index " + index + " is out of range for ModuleList of length " + items.size());
    }
    return items.get(i);
  }

  /** Number of modules. */
  public int size() { return items.size(); }

  @Override
  public Iterator<Module> iterator() { return List.copyOf(items).iterator(); }
}
