package dev.dl.backend.cuda;

import java.util.HashMap;
import java.util.Map;

/**
 * Kernel handles of one device: each PTX module is loaded (and JIT-compiled by the driver) on
 * first use of one of its kernels, so a program that never convolves never compiles conv.ptx.
 */
final class Kernels {
  private final CudaDriver driver;
  private final int target;
  private final Map<String, Object> modules = new HashMap<>();
  private final Map<String, Object> functions = new HashMap<>();

  Kernels(CudaDriver driver, int target) {
    this.driver = driver;
    this.target = target;
  }

  /** The PTX target (80, 90) these kernels come from. */
  int target() { return target; }

  /** The function handle of {@code name}; the context must be current. */
  synchronized Object get(String name) {
    Object f = functions.get(name);
    if (f != null) return f;
    String module = KernelNames.moduleOf(name);
    Object m = modules.get(module);
    if (m == null) {
      try {
        m = driver.loadModule(PtxLibrary.image(target, module));
      } catch (CudaException e) {
        throw new CudaException(e.result(), "loading " + PtxLibrary.resource(target, module) + ": " + e.getMessage(), e);
      }
      modules.put(module, m);
    }
    f = driver.function(m, name);
    functions.put(name, f);
    return f;
  }
}
