package dev.dl.backend.cuda;

import dev.dl.spi.Availability;
import dev.dl.spi.Backend;
import dev.dl.spi.BackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code cuda} backend plugin: NVIDIA GPUs of compute capability 8.0 or newer through the
 * CUDA driver API. Found by {@link java.util.ServiceLoader}; users only put the jar on the class
 * path and pick {@code cuda:N} devices.
 *
 * <pre>{@code
 * Availability a = new CudaBackendProvider().probe();  // "unavailable: no CUDA driver library ..." on a machine without one
 * Tensor x = Tensor.ones(3).to(Device.of("cuda:0"));
 * }</pre>
 *
 * <p>{@link #probe()} never throws: a missing driver library, a driver without devices, a driver
 * too old for the shipped PTX and devices below sm_80 each become an unavailable reason.
 */
public final class CudaBackendProvider implements BackendProvider {
  private final Supplier<CudaDriver> driverFactory;
  private CudaDriver driver;
  private Availability availability;
  private final List<Integer> usable = new ArrayList<>();

  /** The provider ServiceLoader instantiates, over JCuda. */
  public CudaBackendProvider() { this(JCudaDriverApi::create); }

  CudaBackendProvider(Supplier<CudaDriver> driverFactory) { this.driverFactory = driverFactory; }

  @Override
  public String type() { return "cuda"; }

  @Override
  public int priority() { return 100; }

  @Override
  public synchronized Availability probe() {
    if (availability == null) availability = probeOnce();
    return availability;
  }

  private Availability probeOnce() {
    CudaDriver d;
    try {
      d = driverFactory.get();
      d.init();
    } catch (LinkageError e) {
      return Availability.unavailable("no CUDA driver library: JCuda could not load its driver binding ("
          + e.getClass().getSimpleName() + ": " + summarize(e.getMessage())
          + "); install the NVIDIA driver so that libcuda.so.1 is on the library path");
    } catch (CudaException e) {
      if (e.result() == CudaErrors.NO_DEVICE) {
        return Availability.unavailable("no CUDA device: cuInit reported CUDA_ERROR_NO_DEVICE "
            + "(check nvidia-smi and CUDA_VISIBLE_DEVICES)");
      }
      return Availability.unavailable("the CUDA driver failed to initialise: " + e.getMessage());
    } catch (RuntimeException e) {
      return Availability.unavailable("the CUDA driver failed to initialise: " + e);
    }
    try {
      int count = d.deviceCount();
      if (count == 0) return Availability.unavailable("no CUDA device: cuDeviceGetCount returned 0");
      int version = d.driverVersion();
      int[] isa = PtxLibrary.isaVersion();
      int required = PtxLibrary.requiredDriver(isa);
      if (version < required) {
        return Availability.unavailable("CUDA driver too old: it supports CUDA " + CudaErrors.versionString(version)
            + " (cuDriverGetVersion " + version + ") but the backend's PTX (ISA " + isa[0] + "." + isa[1]
            + ") needs a driver for CUDA " + CudaErrors.versionString(required) + " or newer; update the NVIDIA driver");
      }
      StringBuilder found = new StringBuilder();
      usable.clear();
      for (int i = 0; i < count; i++) {
        CudaDriver.DeviceInfo info = d.device(i);
        if (found.length() > 0) found.append(", ");
        found.append("cuda:").append(i).append(' ').append(info.name()).append(" (sm_").append(info.computeCapability())
            .append(')');
        if (PtxLibrary.targetFor(info.computeCapability()) >= 0) usable.add(i);
      }
      if (usable.isEmpty()) {
        return Availability.unavailable("no CUDA device of compute capability 8.0 or newer (found " + found
            + "); the backend ships PTX for sm_80 and sm_90");
      }
      driver = d;
      return Availability.available(count, found + "; driver CUDA " + CudaErrors.versionString(version));
    } catch (CudaException | IllegalStateException e) {
      return Availability.unavailable("probing CUDA devices failed: " + e.getMessage());
    } catch (LinkageError e) {
      return Availability.unavailable("no CUDA driver library: " + e);
    }
  }

  /**
   * JCuda's load failure is a multi-line report of every attempt; the line that names the missing
   * shared object (usually "libcuda.so.1: cannot open shared object file") is the one a person needs.
   */
  static String summarize(String message) {
    if (message == null) return "no message";
    List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) return "no message";
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i);
      if (l.contains("cannot open shared object file") || l.contains("undefined symbol") || l.contains("wrong ELF class")) {
        return l.startsWith("java.lang.UnsatisfiedLinkError: ") ? l.substring("java.lang.UnsatisfiedLinkError: ".length()) : l;
      }
    }
    return lines.get(0);
  }

  @Override
  public synchronized Backend create(int index) {
    Availability a = probe();
    if (!a.available()) throw new IllegalStateException("the CUDA backend is unavailable: " + a.reason());
    if (index < 0 || index >= a.deviceCount()) {
      throw new IllegalArgumentException("cuda:" + index + " does not exist; this machine has " + a.deviceCount()
          + " CUDA device(s): " + a.reason());
    }
    if (!usable.contains(index)) {
      throw new IllegalArgumentException("cuda:" + index + " is below compute capability 8.0 and has no PTX: "
          + a.reason());
    }
    return new CudaBackend(driver, index, CudaBackend::cublas);
  }
}
