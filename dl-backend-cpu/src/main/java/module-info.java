/**
 * The pure-Java CPU backend, the default device. Kernels use {@code jdk.incubator.vector} when the
 * JVM was started with {@code --add-modules jdk.incubator.vector}, and plain Java otherwise.
 */
module dev.dl.backend.cpu {
  requires dev.dl.api;
  requires static jdk.incubator.vector;

  provides dev.dl.spi.BackendProvider with dev.dl.backend.cpu.CpuBackendProvider;
}
