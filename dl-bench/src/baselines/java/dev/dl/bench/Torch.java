package dev.dl.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Opens libtorch through DJL with no network: {@code ai.djl.offline=true}, and the native library
 * comes from the {@code pytorch-native-cpu} jar (extracted once to {@code DJL_CACHE_DIR}), the JNI
 * glue from {@code pytorch-jni}. Intra-op threads come from {@code ai.djl.pytorch.num_threads},
 * which {@link BenchRunner} sets to the common thread count.
 */
final class Torch {
  private Torch() {}

  /** A CPU manager of the PyTorch engine; fails with DJL's reason if libtorch cannot load offline. */
  static NDManager open() {
    System.setProperty("ai.djl.offline", "true");
    Engine engine = Engine.getEngine("PyTorch");
    System.err.println("libtorch " + engine.getVersion() + " via DJL " + Engine.getDjlVersion() + ", "
        + System.getProperty("ai.djl.pytorch.num_threads", "default") + " intra-op threads");
    return engine.newBaseManager(ai.djl.Device.cpu());
  }

  /** Standard normal values of {@code shape}, scaled. */
  static NDArray randn(NDManager m, double scale, long... shape) {
    return m.randomNormal(new Shape(shape)).muli(scale);
  }
}
