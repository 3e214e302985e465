package dev.dl.autograd;

import dev.dl.Tensor;
import java.security.CodeSource;
import java.util.List;
import java.util.stream.Collectors;

/** Anomaly detection: where forward ops were created, and the non-finite check on backward results. */
final class Anomaly {
  private static volatile boolean enabled;
  private static final int FRAMES = 8;

  private Anomaly() {}

  static boolean isEnabled() { return enabled; }

  static void setEnabled(boolean on) { enabled = on; }

  /** The first user frames of the current stack, skipping dl-api and dl-autograd internals. */
  static String captureTrace() {
    CodeSource api = Tensor.class.getProtectionDomain().getCodeSource();
    CodeSource self = Anomaly.class.getProtectionDomain().getCodeSource();
    List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(s -> s.filter(f -> {
          CodeSource cs = f.getDeclaringClass().getProtectionDomain().getCodeSource();
          return cs == null || !(cs.equals(api) || cs.equals(self));
        }).limit(FRAMES).toList());
    return frames.stream().map(f -> "  at " + f.toStackTraceElement()).collect(Collectors.joining("\n"));
  }

  /** Throws if a gradient a node computed holds NaN or infinity. */
  static void check(Node node, Tensor[] grads) {
    for (int i = 0; i < grads.length; i++) {
      Tensor g = grads[i];
      if (g == null || !g.dtype().isFloatingPoint() || g.numel() == 0) continue;
      boolean nan = g.isnan().any().item() != 0;
      boolean inf = !nan && g.isinf().any().item() != 0;
      if (nan || inf) {
        throw new IllegalStateException("Function '" + node.name() + "' returned " + (nan ? "nan" : "inf")
            + " values in its " + i + "th output (gradient for input " + i + ", shape "
            + java.util.Arrays.toString(g.shape().toArray()) + ")."
            + (node.creationTrace == null ? " The forward op was recorded before anomaly detection was enabled."
                : " The forward op was created at:\n" + node.creationTrace));
      }
    }
  }
}
