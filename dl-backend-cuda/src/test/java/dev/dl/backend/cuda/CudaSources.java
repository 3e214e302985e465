package dev.dl.backend.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/** The CUDA C sources and committed PTX in the module's source tree, and the CUDA tools when installed. */
final class CudaSources {
  /** Surefire runs in the module directory. */
  static final Path DIR = Path.of("src/main/resources/dev/dl/backend/cuda");

  private CudaSources() {}

  static Path cu(String module) { return DIR.resolve(module + ".cu"); }

  static Path ptx(int target, String module) { return DIR.resolve("ptx/sm_" + target + "/" + module + ".ptx"); }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What build-ptx.sh records: SHA-256 of the .cu followed by common.cuh. */
  static String sourceHash(String module) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Files.readAllBytes(cu(module)));
      sha.update(Files.readAllBytes(DIR.resolve("common.cuh")));
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An executable CUDA tool ({@code nvcc}, {@code ptxas}) from PATH or /usr/local/cuda/bin. */
  static Optional<Path> tool(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)), Stream.of("/usr/local/cuda/bin"))
        .filter(s -> !s.isEmpty())
        .map(s -> Path.of(s, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Runs a command; returns its combined output, or throws with it when the exit code is not 0. */
  static String run(java.util.List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) throw new AssertionError(String.join(" ", command) + " exited with " + rc + ":\n" + out);
    return out;
  }
}
