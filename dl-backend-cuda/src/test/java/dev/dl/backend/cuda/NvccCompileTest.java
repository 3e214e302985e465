package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a CUDA toolkit installed: every .cu compiles to PTX for sm_80 and sm_90. (Assembling the
 * committed, ISA-lowered PTX with ptxas is done by scripts/build-ptx.sh and gpu-check.sh; it
 * costs as much again and PtxFreshnessTest already ties the PTX to these sources.) Skipped, with
 * the reason, where nvcc is not installed.
 */
class NvccCompileTest {
  @Test
  void everySourceCompilesForEveryTarget(@TempDir Path tmp) throws Exception {
    Optional<Path> nvcc = CudaSources.tool("nvcc");
    assumeTrue(nvcc.isPresent(), "nvcc is not installed (not on PATH nor in /usr/local/cuda/bin): CUDA sources not compiled");
    List<List<String>> commands = new ArrayList<>();
    for (int target : PtxLibrary.TARGETS) {
      for (String module : KernelNames.MODULES) {
        Path out = tmp.resolve(module + "_sm" + target + ".ptx");
        // -Xcicc -O0: front end and PTX code generation without NVVM's optimizer, five times faster;
        // build-ptx.sh compiles the shipped, optimized PTX and assembles it with ptxas.
        commands.add(List.of(nvcc.get().toString(), "-ptx", "-std=c++17", "-arch=sm_" + target, "-Xcicc", "-O0",
            "-I", CudaSources.DIR.toString(), "-o", out.toString(), CudaSources.cu(module).toString()));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (List<String> c : commands) results.add(pool.submit(() -> CudaSources.run(c)));
      for (Future<String> r : results) r.get();
    } finally {
      pool.shutdownNow();
    }
    for (int target : PtxLibrary.TARGETS) {
      for (String module : KernelNames.MODULES) {
        String ptx = Files.readString(tmp.resolve(module + "_sm" + target + ".ptx"));
        assertTrue(ptx.contains(".target sm_" + target), module + " compiled for the wrong target");
        for (String kernel : KernelNames.all(java.util.EnumSet.allOf(dev.dl.DType.class))) {
          if (KernelNames.moduleOf(kernel).equals(module)) {
            assertTrue(ptx.contains(".entry " + kernel + "("), module + ".cu no longer defines " + kernel);
          }
        }
      }
    }
  }
}
