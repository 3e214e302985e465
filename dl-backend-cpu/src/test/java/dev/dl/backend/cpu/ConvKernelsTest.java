package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused conv2d kernels (forward, input and weight gradients) against a direct double-precision
 * loop over the definition, on fixed and seeded random geometries, with vector and scalar tiles.
 */
class ConvKernelsTest {
  /** A case: geometry, output channels, groups, whether there is a bias. */
  record Case(ConvGeometry g, int outC, int groups, boolean bias) {
    @Override
    public String toString() { return g + " outC=" + outC + " groups=" + groups + " bias=" + bias; }
  }

  static Stream<Arguments> cases() {
    List<Case> cases = new ArrayList<>();
    // The benchmark shapes with fewer images, 1x1 (the direct path), stride, dilation, groups,
    // padding wider than the window, a single output pixel, non-square everything.
    cases.add(new Case(geom(2, 3, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1), 64, 1, true));
    cases.add(new Case(geom(3, 1, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1), 32, 1, true));
    cases.add(new Case(geom(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1), 1, 1, false));
    cases.add(new Case(geom(2, 6, 5, 7, 1, 1, 1, 1, 0, 0, 1, 1), 4, 2, true));
    cases.add(new Case(geom(1, 4, 9, 6, 3, 2, 2, 3, 2, 0, 2, 1), 6, 2, false));
    cases.add(new Case(geom(2, 2, 3, 2, 3, 3, 1, 1, 4, 4, 1, 1), 3, 1, true));
    cases.add(new Case(geom(1, 8, 4, 13, 3, 3, 1, 1, 1, 2, 2, 2), 8, 8, true));
    cases.add(new Case(geom(1, 3, 7, 7, 7, 7, 1, 1, 0, 0, 1, 1), 5, 1, true));
    // Many column rows and positions: the positions are split into several column blocks.
    cases.add(new Case(geom(1, 40, 30, 34, 3, 3, 1, 1, 1, 1, 1, 1), 13, 1, true));
    cases.add(new Case(geom(2, 1, 20, 300, 3, 5, 1, 2, 1, 2, 1, 1), 7, 1, false));
    // 'Same' width at unit stride (a column row is the image shifted by one flat offset),
    // with window rows entirely above or below a short image, and dilation.
    cases.add(new Case(geom(2, 2, 2, 5, 5, 3, 1, 1, 2, 1, 1, 1), 3, 1, true));
    cases.add(new Case(geom(1, 3, 6, 7, 3, 3, 1, 1, 2, 2, 2, 2), 4, 1, false));
    cases.add(new Case(geom(1, 2, 1, 9, 1, 7, 1, 1, 0, 3, 1, 1), 2, 2, true));
    // 24 to 32 column rows (the weight gradient's transposed, channel-last path): groups, strides,
    // vertical dilation, asymmetric padding, output channels that leave a partial row tile.
    cases.add(new Case(geom(2, 6, 9, 11, 3, 3, 2, 3, 1, 2, 2, 1), 10, 2, true));
    cases.add(new Case(geom(1, 2, 7, 6, 4, 4, 1, 2, 0, 1, 1, 1), 13, 1, false));
    cases.add(new Case(geom(3, 27, 5, 4, 1, 1, 1, 1, 0, 0, 1, 1), 9, 1, true));
    // A wide layer: long inner dimensions and a large weight take the packed GEMM with vector tiles too.
    cases.add(new Case(geom(2, 64, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1), 300, 1, true));
    Random rnd = new Random(20261124);
    for (int i = 0; i < 14; i++) {
      int groups = 1 + rnd.nextInt(3);
      int c = groups * (1 + rnd.nextInt(4));
      int outC = groups * (1 + rnd.nextInt(9));
      int kh = 1 + rnd.nextInt(4), kw = 1 + rnd.nextInt(4);
      int dh = 1 + rnd.nextInt(2), dw = 1 + rnd.nextInt(2);
      int ph = rnd.nextInt(3), pw = rnd.nextInt(3);
      int h = Math.max(1, dh * (kh - 1) + 1 - 2 * ph) + rnd.nextInt(12);
      int w = Math.max(1, dw * (kw - 1) + 1 - 2 * pw) + rnd.nextInt(12);
      int sh = 1 + rnd.nextInt(3), sw = 1 + rnd.nextInt(3);
      ConvGeometry g = geom(1 + rnd.nextInt(3), c, h, w, kh, kw, sh, sw, ph, pw, dh, dw);
      cases.add(new Case(g, outC, groups, rnd.nextBoolean()));
    }
    List<Arguments> args = new ArrayList<>();
    for (Case k : cases) {
      args.add(Arguments.of(k, false));
      if (Operands.vectorAvailable()) args.add(Arguments.of(k, true));
    }
    return args.stream();
  }

  private static ConvGeometry geom(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh,
      int dw) {
    return new ConvGeometry(n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw);
  }

  @ParameterizedTest(name = "{0} vector={1}")
  @MethodSource("cases")
  void matchesTheDefinition(Case k, boolean vector) {
    CpuBackend be = vector ? Operands.vector() : Operands.scalar();
    ConvGeometry g = k.g;
    int cg = g.c() / k.groups, ocg = k.outC / k.groups;
    int oh = g.outH(), ow = g.outW();
    Random rnd = new Random(k.toString().hashCode());
    double[] xv = Operands.random(rnd, g.n() * g.c() * g.h() * g.w());
    double[] wv = Operands.random(rnd, k.outC * cg * g.kh() * g.kw());
    double[] bv = Operands.random(rnd, k.outC);
    double[] gov = Operands.random(rnd, g.n() * k.outC * oh * ow);
    DType t = DType.FLOAT32;
    Operand x = offset(be, xv, g.n(), g.c(), g.h(), g.w());
    Operand w = offset(be, wv, k.outC, cg, g.kh(), g.kw());
    Operand b = k.bias ? offset(be, bv, k.outC) : null;
    Operand gradOut = offset(be, gov, g.n(), k.outC, oh, ow);
    // Outputs start as garbage: every element must be written.
    Operand out = offset(be, Operands.random(rnd, g.n() * k.outC * oh * ow), g.n(), k.outC, oh, ow);
    Operand gradX = offset(be, Operands.random(rnd, xv.length), g.n(), g.c(), g.h(), g.w());
    Operand gradW = offset(be, Operands.random(rnd, wv.length), k.outC, cg, g.kh(), g.kw());
    assertTrue(be.conv2d(out, x, w, b, g, k.groups));
    assertTrue(be.conv2dBackwardInput(gradX, gradOut, w, g, k.groups));
    assertTrue(be.conv2dBackwardWeight(gradW, gradOut, x, g, k.groups));

    double[] wantOut = new double[g.n() * k.outC * oh * ow];
    double[] wantGx = new double[xv.length];
    double[] wantGw = new double[wv.length];
    double[] scaleOut = new double[wantOut.length];
    double[] scaleGx = new double[wantGx.length];
    double[] scaleGw = new double[wantGw.length];
    for (int n = 0; n < g.n(); n++) {
      for (int oc = 0; oc < k.outC; oc++) {
        int grp = oc / ocg;
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            int o = ((n * k.outC + oc) * oh + oy) * ow + ox;
            double acc = k.bias ? bv[oc] : 0;
            double mag = k.bias ? Math.abs(bv[oc]) : 0;
            for (int ci = 0; ci < cg; ci++) {
              int c = grp * cg + ci;
              for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) {
                  int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                  int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                  if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) continue;
                  int xi = ((n * g.c() + c) * g.h() + iy) * g.w() + ix;
                  int wi = ((oc * cg + ci) * g.kh() + ki) * g.kw() + kj;
                  acc += xv[xi] * wv[wi];
                  mag += Math.abs(xv[xi] * wv[wi]);
                  wantGx[xi] += gov[o] * wv[wi];
                  scaleGx[xi] += Math.abs(gov[o] * wv[wi]);
                  wantGw[wi] += gov[o] * xv[xi];
                  scaleGw[wi] += Math.abs(gov[o] * xv[xi]);
                }
              }
            }
            wantOut[o] = acc;
            scaleOut[o] = mag;
          }
        }
      }
    }
    check("conv2d", wantOut, scaleOut, Operands.values(out), k, vector);
    check("conv2dBackwardInput", wantGx, scaleGx, Operands.values(gradX), k, vector);
    check("conv2dBackwardWeight", wantGw, scaleGw, Operands.values(gradW), k, vector);
  }

  /** A contiguous float32 operand that starts 3 elements into its storage, as a view would. */
  private static Operand offset(CpuBackend be, double[] values, int... shape) {
    double[] padded = new double[values.length + 3];
    System.arraycopy(values, 0, padded, 3, values.length);
    Operand whole = Operands.of(be, DType.FLOAT32, padded, padded.length);
    return Operands.view(whole, shape, dev.dl.Shape.contiguousStrides(shape), 3);
  }

  /** float32 rounding error grows with the sum of the terms' magnitudes, not with the result. */
  private static void check(String what, double[] want, double[] scale, double[] got, Case k, boolean vector) {
    for (int i = 0; i < want.length; i++) {
      int at = i;
      assertEquals(want[i], got[i], 1e-5 * (1 + scale[i]), () -> what + " at " + at + ", " + k + " vector=" + vector);
    }
  }

  @Test
  void weightGradientIsTheSameOnEveryRun() {
    CpuBackend be = Operands.vectorAvailable() ? Operands.vector() : Operands.scalar();
    ConvGeometry g = geom(8, 3, 12, 12, 3, 3, 1, 1, 1, 1, 1, 1);
    Random rnd = new Random(7);
    Operand x = Operands.of(be, DType.FLOAT32, Operands.random(rnd, 8 * 3 * 144), 8, 3, 12, 12);
    Operand gradOut = Operands.of(be, DType.FLOAT32, Operands.random(rnd, 8 * 5 * 144), 8, 5, 12, 12);
    double[] first = null;
    for (int run = 0; run < 5; run++) {
      Operand gradW = Operands.empty(be, DType.FLOAT32, 5, 3, 3, 3);
      assertTrue(be.conv2dBackwardWeight(gradW, gradOut, x, g, 1));
      double[] got = Operands.values(gradW);
      if (first == null) {
        first = got;
      } else {
        assertArrayEquals(first, got, 0.0);
      }
    }
  }

  @Test
  void otherDtypesAreLeftToTheComposite() {
    CpuBackend be = Operands.scalar();
    ConvGeometry g = geom(1, 1, 3, 3, 2, 2, 1, 1, 0, 0, 1, 1);
    for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16, DType.INT32}) {
      Operand x = Operands.empty(be, t, 1, 1, 3, 3);
      Operand w = Operands.empty(be, t, 1, 1, 2, 2);
      Operand out = Operands.empty(be, t, 1, 1, 2, 2);
      assertFalse(be.conv2d(out, x, w, null, g, 1), t::toString);
      assertFalse(be.conv2dBackwardInput(x, out, w, g, 1), t::toString);
      assertFalse(be.conv2dBackwardWeight(w, out, x, g, 1), t::toString);
    }
  }
}
