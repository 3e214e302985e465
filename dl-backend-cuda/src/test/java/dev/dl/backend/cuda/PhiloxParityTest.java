package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dl.spi.Philox;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * random.cu's Philox words and uniform conversions, compiled for the host with nvcc, against the
 * reference {@link Philox}: bit-identical words, uniform24 and uniform53 values. (The normal
 * transform uses the device's log/cos and can only be compared on a GPU.) Skipped without nvcc.
 */
class PhiloxParityTest {
  @Test
  void cudaPhiloxWordsAndUniformsEqualTheReference(@TempDir Path tmp) throws Exception {
    Optional<Path> nvcc = CudaSources.tool("nvcc");
    assumeTrue(nvcc.isPresent(), "nvcc is not installed: the CUDA Philox cannot be compiled for the host");
    Path harness = Path.of("src/test/resources/dev/dl/backend/cuda/philox_harness.cu");
    Path exe = tmp.resolve("philox");
    CudaSources.run(List.of(nvcc.get().toString(), "-std=c++17", "-arch=sm_80", "-I", CudaSources.DIR.toString(),
        "-o", exe.toString(), harness.toString()));

    Random random = new Random(20261124L);
    long[][] cases = new long[400][];
    for (int i = 0; i < cases.length; i++) {
      long seed = i < 4 ? new long[] {0, 1, -1, 0x123456789ABCDEFL}[i] : random.nextLong();
      long index = i % 3 == 0 ? random.nextInt(64) : random.nextLong() >>> 1;
      cases[i] = new long[] {seed, index};
    }
    Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
    try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII)) {
      for (long[] c : cases) w.write(Long.toUnsignedString(c[0]) + " " + Long.toUnsignedString(c[1]) + "\n");
    }
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    assertEquals(0, p.waitFor());
    assertEquals(cases.length, lines.size());
    for (int i = 0; i < cases.length; i++) {
      long seed = cases[i][0], index = cases[i][1];
      String[] parts = lines.get(i).split(" ");
      int word = Philox.word(seed, index);
      String where = "seed " + Long.toUnsignedString(seed) + " index " + index;
      assertEquals(Integer.toUnsignedString(word), parts[0], "word, " + where);
      assertEquals(Integer.toUnsignedString(Float.floatToRawIntBits(Philox.uniform24(word))), parts[1], "uniform24, " + where);
      double u53 = Philox.uniform53(word, Philox.word(seed, index + 1));
      assertEquals(Long.toUnsignedString(Double.doubleToRawLongBits(u53)), parts[2], "uniform53, " + where);
    }
  }
}
