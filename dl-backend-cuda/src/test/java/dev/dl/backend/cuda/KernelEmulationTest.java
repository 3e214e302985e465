package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real kernel code on the CPU: emu/emu_harness.cpp compiles the .cu files with g++ against
 * a host stand-in for the CUDA execution model (emu/cuda_shim.h: concurrent threads per block,
 * barriers for __syncthreads, mutex atomics) and checks reductions, arg-reductions, scans,
 * softmax, tiled GEMM, im2col/col2im, gather/scatter and broadcast elementwise kernels on strided
 * inputs against naive loops. It shows the indexing and block-level logic are right; it says
 * nothing about warp scheduling, memory coherence or speed on a GPU. Skipped without g++ or the
 * CUDA headers (cuda_fp16.h).
 */
class KernelEmulationTest {
  private static final Path EMU = Path.of("src/test/resources/dev/dl/backend/cuda/emu");

  /** The CUDA include directory holding cuda_fp16.h, from CUDA_HOME, /usr/local/cuda or /usr/local/cuda-*. */
  static Optional<Path> cudaInclude() {
    Stream<Path> fixed = Stream.of(System.getenv("CUDA_HOME"), System.getenv("CUDA_PATH"), "/usr/local/cuda")
        .filter(s -> s != null && !s.isEmpty())
        .map(s -> Path.of(s, "include"));
    File[] versioned = new File("/usr/local").listFiles((d, name) -> name.startsWith("cuda-"));
    Stream<Path> others = versioned == null ? Stream.empty() : Stream.of(versioned).map(f -> f.toPath().resolve("include"));
    return Stream.concat(fixed, others).filter(p -> Files.exists(p.resolve("cuda_fp16.h"))).findFirst();
  }

  @Test
  void kernelsComputeTheNaiveResultsWhenEmulatedOnTheHost(@TempDir Path tmp) throws Exception {
    Optional<Path> gxx = CudaSources.tool("g++");
    Optional<Path> include = cudaInclude();
    assumeTrue(gxx.isPresent(), "g++ is not installed: kernels cannot be emulated on the host");
    assumeTrue(include.isPresent(), "the CUDA headers (cuda_fp16.h) are not installed: kernels cannot be emulated on the host");
    Path exe = tmp.resolve("emu");
    CudaSources.run(List.of(gxx.get().toString(), "-std=c++20", "-O1", "-w", "-pthread", "-I", include.get().toString(),
        "-I", CudaSources.DIR.toString(), "-I", EMU.toString(), "-o", exe.toString(), "-x", "c++",
        EMU.resolve("emu_harness.cpp").toString()));
    List<String> lines = CudaSources.run(List.of(exe.toString())).lines().toList();
    assertEquals(11, lines.size(), "cases run: " + lines);
    assertEquals(List.of(), lines.stream().filter(l -> !l.endsWith(" OK")).toList());
  }
}
