package dev.dl.backend.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference checked against known answers and against itself (two independent paths agreeing). */
class RefTest {
  @ParameterizedTest
  @CsvSource({"0, 0", "0.5, 0.5204998778130465", "1, 0.8427007929497149", "2, 0.9953222650189527",
      "-3, -0.9999779095030014", "0.01, 0.011283415555849618"})
  void erfMatchesKnownValues(double x, double expected) {
    assertEquals(expected, Ref.erf(x), 2e-16 + 1e-14 * Math.abs(expected));
  }

  @Test
  void roundingToHalfAndBfloat16IsNearestEven() {
    assertEquals(1.0, DTypes.round(1 + 0x1p-8, DType.BFLOAT16));          // tie, even stays
    assertEquals(1 + 0x1p-6, DTypes.round(1 + 3 * 0x1p-8, DType.BFLOAT16)); // tie, rounds to even
    assertEquals(2048.0, DTypes.round(2049, DType.FLOAT16));
    assertEquals(2052.0, DTypes.round(2051, DType.FLOAT16));
    assertEquals(Double.POSITIVE_INFINITY, DTypes.round(70000, DType.FLOAT16));
    assertEquals(16777216.0, DTypes.longToFloat(16777217L, DType.FLOAT32));
  }

  @Test
  void castsTruncateWrapAndTestNonzero() {
    Nd x = Nd.ofDoubles(DType.FLOAT64, new int[] {5}, new double[] {-2.7, 2.7, 0.0, Double.NaN, 200.5});
    assertArrayEquals(new long[] {-2, 2, 0, 0, 1}, Ref.cast(Nd.ofDoubles(DType.FLOAT64, new int[] {5},
        new double[] {-2.7, 2.7, 0.0, -0.4, 1.9}), DType.INT32).l);
    assertArrayEquals(new long[] {1, 1, 0, 1, 1}, Ref.cast(x, DType.BOOL).l);
    assertArrayEquals(new long[] {-56, 44}, Ref.cast(Nd.ofLongs(DType.INT64, new int[] {2}, new long[] {200, 300}), DType.INT8).l);
    assertArrayEquals(new long[] {255, 0}, Ref.cast(Nd.ofLongs(DType.INT64, new int[] {2}, new long[] {-1, 256}), DType.UINT8).l);
  }

  @Test
  void integerDivisionFollowsPython() {
    assertEquals(-4, Math.floorDiv(-7L, 2L));
    assertEquals(1, Math.floorMod(-7L, 2L));
    assertEquals(-1, -7L % 2L);
    assertEquals(-13, DTypes.wrap(ElementwiseTable.intPow(3, 5), DType.INT8));
  }

  @Test
  void reductionsKeepOrDropDimsAndPickFirstExtreme() {
    Nd x = Nd.ofLongs(DType.INT32, new int[] {2, 3}, new long[] {1, 5, 5, 7, 0, 7});
    Nd sum = Ref.reduce(Op.SUM, x, new int[] {1}, true, DType.INT64);
    assertArrayEquals(new int[] {2, 1}, sum.shape);
    assertArrayEquals(new long[] {11, 14}, sum.l);
    assertArrayEquals(new long[] {1, 0}, Ref.reduce(Op.ARGMAX, x, new int[] {1}, false, DType.INT64).l);
    assertArrayEquals(new long[] {3}, Ref.reduce(Op.ARGMAX, x, null, false, DType.INT64).l);
    assertArrayEquals(new long[] {1}, Ref.reduce(Op.PROD, Nd.zeros(DType.INT64, 0), new int[] {0}, false, DType.INT64).l);
  }

  @Test
  void im2colAndCol2imAreAdjoint() {
    Random r = new Random(5);
    for (ConvGeometry g : LinalgSuite.GEOMETRIES) {
      Nd x = Domain.SMALL.draw(r, DType.FLOAT64, g.n(), g.c(), g.h(), g.w());
      Nd c = Domain.SMALL.draw(r, DType.FLOAT64, g.n(), g.colRows(), g.colCols());
      assertEquals(dot(Ref.im2col(x, g), c), dot(x, Ref.col2im(c, g)), 1e-9, g.toString());
    }
  }

  @Test
  void conv2dEqualsIm2colThenMatmul() {
    Random r = new Random(6);
    Nd x = Domain.SMALL.draw(r, DType.FLOAT64, 2, 3, 9, 8);
    Nd w = Domain.SMALL.draw(r, DType.FLOAT64, 4, 3, 3, 2);
    ConvGeometry g = new ConvGeometry(2, 3, 9, 8, 3, 2, 2, 1, 1, 2, 1, 2);
    Nd direct = Ref.conv2d(x, w, null, new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 1, false);
    Nd viaGemm = Ref.matmul(w.reshape(4, 18), Ref.im2col(x, g));
    assertArrayEquals(direct.f, viaGemm.reshape(direct.shape).f, 1e-12);
  }

  @Test
  void softmaxRowsSumToOneAndViewsMatchIndexing() {
    Nd x = Domain.WIDE.draw(new Random(7), DType.FLOAT64, 3, 13);
    Nd s = Ref.reduce(Op.SUM, Ref.softmax(x, 1, false), new int[] {1}, false, DType.FLOAT64);
    for (double v : s.f) assertEquals(1.0, v, 1e-12);
    Nd m = Nd.ofLongs(DType.INT64, new int[] {2, 3}, new long[] {0, 1, 2, 3, 4, 5});
    assertArrayEquals(new long[] {5, 4, 3, 2, 1, 0}, Ref.flip(m, 0, 1).l);
    assertArrayEquals(new long[] {0, 3, 1, 4, 2, 5}, Ref.permute(m, new int[] {1, 0}).l);
    assertArrayEquals(new long[] {1, 4}, Ref.select(m, 1, 1).l);
    assertArrayEquals(new long[] {0, 2, 3, 5}, Ref.slice(m, 1, 0, 3, 2).l);
    assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 0, 1, 2}, Ref.cat(List.of(m, Ref.slice(m, 0, 0, 1, 1)), 0).l);
  }

  private static double dot(Nd a, Nd b) {
    double s = 0;
    for (int i = 0; i < a.numel(); i++) s += a.f[i] * b.f[i];
    return s;
  }
}
