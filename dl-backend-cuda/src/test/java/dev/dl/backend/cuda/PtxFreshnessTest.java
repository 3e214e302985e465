package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.spi.Op;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The committed PTX must come from the committed .cu sources (hash recorded by build-ptx.sh), and
 * the Java side must agree with the sources on kernel names, op codes and struct sizes. None of
 * this needs nvcc or a GPU.
 */
class PtxFreshnessTest {
  private static final String REGENERATE = "; run dl-backend-cuda/scripts/build-ptx.sh and commit the PTX";

  @Test
  void everyPtxWasBuiltFromTheCurrentSources() {
    for (String module : KernelNames.MODULES) {
      String expected = CudaSources.sourceHash(module);
      for (int target : PtxLibrary.TARGETS) {
        assertTrue(Files.exists(CudaSources.ptx(target, module)), "missing " + CudaSources.ptx(target, module) + REGENERATE);
        String ptx = CudaSources.read(CudaSources.ptx(target, module));
        assertEquals(expected, PtxLibrary.header(ptx, "source-sha256"),
            "sm_" + target + "/" + module + ".ptx is stale relative to " + module + ".cu/common.cuh" + REGENERATE);
        assertTrue(ptx.contains("\n.target sm_" + target + "\n"), module + " sm_" + target + " has another .target");
      }
    }
  }

  @Test
  void everyKernelTheBackendLaunchesIsInItsModule() {
    List<String> missing = new ArrayList<>();
    for (int target : PtxLibrary.TARGETS) {
      Map<String, String> texts = new java.util.HashMap<>();
      for (String module : KernelNames.MODULES) texts.put(module, CudaSources.read(CudaSources.ptx(target, module)));
      for (String kernel : KernelNames.all(EnumSet.allOf(DType.class))) {
        if (!texts.get(KernelNames.moduleOf(kernel)).contains(".entry " + kernel + "(")) missing.add("sm_" + target + ":" + kernel);
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void opCodesMatchCommonCuh() {
    String cuh = CudaSources.read(CudaSources.DIR.resolve("common.cuh"));
    Matcher m = Pattern.compile("#define OP_([A-Z0-9_]+) (\\d+)").matcher(cuh);
    Map<Op, Integer> fromCuh = new java.util.EnumMap<>(Op.class);
    while (m.find()) fromCuh.put(Op.valueOf(m.group(1)), Integer.parseInt(m.group(2)));
    assertEquals(KernelNames.codes(), Map.copyOf(fromCuh));
    for (Op op : EnumSet.copyOf(Op.UNARY)) assertTrue(fromCuh.containsKey(op), op + " has no code");
    for (Op op : EnumSet.copyOf(Op.BINARY)) assertTrue(fromCuh.containsKey(op), op + " has no code");
    for (Op op : EnumSet.copyOf(Op.REDUCE)) assertTrue(fromCuh.containsKey(op), op + " has no code");
  }

  @Test
  void structAndTileSizesMatchTheSources() {
    String cuh = CudaSources.read(CudaSources.DIR.resolve("common.cuh"));
    assertTrue(cuh.contains("#define DL_MAX_DIMS " + CudaLayout.MAX_DIMS + "\n"), "DL_MAX_DIMS differs from CudaLayout.MAX_DIMS");
    String gemm = CudaSources.read(CudaSources.cu("gemm"));
    assertTrue(gemm.contains("#define TILE " + LaunchConfig.GEMM_TILE + "\n"), "TILE differs from LaunchConfig.GEMM_TILE");
    String reduce = CudaSources.read(CudaSources.cu("reduce"));
    assertTrue(reduce.contains("[" + LaunchConfig.MAX_REDUCE_BLOCK + "]"), "shared arrays differ from MAX_REDUCE_BLOCK");
  }
}
