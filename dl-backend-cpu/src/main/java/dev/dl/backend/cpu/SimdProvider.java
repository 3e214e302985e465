package dev.dl.backend.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Chooses the inner-loop implementation once, as Lucene's {@code VectorizationProvider} does: the
 * Vector API one when {@code jdk.incubator.vector} is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) and not disabled with {@code -Ddl.cpu.vector=false};
 * otherwise the scalar one, after one log line that says why.
 */
final class SimdProvider {
  private static final System.Logger LOG = System.getLogger("dev.dl.backend.cpu");
  /** The plain implementation, also used for vector tails and as the test oracle. */
  static final Simd SCALAR = new ScalarSimd("reference");

  private SimdProvider() {}

  /** The implementation this JVM uses; decided on first use. */
  static Simd get() { return Holder.INSTANCE; }

  /** A scalar implementation that reports {@code reason}. */
  static Simd scalar(String reason) { return new ScalarSimd(reason); }

  /** The Vector API implementation; fails with the reason when this JVM cannot use it. */
  static Simd vector() {
    String why = vectorUnavailableReason();
    if (why != null) throw new IllegalStateException(why);
    try {
      // Reflective so that this class, and the backend, link without the incubator module.
      Class<?> impl = Class.forName("dev.dl.backend.cpu.VectorSimd");
      Simd simd = (Simd) MethodHandles.lookup().findConstructor(impl, MethodType.methodType(void.class)).invoke();
      // Touch the species: a JVM that resolved the module but cannot run it fails here, not mid-kernel.
      simd.description();
      return simd;
    } catch (Throwable t) {
      throw new IllegalStateException("the Vector API failed to load: " + t, t);
    }
  }

  /** Why the Vector API cannot be used, or null when it can. */
  static String vectorUnavailableReason() {
    String setting = System.getProperty("dl.cpu.vector");
    if (setting != null && setting.equalsIgnoreCase("false")) return "disabled by -Ddl.cpu.vector=false";
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "jdk.incubator.vector is not readable; start the JVM with --add-modules jdk.incubator.vector";
    }
    return null;
  }

  private static final class Holder {
    static final Simd INSTANCE = lookup();

    private static Simd lookup() {
      String why = vectorUnavailableReason();
      if (why == null) {
        try {
          Simd simd = vector();
          if (simd.gemmNrF32() >= 8) return simd;
          why = "the preferred vector width is too narrow (" + simd.description() + ")";
        } catch (IllegalStateException e) {
          why = e.getMessage();
        }
      }
      LOG.log(System.Logger.Level.INFO, "CPU kernels use scalar Java: " + why);
      return new ScalarSimd(why);
    }
  }
}
