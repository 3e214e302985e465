package dev.dl.backend.opencl;

import dev.dl.spi.Availability;
import dev.dl.spi.Backend;
import dev.dl.spi.BackendProvider;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The OpenCL backend plugin: every device of every OpenCL platform becomes {@code opencl:0},
 * {@code opencl:1}, ... in discovery order. Put this module's jar (and JOCL) on the class path to
 * enable it; without an OpenCL library or driver it reports itself unavailable with the reason.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(64, 64).to(Device.of("opencl:0"));
 * Tensor y = x.matmul(x).relu();
 * }</pre>
 *
 * <p>Priority: 100 when a GPU or accelerator is present (it beats the CPU backend), -10 when only
 * CPU devices such as PoCL are (so the pure-Java CPU backend stays the default there).
 */
public final class OpenClBackendProvider implements BackendProvider {
  /** Priority with a GPU or accelerator device. */
  static final int GPU_PRIORITY = 100;
  /** Priority when only CPU OpenCL devices exist: below the CPU backend's 0. */
  static final int CPU_ONLY_PRIORITY = -10;

  /** Creates the provider; discovery runs lazily on the first probe. */
  public OpenClBackendProvider() {}

  @Override
  public String type() { return "opencl"; }

  @Override
  public int priority() {
    return ClDevices.discover().devices().stream().anyMatch(ClDevices.Info::gpu) ? GPU_PRIORITY : CPU_ONLY_PRIORITY;
  }

  @Override
  public Availability probe() {
    ClDevices.Discovery d = ClDevices.discover();
    if (d.devices().isEmpty()) return Availability.unavailable(d.reason());
    List<ClDevices.Info> devices = d.devices();
    String names = devices.stream().map(ClDevices.Info::describe).collect(Collectors.joining(", "));
    return Availability.available(devices.size(), names);
  }

  @Override
  public Backend create(int index) {
    List<ClDevices.Info> devices = ClDevices.discover().devices();
    if (index < 0 || index >= devices.size()) {
      throw new IllegalArgumentException("opencl:" + index + " does not exist: " + devices.size() + " OpenCL device(s) found");
    }
    return new OpenClBackend(index, devices.get(index));
  }
}
