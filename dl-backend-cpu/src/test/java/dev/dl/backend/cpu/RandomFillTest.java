package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Philox;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random kernels reproduce dev.dl.spi.Philox exactly, at any offset and across chunk borders. */
class RandomFillTest {
  private final CpuBackend be = Operands.scalar();

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 13, 207, 70_001})
  void uniformAndNormalEqualTheReferenceStream(int n) {
    long seed = 0x1234_5678_9ABC_DEF0L + n;
    for (long offset : new long[] {0, 5, (1L << 34) + 3}) {
      for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64}) {
        for (Op op : new Op[] {Op.RANDOM_UNIFORM, Op.RANDOM_NORMAL}) {
          Operand out = Operands.empty(be, t, n);
          be.random(op, out, seed, offset);
          double[] got = Operands.values(out);
          // Checking every element of the largest size is slow with the word-at-a-time reference.
          int stride = n > 1000 ? 97 : 1;
          for (int i = 0; i < n; i += stride) {
            Operand one = Operands.empty(be, t, 1);
            double ref = Philox.sample(op, t, seed, offset, i);
            Cast.setD(CpuStorage.data(one), t, 0, ref);
            assertEquals(Operands.values(one)[0], got[i], 0.0, op + " " + t + " offset " + offset + " element " + i);
          }
          assertEquals(Operands.values(out)[n - 1], got[n - 1]);
        }
      }
    }
  }
}
