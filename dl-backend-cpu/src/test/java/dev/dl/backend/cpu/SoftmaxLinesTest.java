package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dense float32 softmax path (whole-line passes through the {@link Simd} loops) against the
 * double-precision per-line path, with both inner-loop implementations, odd line lengths that
 * leave vector tails, and lines of special values.
 */
class SoftmaxLinesTest {
  private static List<Simd> loops() {
    List<Simd> r = new ArrayList<>();
    r.add(SimdProvider.scalar("forced by test"));
    if (Operands.vectorAvailable()) r.add(SimdProvider.vector());
    return r;
  }

  /** Softmax of {@code values} (rows x len) computed on float64 input: the reference path. */
  private static double[] reference(Op op, double[] values, int rows, int len) {
    CpuBackend be = Operands.scalar();
    Operand x = Operands.of(be, DType.FLOAT64, values, rows, len);
    Operand out = Operands.empty(be, DType.FLOAT64, rows, len);
    assertTrue(be.softmax(op, out, x, 1));
    return Operands.values(out);
  }

  private static double[] float32(Simd simd, Op op, double[] values, int rows, int len) {
    CpuBackend be = Operands.scalar();
    Operand x = Operands.of(be, DType.FLOAT32, values, rows, len);
    Operand out = Operands.empty(be, DType.FLOAT32, rows, len);
    new Lines(simd, Operands.POOL).softmax(op, out, x, 1);
    return Operands.values(out);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 16, 33, 255, 4096})
  void denseFloat32LinesMatchTheDoublePath(int len) {
    Random rnd = new Random(41 + len);
    int rows = 5;
    double[] v = new double[rows * len];
    for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian() * (i % 3 == 0 ? 30 : 3);
    // Round to float so both paths see the same inputs.
    for (int i = 0; i < v.length; i++) v[i] = (float) v[i];
    for (Op op : new Op[] {Op.SOFTMAX, Op.LOG_SOFTMAX}) {
      double[] want = reference(op, v, rows, len);
      for (Simd be : loops()) {
        double[] got = float32(be, op, v, rows, len);
        for (int i = 0; i < want.length; i++) {
          double tol = op == Op.SOFTMAX ? 2e-6 * Math.max(want[i], 1e-30) + 1e-12 : 2e-5 * Math.max(1, Math.abs(want[i]));
          assertEquals(want[i], got[i], tol, op + " len " + len + " element " + i + " with " + be.description());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 40})
  void specialLinesFollowPyTorch(int len) {
    double inf = Double.POSITIVE_INFINITY;
    double[] v = new double[4 * len];
    for (int j = 0; j < len; j++) {
      v[j] = -inf;                              // all -inf: NaN everywhere
      v[len + j] = j == 1 ? Double.NaN : j;     // a NaN: NaN everywhere
      v[2 * len + j] = j == 2 ? inf : j;        // +inf: NaN at the inf, 0 elsewhere
      v[3 * len + j] = 1e4 + j;                 // large values: shifted, no overflow
    }
    for (Op op : new Op[] {Op.SOFTMAX, Op.LOG_SOFTMAX}) {
      double[] want = reference(op, v, 4, len);
      for (Simd be : loops()) {
        double[] got = float32(be, op, v, 4, len);
        for (int i = 0; i < want.length; i++) {
          if (Double.isNaN(want[i])) {
            assertTrue(Double.isNaN(got[i]), op + " element " + i + " is " + got[i] + ", expected NaN with " + be.description());
          } else {
            assertEquals(want[i], got[i], 2e-5 * Math.max(1, Math.abs(want[i])), op + " element " + i + " with " + be.description());
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theBackendUsesItsOwnLinesForFloat32(boolean vector) {
    Assumptions.assumeTrue(!vector || Operands.vectorAvailable(), "Vector API not readable here");
    CpuBackend be = vector ? Operands.vector() : Operands.scalar();
    double[] v = {1, 2, 3, -1, 0, 1};
    Operand x = Operands.of(be, DType.FLOAT32, v, 2, 3);
    Operand out = Operands.empty(be, DType.FLOAT32, 2, 3);
    assertTrue(be.softmax(Op.SOFTMAX, out, x, 1));
    double[] p = Operands.values(out);
    double z = 1 + Math.E + Math.exp(2);
    assertEquals(1 / z, p[0], 1e-7);
    assertEquals(Math.exp(2) / z, p[5], 1e-7);
  }
}
