package dev.dl.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import org.junit.jupiter.api.Test;

class PhiloxTest {
  /** Known-answer vectors published with Random123 (kat_vectors, philox4x32_10). */
  @Test
  void matchesRandom123KnownAnswers() {
    int[] out = new int[4];
    Philox.block(0, 0, 0, 0, 0, 0, out);
    assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, out);
    Philox.block(-1, -1, -1, -1, -1, -1, out);
    assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, out);
    Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);
  }

  @Test
  void wordIndexesLanesOfConsecutiveBlocks() {
    int[] out = new int[4];
    long seed = 0x1234_5678_9abc_def0L;
    Philox.block(5, 0, 0, 0, (int) seed, (int) (seed >>> 32), out);
    for (int lane = 0; lane < 4; lane++) assertEquals(out[lane], Philox.word(seed, 5 * 4 + lane));
  }

  @Test
  void samplesAreInRangeAndWordsAreCounted() {
    for (int i = 0; i < 1000; i++) {
      double u = Philox.sample(Op.RANDOM_UNIFORM, DType.FLOAT32, 7, 0, i);
      double d = Philox.sample(Op.RANDOM_UNIFORM, DType.FLOAT64, 7, 0, i);
      assertTrue(u >= 0 && u < 1 && d >= 0 && d < 1);
      assertTrue(Double.isFinite(Philox.sample(Op.RANDOM_NORMAL, DType.FLOAT32, 7, 0, i)));
    }
    assertEquals(10, Philox.wordsUsed(Op.RANDOM_UNIFORM, DType.FLOAT32, 10));
    assertEquals(20, Philox.wordsUsed(Op.RANDOM_UNIFORM, DType.FLOAT64, 10));
    assertEquals(20, Philox.wordsUsed(Op.RANDOM_NORMAL, DType.FLOAT16, 10));
  }

  @Test
  void normalSamplesHaveUnitMoments() {
    int n = 200_000;
    double sum = 0, sq = 0;
    for (int i = 0; i < n; i++) {
      double z = Philox.sample(Op.RANDOM_NORMAL, DType.FLOAT64, 42, 0, i);
      sum += z;
      sq += z * z;
    }
    assertEquals(0, sum / n, 0.01);
    assertEquals(1, sq / n, 0.01);
  }
}
