package dev.dl.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Submodules by name in insertion order, as {@code torch.nn.ModuleDict}.
 *
 * <pre>{@code
 * var heads = new ModuleDict().put("cls", new Linear(64, 10)).put("box", new Linear(64, 4));
 * Module cls = heads.get("cls");
 * }</pre>
 */
public final class ModuleDict extends Module {
  private final Map<String, Module> items = new LinkedHashMap<>();

  /** An empty dict. */
  public ModuleDict() {}

  /** A dict holding these entries in iteration order. */
  public ModuleDict(Map<String, ? extends Module> modules) { modules.forEach(this::put); }

  /** Adds or replaces the module under {@code name}; returns this. */
  public ModuleDict put(String name, Module module) {
    registerModule(name, module);
    items.put(name, module);
    return this;
  }

  /** The module under {@code name}, or null. */
  public Module get(String name) { return items.get(name); }

  /** True if a module is stored under {@code name}. */
  public boolean containsKey(String name) { return items.containsKey(name); }

  /** The names in insertion order. */
  public Set<String> keySet() { return java.util.Collections.unmodifiableSet(items.keySet()); }

  /** Number of modules. */
  public int size() { return items.size(); }
}
