package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** im2col against a direct definition; col2im as its adjoint: dot(im2col(x), y) == dot(x, col2im(y)). */
class ConvTest {
  private final CpuBackend be = Operands.scalar();

  static Stream<ConvGeometry> geometries() {
    return Stream.of(new ConvGeometry(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1),
        new ConvGeometry(2, 3, 5, 7, 3, 3, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(1, 2, 8, 6, 3, 2, 2, 3, 2, 0, 2, 1),
        new ConvGeometry(3, 1, 13, 13, 5, 5, 2, 2, 2, 2, 1, 1),
        // The benchmark shapes (fewer images), padding wider than the kernel, dilation at stride 1.
        new ConvGeometry(2, 3, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 1, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(1, 2, 3, 2, 3, 3, 1, 1, 4, 4, 1, 1),
        new ConvGeometry(1, 1, 4, 13, 3, 3, 1, 1, 1, 2, 2, 2));
  }

  @ParameterizedTest
  @MethodSource("geometries")
  void im2colMatchesDefinitionAndCol2imIsItsAdjoint(ConvGeometry g) {
    Random rnd = new Random(g.hashCode());
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
      double[] xv = Operands.randomInts(rnd, g.n() * g.c() * g.h() * g.w(), 5);
      Operand x = Operands.of(be, t, xv, g.n(), g.c(), g.h(), g.w());
      Operand cols = Operands.empty(be, t, g.n(), g.colRows(), g.colCols());
      be.im2col(cols, x, g);
      double[] got = Operands.values(cols);
      double[] want = new double[got.length];
      int i = 0;
      for (int n = 0; n < g.n(); n++) {
        for (int c = 0; c < g.c(); c++) {
          for (int ki = 0; ki < g.kh(); ki++) {
            for (int kj = 0; kj < g.kw(); kj++) {
              for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                  int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                  int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                  boolean in = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
                  want[i++] = in ? xv[((n * g.c() + c) * g.h() + iy) * g.w() + ix] : 0;
                }
              }
            }
          }
        }
      }
      assertArrayEquals(want, got, t + " " + g);
      double[] yv = Operands.randomInts(rnd, got.length, 5);
      Operand img = Operands.empty(be, t, g.n(), g.c(), g.h(), g.w());
      be.col2im(img, Operands.of(be, t, yv, g.n(), g.colRows(), g.colCols()), g);
      double lhs = 0;
      double rhs = 0;
      double[] back = Operands.values(img);
      for (int k = 0; k < got.length; k++) lhs += got[k] * yv[k];
      for (int k = 0; k < xv.length; k++) rhs += xv[k] * back[k];
      assertEquals(lhs, rhs, 0.0, t + " " + g);
    }
  }
}
