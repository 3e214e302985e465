package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MAX_POOL2D against a naive window scan: values, flat indices, padding, dilation, NaN and ties. */
class PoolingTest {
  private final CpuBackend be = Operands.vector();

  /** The window scan as the contract reads: in-image taps in window order, NaN first, first maximum. */
  private static Object[] reference(double[] x, ConvGeometry g) {
    int oh = g.outH(), ow = g.outW(), planes = g.n() * g.c();
    double[] v = new double[planes * oh * ow];
    long[] idx = new long[v.length];
    for (int p = 0, o = 0; p < planes; p++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++, o++) {
          double best = Double.NEGATIVE_INFINITY;
          long at = -1;
          for (int i = 0; i < g.kh(); i++) {
            for (int j = 0; j < g.kw(); j++) {
              int y = oy * g.strideH() - g.padH() + i * g.dilationH();
              int c = ox * g.strideW() - g.padW() + j * g.dilationW();
              if (y < 0 || y >= g.h() || c < 0 || c >= g.w()) continue;
              double e = x[p * g.h() * g.w() + y * g.w() + c];
              boolean bestIsNaN = at >= 0 && Double.isNaN(best);
              if (!bestIsNaN && (at < 0 || e > best || Double.isNaN(e))) {
                best = e;
                at = (long) y * g.w() + c;
              }
            }
          }
          v[o] = best;
          idx[o] = at;
        }
      }
    }
    return new Object[] {v, idx};
  }

  /** Random geometries that PyTorch accepts (padding at most half the effective window, output not empty). */
  static Stream<ConvGeometry> geometries() {
    Random r = new Random(20261124);
    Stream<ConvGeometry> fixed = Stream.of(
        new ConvGeometry(2, 3, 8, 8, 2, 2, 2, 2, 0, 0, 1, 1),   // LeNet's pool
        new ConvGeometry(1, 2, 7, 9, 2, 2, 2, 2, 0, 0, 1, 1),   // odd sizes: last row/column unused
        new ConvGeometry(1, 1, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1),
        new ConvGeometry(2, 2, 6, 7, 2, 3, 1, 2, 1, 1, 2, 1),
        new ConvGeometry(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1));
    Stream<ConvGeometry> random = IntStream.range(0, 40).mapToObj(k -> {
      while (true) {
        int kh = 1 + r.nextInt(4), kw = 1 + r.nextInt(4), dh = 1 + r.nextInt(3), dw = 1 + r.nextInt(3);
        int ph = r.nextInt((dh * (kh - 1) + 1) / 2 + 1), pw = r.nextInt((dw * (kw - 1) + 1) / 2 + 1);
        ConvGeometry g = new ConvGeometry(1 + r.nextInt(3), 1 + r.nextInt(3), 1 + r.nextInt(12), 1 + r.nextInt(12),
            kh, kw, 1 + r.nextInt(3), 1 + r.nextInt(3), ph, pw, dh, dw);
        if (g.outH() > 0 && g.outW() > 0 && !hasEmptyWindow(g)) return g;
      }
    });
    return Stream.concat(fixed, random);
  }

  /** True when some window has no tap inside the image (only possible with dilation; PyTorch leaves it undefined). */
  private static boolean hasEmptyWindow(ConvGeometry g) {
    for (int oy = 0; oy < g.outH(); oy++) {
      boolean any = false;
      for (int i = 0; i < g.kh(); i++) {
        int y = oy * g.strideH() - g.padH() + i * g.dilationH();
        any |= y >= 0 && y < g.h();
      }
      if (!any) return true;
    }
    for (int ox = 0; ox < g.outW(); ox++) {
      boolean any = false;
      for (int j = 0; j < g.kw(); j++) {
        int c = ox * g.strideW() - g.padW() + j * g.dilationW();
        any |= c >= 0 && c < g.w();
      }
      if (!any) return true;
    }
    return false;
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void matchesTheWindowScan(ConvGeometry g) {
    Random rnd = new Random(g.hashCode());
    int n = g.n() * g.c() * g.h() * g.w();
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      // Small integers make ties common; a few NaNs and infinities test the ordering.
      double[] xv = Operands.randomInts(rnd, n, 4);
      for (int k = 0; k < n; k++) {
        int u = rnd.nextInt(40);
        if (u == 0) xv[k] = Double.NaN;
        else if (u == 1) xv[k] = Double.NEGATIVE_INFINITY;
        else if (u == 2) xv[k] = Double.POSITIVE_INFINITY;
      }
      check(g, t, xv);
    }
  }

  @Test
  void nanWinsAndTheFirstMaximumWinsTies() {
    ConvGeometry two = new ConvGeometry(1, 1, 2, 4, 2, 2, 2, 2, 0, 0, 1, 1);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      // Window 1: 3 twice (first at 1); window 2: NaN after a larger number, then another NaN.
      double[] xv = {1, 3, 5, Double.NaN, 3, 0, Double.NaN, 9};
      Object[] got = run(two, t, xv);
      double[] v = (double[]) got[0];
      assertEquals(3.0, v[0]);
      assertTrue(Double.isNaN(v[1]));
      assertArrayEquals(new long[] {1, 3}, (long[]) got[1]);
      check(new ConvGeometry(1, 1, 2, 4, 2, 3, 1, 1, 0, 1, 1, 1), t, xv);
    }
    ConvGeometry all = new ConvGeometry(1, 1, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1);
    double[] minusInf = new double[9];
    java.util.Arrays.fill(minusInf, Double.NEGATIVE_INFINITY);
    Object[] got = run(all, DType.FLOAT32, minusInf);
    assertArrayEquals(new long[] {0, 0, 1, 0, 0, 1, 3, 3, 4}, (long[]) got[1], "first in-image tap of each window");
  }

  @Test
  void otherDtypesAreLeftToTheComposite() {
    ConvGeometry g = new ConvGeometry(1, 1, 2, 2, 2, 2, 2, 2, 0, 0, 1, 1);
    for (DType t : new DType[] {DType.INT32, DType.FLOAT16, DType.BFLOAT16, DType.INT64}) {
      Operand x = Operands.of(be, t, new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
      assertFalse(be.maxPool2d(Operands.empty(be, t, 1, 1, 1, 1), Operands.empty(be, DType.INT64, 1, 1, 1, 1), x, g), t.toString());
    }
  }

  @Test
  void planesSplitAcrossThreadsGiveTheSameResult() {
    ConvGeometry g = new ConvGeometry(8, 16, 24, 24, 2, 2, 2, 2, 0, 0, 1, 1);
    double[] xv = Operands.randomInts(new Random(3), g.n() * g.c() * g.h() * g.w(), 1000);
    check(g, DType.FLOAT32, xv);
    check(new ConvGeometry(8, 16, 24, 24, 3, 3, 2, 2, 1, 1, 1, 1), DType.FLOAT64, xv);
  }

  private Object[] run(ConvGeometry g, DType t, double[] xv) {
    Operand x = Operands.of(be, t, xv, g.n(), g.c(), g.h(), g.w());
    Operand v = Operands.empty(be, t, g.n(), g.c(), g.outH(), g.outW());
    Operand i = Operands.empty(be, DType.INT64, g.n(), g.c(), g.outH(), g.outW());
    assertTrue(be.maxPool2d(v, i, x, g));
    return new Object[] {Operands.values(v), ((CpuStorage) i.storage()).data};
  }

  private void check(ConvGeometry g, DType t, double[] xv) {
    double[] rounded = xv.clone();
    if (t == DType.FLOAT32) for (int k = 0; k < rounded.length; k++) rounded[k] = (float) rounded[k];
    Object[] want = reference(rounded, g);
    Object[] got = run(g, t, xv);
    assertArrayEquals((double[]) want[0], (double[]) got[0], t + " " + g);
    assertArrayEquals((long[]) want[1], (long[]) got[1], t + " " + g);
  }
}
