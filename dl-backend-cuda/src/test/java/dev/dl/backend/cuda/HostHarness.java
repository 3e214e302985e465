package dev.dl.backend.cuda;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * host_harness.cu compiled once per test JVM with nvcc: the kernels' scalar functions run on the
 * host, so their semantics can be checked without a GPU. Absent (empty) without nvcc.
 */
final class HostHarness {
  private static Optional<Path> executable;

  private HostHarness() {}

  static synchronized Optional<Path> executable() {
    if (executable != null) return executable;
    Optional<Path> nvcc = CudaSources.tool("nvcc");
    if (nvcc.isEmpty()) return executable = Optional.empty();
    try {
      Path dir = Files.createTempDirectory("dl-cuda-harness");
      Path exe = dir.resolve("host_harness");
      CudaSources.run(List.of(nvcc.get().toString(), "-std=c++17", "-gencode", "arch=compute_80,code=compute_80",
          "-I", CudaSources.DIR.toString(), "-o", exe.toString(), "src/test/resources/dev/dl/backend/cuda/host_harness.cu"));
      exe.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return executable = Optional.of(exe);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Feeds the lines to the harness and returns its output lines, one per input line. */
  static List<String> run(Path exe, List<String> input) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
    try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII)) {
      for (String line : input) w.write(line + "\n");
    }
    List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    if (p.waitFor() != 0) throw new AssertionError("host harness failed: " + out);
    if (out.size() != input.size()) throw new AssertionError("host harness answered " + out.size() + " of " + input.size() + ": " + out);
    return out;
  }
}
