package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dl.DType;
import dev.dl.spi.Operand;
import org.junit.jupiter.api.Test;

/** COPY between dtypes with PyTorch's casting rules, on strided and flipped views. */
class CastTest {
  private final CpuBackend be = Operands.scalar();

  private double[] cast(DType from, DType to, double... values) {
    Operand x = Operands.of(be, from, values, values.length);
    Operand out = Operands.empty(be, to, values.length);
    be.copy(out, x);
    return Operands.values(out);
  }

  @Test
  void floatToIntegerTruncatesTowardZeroAndWraps() {
    assertArrayEquals(new double[] {-1, 2, 0, 3}, cast(DType.FLOAT32, DType.INT32, -1.7, 2.9, -0.2, 3.0));
    assertArrayEquals(new double[] {44, 255}, cast(DType.INT32, DType.UINT8, 300, -1));
    assertArrayEquals(new double[] {-56, 127}, cast(DType.INT64, DType.INT8, 200, 127));
    assertArrayEquals(new double[] {-2}, cast(DType.FLOAT64, DType.INT16, -2.99));
    // NaN and infinities: Java's (long) cast (0, Long.MAX_VALUE, Long.MIN_VALUE), then narrowed.
    assertArrayEquals(new double[] {0, -1, 0}, cast(DType.FLOAT32, DType.INT32, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY));
    assertArrayEquals(new double[] {0, (double) Long.MAX_VALUE}, cast(DType.FLOAT64, DType.INT64, Double.NaN, 1e300));
  }

  @Test
  void boolIsNonzeroAndConvertsToZeroOrOne() {
    assertArrayEquals(new double[] {0, 1, 1, 1, 1}, cast(DType.FLOAT32, DType.BOOL, 0, 0.5, -3, Double.NaN, -0.0 + 1e-30));
    assertArrayEquals(new double[] {0, 1}, cast(DType.INT64, DType.BOOL, 0, 256));
    assertArrayEquals(new double[] {1, 0}, cast(DType.BOOL, DType.FLOAT16, 1, 0));
    assertArrayEquals(new double[] {1, 0}, cast(DType.BOOL, DType.INT64, 1, 0));
  }

  @Test
  void halfTypesRoundToNearestEven() {
    // bfloat16 keeps 8 significand bits: 1 + 2^-8 is halfway and rounds to the even 1.0;
    // 1 + 3*2^-8 is halfway and rounds up to the even 1 + 2^-6.
    assertArrayEquals(new double[] {1.0, 1 + 0x1p-6, 1 + 0x1p-7}, cast(DType.FLOAT32, DType.BFLOAT16, 1 + 0x1p-8,
        1 + 3 * 0x1p-8, 1 + 0x1p-7));
    assertEquals(Float.float16ToFloat(Float.floatToFloat16(1f / 3)), cast(DType.FLOAT64, DType.FLOAT16, 1.0 / 3)[0]);
    assertEquals(Double.POSITIVE_INFINITY, cast(DType.FLOAT32, DType.FLOAT16, 70000)[0]);
    assertEquals(65504, cast(DType.FLOAT16, DType.FLOAT32, 65504)[0]);
    assertEquals(Double.NaN, cast(DType.FLOAT32, DType.BFLOAT16, Double.NaN)[0]);
    assertEquals(2.5, cast(DType.BFLOAT16, DType.FLOAT16, 2.5)[0]);
    assertEquals(16777216, cast(DType.INT64, DType.FLOAT32, 16777217)[0]);
  }

  @Test
  void negativeStridesAndBroadcastSources() {
    Operand x = Operands.of(be, DType.INT32, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    // x flipped along both dims: offset at the last element, negative strides.
    Operand flipped = Operands.view(x, new int[] {2, 3}, new int[] {-3, -1}, 5);
    Operand out = Operands.empty(be, DType.FLOAT64, 2, 3);
    be.copy(out, flipped);
    assertArrayEquals(new double[] {6, 5, 4, 3, 2, 1}, Operands.values(out));
    Operand row = Operands.view(x, new int[] {3, 3}, new int[] {0, 1}, 3);
    Operand out2 = Operands.empty(be, DType.INT64, 3, 3);
    be.copy(out2, row);
    assertArrayEquals(new double[] {4, 5, 6, 4, 5, 6, 4, 5, 6}, Operands.values(out2));
    // Into a strided destination (every other element of a column).
    Operand dst = Operands.of(be, DType.INT8, new double[8], 8);
    be.copy(Operands.view(dst, new int[] {3}, new int[] {-2}, 6), Operands.of(be, DType.FLOAT32, new double[] {1, 2, 3}, 3));
    assertArrayEquals(new double[] {0, 0, 3, 0, 2, 0, 1, 0}, Operands.values(dst));
  }

  @Test
  void everyPairOfDtypesRoundTripsSmallIntegers() {
    double[] v = {0, 1, 5, 100};
    for (DType from : DType.values()) {
      for (DType to : DType.values()) {
        double[] want = v.clone();
        if (from == DType.BOOL || to == DType.BOOL) want = new double[] {0, 1, 1, 1};
        if (from == DType.BOOL) v = new double[] {0, 1, 1, 1};
        assertArrayEquals(want, cast(from, to, v), from + " -> " + to);
        v = new double[] {0, 1, 5, 100};
      }
    }
  }

  @Test
  void emptyAndZeroDim() {
    Operand out = Operands.empty(be, DType.FLOAT32, 0, 3);
    be.copy(out, Operands.empty(be, DType.INT64, 0, 3));
    assertEquals(0, Operands.values(out).length);
    Operand s = Operands.empty(be, DType.INT32);
    be.copy(s, Operands.of(be, DType.FLOAT64, new double[] {-7.5}));
    assertArrayEquals(new double[] {-7}, Operands.values(s));
  }
}
