package dev.dl.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The PTX shipped in this jar: one directory per target architecture
 * ({@code ptx/sm_80}, {@code ptx/sm_90}), one file per .cu source, each with a header written by
 * scripts/build-ptx.sh. A device runs the PTX of the highest target not above its compute
 * capability; the driver JIT-compiles it (so newer GPUs run the sm_90 PTX).
 */
final class PtxLibrary {
  /** Targets with committed PTX, ascending. */
  static final int[] TARGETS = {80, 90};
  static final String RESOURCE_ROOT = "/dev/dl/backend/cuda/";

  private PtxLibrary() {}

  /** The target for a device of compute capability {@code cc} (e.g. 86), or -1 when it is below every target. */
  static int targetFor(int cc) {
    int best = -1;
    for (int t : TARGETS) if (t <= cc) best = t;
    return best;
  }

  static String resource(int target, String module) { return RESOURCE_ROOT + "ptx/sm_" + target + "/" + module + ".ptx"; }

  /** The PTX text of one module for one target. */
  static String text(int target, String module) {
    String path = resource(target, module);
    try (InputStream in = PtxLibrary.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing PTX resource " + path + " in the dl-backend-cuda jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** The image cuModuleLoadData takes: the PTX bytes and a terminating NUL. */
  static byte[] image(int target, String module) {
    byte[] text = text(target, module).getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(text, text.length + 1);
  }

  /** A header value ({@code source-sha256}, {@code ptx-isa}, {@code nvcc}) of a PTX text, or null. */
  static String header(String ptx, String key) {
    String prefix = "// " + key + ": ";
    for (String line : ptx.lines().limit(12).toList()) {
      if (line.startsWith(prefix)) {
        String v = line.substring(prefix.length()).trim();
        int space = v.indexOf(' ');
        return space < 0 ? v : v.substring(0, space);
      }
    }
    return null;
  }

  /** The highest PTX ISA version among the shipped modules, as {@code {major, minor}}. */
  static int[] isaVersion() {
    int[] max = {0, 0};
    for (int t : TARGETS) {
      for (String m : KernelNames.MODULES) {
        String v = header(text(t, m), "ptx-isa");
        if (v == null) throw new IllegalStateException("PTX " + resource(t, m) + " has no ptx-isa header");
        String[] parts = v.split("\\.");
        int[] isa = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        if (isa[0] > max[0] || (isa[0] == max[0] && isa[1] > max[1])) max = isa;
      }
    }
    return max;
  }

  /**
   * The oldest driver (cuDriverGetVersion value) whose JIT accepts a PTX ISA version: ISA 7.x came
   * with CUDA 11.x, 8.0-8.5 with 12.0-12.5, 8.6-8.8 with 12.7-12.9, 9.0 with 13.0.
   */
  static int requiredDriver(int[] isa) {
    int major = isa[0], minor = isa[1];
    if (major <= 6) return 10000;
    if (major == 7) return 11000 + 10 * minor;
    if (major == 8) return minor <= 5 ? 12000 + 10 * minor : 12010 + 10 * minor;
    return 13000 + 10 * minor + 1000 * (major - 9);
  }

  /** Modules to load, in order. */
  static List<String> modules() { return KernelNames.MODULES; }
}
