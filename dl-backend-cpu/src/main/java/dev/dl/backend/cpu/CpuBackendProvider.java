package dev.dl.backend.cpu;

import dev.dl.spi.Availability;
import dev.dl.spi.Backend;
import dev.dl.spi.BackendProvider;

/**
 * Provides the {@code cpu} device, the default backend: pure Java, always available, with Vector
 * API kernels when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 *
 * <pre>{@code
 * Availability a = new CpuBackendProvider().probe();   // "1 device, kernels: Vector API, 512-bit"
 * Backend cpu = Backends.backend(Device.CPU);
 * }</pre>
 *
 * <p>Settings: {@code -Ddl.cpu.threads} / {@code DL_CPU_THREADS} (kernel threads, default the
 * processor count) and {@code -Ddl.cpu.vector=false} (force the scalar kernels).
 */
public final class CpuBackendProvider implements BackendProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public CpuBackendProvider() {}

  @Override
  public String type() { return "cpu"; }

  @Override
  public int priority() { return 0; }

  @Override
  public Availability probe() {
    try {
      return Availability.available(1, "kernels: " + SimdProvider.get().description());
    } catch (RuntimeException | LinkageError e) {
      // The scalar kernels need nothing, so the CPU stays available even if the choice failed.
      return Availability.available(1, "kernels: scalar (" + e + ")");
    }
  }

  @Override
  public Backend create(int index) {
    if (index != 0) throw new IllegalArgumentException("device cpu:" + index + " does not exist: the CPU backend has 1 device (cpu:0)");
    return new CpuBackend();
  }
}
