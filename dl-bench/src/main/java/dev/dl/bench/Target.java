package dev.dl.bench;

import dev.dl.Backends;
import dev.dl.Device;
import dev.dl.Tensor;

/**
 * Turns a benchmark's {@code device} parameter into a usable {@link Device}, inside the forked JVM.
 *
 * <p>Besides device names ({@code cpu}, {@code opencl:0}, {@code cuda:0}) the parameter accepts
 * {@code cpu-scalar}: the CPU device with {@code -Ddl.cpu.vector=false}, so every CPU benchmark
 * comes as a vector/scalar pair that differs in nothing else. JMH forks one JVM per parameter
 * combination, and the CPU backend reads the setting once, on first use, which is after this.
 */
final class Target {
  /** The parameter value that selects the CPU device with scalar kernels. */
  static final String CPU_SCALAR = "cpu-scalar";

  private Target() {}

  /**
   * Opens {@code param}'s device, or fails this parameter's trial with the backend's reason. JMH
   * reports the failure and goes on with the next parameter; {@link BenchRunner} avoids it by
   * passing only available devices.
   */
  static Device open(String param) {
    boolean scalar = param.equals(CPU_SCALAR);
    if (scalar) System.setProperty("dl.cpu.vector", "false");
    Device device = scalar ? Device.CPU : Device.of(param);
    if (!Backends.isAvailable(device)) {
      throw new IllegalStateException("skipping device " + param + ": it is unavailable here\n" + Backends.report());
    }
    if (device.type().equals("cpu")) {
      String kernels = cpuKernels();
      if (scalar != kernels.contains("scalar")) {
        throw new IllegalStateException("device " + param + " asked for " + (scalar ? "scalar" : "vector")
            + " CPU kernels but the backend uses " + kernels + "; run each device in its own fork (forks >= 1) "
            + "with --add-modules jdk.incubator.vector");
      }
    }
    return device;
  }

  /** The CPU backend's kernel description, e.g. {@code kernels: Vector API, 512-bit}. */
  static String cpuKernels() {
    return Backends.entries().stream().filter(e -> e.type().equals("cpu")).findFirst()
        .map(e -> e.availability().reason()).orElse("no cpu backend");
  }

  /** Waits for queued kernels so that a measurement covers the work, not only its launch. */
  static Tensor sync(Tensor t) {
    t.backend().synchronize();
    return t;
  }
}
