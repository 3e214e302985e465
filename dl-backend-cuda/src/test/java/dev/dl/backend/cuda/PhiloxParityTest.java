package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dl.spi.Philox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * random.cu's Philox words and uniform conversions, compiled for the host, against the reference
 * {@link Philox}: bit-identical words, uniform24 and uniform53 values. (The normal transform uses
 * the device's log/cos and can only be compared on a GPU.) Skipped without nvcc.
 */
class PhiloxParityTest {
  @Test
  void cudaPhiloxWordsAndUniformsEqualTheReference() throws Exception {
    Optional<Path> exe = HostHarness.executable();
    assumeTrue(exe.isPresent(), "nvcc is not installed: the CUDA Philox cannot be compiled for the host");
    Random random = new Random(20261124L);
    List<long[]> cases = new ArrayList<>();
    for (long seed : new long[] {0, 1, -1, 0x123456789ABCDEFL}) {
      for (long index = 0; index < 9; index++) cases.add(new long[] {seed, index});
    }
    for (int i = 0; i < 400; i++) cases.add(new long[] {random.nextLong(), i % 3 == 0 ? random.nextInt(64) : random.nextLong() >>> 1});
    List<String> input = cases.stream().map(c -> "R " + Long.toUnsignedString(c[0]) + " " + c[1]).toList();
    List<String> lines = HostHarness.run(exe.get(), input);
    for (int i = 0; i < cases.size(); i++) {
      long seed = cases.get(i)[0], index = cases.get(i)[1];
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
