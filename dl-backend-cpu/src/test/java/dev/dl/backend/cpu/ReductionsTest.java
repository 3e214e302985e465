package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reductions, scans and softmax against direct loops. */
class ReductionsTest {
  private final CpuBackend be = Operands.scalar();

  private double[] reduce(CpuBackend back, Op op, Operand x, int... dims) {
    int[] shape = x.shape().clone();
    for (int d : dims) shape[d] = 1;
    DType ot = op == Op.ARGMAX || op == Op.ARGMIN ? DType.INT64 : x.dtype();
    Operand out = Operands.empty(back, ot, shape);
    back.reduce(op, out, x, dims);
    return Operands.values(out);
  }

  @Test
  void sumOverEachSetOfDimsOfA3dTensor() {
    double[] v = new double[2 * 3 * 4];
    for (int i = 0; i < v.length; i++) v[i] = i;
    Operand x = Operands.of(be, DType.FLOAT32, v, 2, 3, 4);
    assertArrayEquals(new double[] {12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34}, reduce(be, Op.SUM, x, 0));
    assertArrayEquals(new double[] {6, 22, 38, 54, 70, 86}, reduce(be, Op.SUM, x, 2));
    assertArrayEquals(new double[] {60, 66, 72, 78}, reduce(be, Op.SUM, x, 0, 1));
    assertArrayEquals(new double[] {276}, reduce(be, Op.SUM, x, 0, 1, 2));
    assertArrayEquals(new double[] {60, 66, 72, 78}, reduce(be, Op.SUM, Operands.transpose(x, 0, 2), 1, 2));
    assertArrayEquals(new double[] {23}, reduce(be, Op.MAX, x, 0, 1, 2));
    assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3}, reduce(be, Op.ARGMAX, x, 2));
    assertArrayEquals(new double[8], reduce(be, Op.ARGMIN, x, 1));
  }

  @Test
  void float32SumAccumulatesInDouble() {
    Operand x = Operands.of(be, DType.FLOAT32, new double[] {16777216, 1, 1, 1, 1}, 5);
    assertArrayEquals(new double[] {16777220}, reduce(be, Op.SUM, x, 0));
    Operand h = Operands.of(be, DType.FLOAT16, new double[] {2048, 1, 1}, 3);
    assertArrayEquals(new double[] {2050}, reduce(be, Op.SUM, h, 0));
  }

  @Test
  void nanPropagatesThroughMaxMinAndWinsArgmaxArgmin() {
    double nan = Double.NaN;
    Operand x = Operands.of(be, DType.FLOAT32, new double[] {1, nan, 5, nan, 0}, 5);
    assertTrue(Double.isNaN(reduce(be, Op.MAX, x, 0)[0]));
    assertTrue(Double.isNaN(reduce(be, Op.MIN, x, 0)[0]));
    assertArrayEquals(new double[] {1}, reduce(be, Op.ARGMAX, x, 0));
    assertArrayEquals(new double[] {1}, reduce(be, Op.ARGMIN, x, 0));
    Operand ties = Operands.of(be, DType.INT32, new double[] {3, 7, 7, 1, 1}, 5);
    assertArrayEquals(new double[] {1}, reduce(be, Op.ARGMAX, ties, 0));
    assertArrayEquals(new double[] {3}, reduce(be, Op.ARGMIN, ties, 0));
  }

  @Test
  void integerAndBoolReductions() {
    Operand x = Operands.of(be, DType.INT64, new double[] {3, -2, 5, 7}, 2, 2);
    assertArrayEquals(new double[] {-6, 35}, reduce(be, Op.PROD, x, 1));
    assertArrayEquals(new double[] {3, 7}, reduce(be, Op.MAX, x, 1));
    assertArrayEquals(new double[] {3, -2}, reduce(be, Op.MIN, x, 0));
    Operand b = Operands.of(be, DType.BOOL, new double[] {0, 1, 1, 1}, 2, 2);
    assertArrayEquals(new double[] {1, 1}, reduce(be, Op.MAX, b, 1));   // any
    assertArrayEquals(new double[] {0, 1}, reduce(be, Op.MIN, b, 1));   // all
    Operand u = Operands.of(be, DType.UINT8, new double[] {200, 100}, 2);
    assertArrayEquals(new double[] {44}, reduce(be, Op.SUM, u, 0));      // wraps like uint8
  }

  @Test
  void emptyDimsGiveTheIdentity() {
    Operand x = Operands.empty(be, DType.FLOAT32, 3, 0);
    assertArrayEquals(new double[] {0, 0, 0}, reduce(be, Op.SUM, x, 1));
    assertArrayEquals(new double[] {1, 1, 1}, reduce(be, Op.PROD, x, 1));
    assertEquals(0, reduce(be, Op.SUM, x, 0).length);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 13, 207, 702, 1024, 200_001})
  void vectorAndScalarReductionsAgree(int n) {
    org.junit.jupiter.api.Assumptions.assumeTrue(Operands.vectorAvailable());
    CpuBackend v = Operands.vector();
    Random rnd = new Random(n);
    double[] data = Operands.random(rnd, 3 * n);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Operand xv = Operands.of(v, t, data, 3, n);
      Operand xs = Operands.of(be, t, data, 3, n);
      for (Op op : new Op[] {Op.SUM, Op.MAX, Op.MIN, Op.PROD, Op.ARGMAX}) {
        for (int[] dims : new int[][] {{1}, {0}, {0, 1}}) {
          if (op == Op.ARGMAX && dims.length > 1) continue;
          assertArrayEquals(reduce(be, op, xs, dims), reduce(v, op, xv, dims), 1e-9 * n, op + " " + t);
        }
      }
      double want = 0;
      for (double d : Operands.values(xs)) want += d;
      assertEquals(want, reduce(v, Op.SUM, xv, 0, 1)[0], 1e-3);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 13, 207, 702})
  void sumOverLeadingDimsMatchesTheGeneralPath(int n) {
    Random rnd = new Random(n);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.BFLOAT16}) {
      Operand x = Operands.of(be, t, Operands.random(rnd, 3 * n * 5), 3, n, 5);
      // Same values laid out [5, n, 3] and viewed transposed: not contiguous, so the general fold runs.
      double[] v = Operands.values(x);
      double[] perm = new double[v.length];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < n; j++) {
          for (int k = 0; k < 5; k++) perm[(k * n + j) * 3 + i] = v[(i * n + j) * 5 + k];
        }
      }
      Operand y = Operands.transpose(Operands.of(be, t, perm, 5, n, 3), 0, 2);
      double tol = t == DType.BFLOAT16 ? 1e-2 : 1e-6;
      assertArrayEquals(reduce(be, Op.SUM, y, 0, 1), reduce(be, Op.SUM, x, 0, 1), tol, t.toString());
      assertArrayEquals(reduce(be, Op.SUM, y, 0), reduce(be, Op.SUM, x, 0), tol, t.toString());
    }
  }

  @Test
  void scansAlongEachDim() {
    Operand x = Operands.of(be, DType.INT32, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Operand out = Operands.empty(be, DType.INT32, 2, 3);
    be.scan(Op.CUMSUM, out, x, 1);
    assertArrayEquals(new double[] {1, 3, 6, 4, 9, 15}, Operands.values(out));
    be.scan(Op.CUMPROD, out, x, 0);
    assertArrayEquals(new double[] {1, 2, 3, 4, 10, 18}, Operands.values(out));
    Operand f = Operands.transpose(Operands.of(be, DType.FLOAT64, new double[] {1, 2, 3, 4, 5, 6}, 2, 3), 0, 1);
    Operand fo = Operands.empty(be, DType.FLOAT64, 3, 2);
    be.scan(Op.CUMSUM, fo, f, 0);
    assertArrayEquals(new double[] {1, 4, 3, 9, 6, 15}, Operands.values(fo));
  }

  @Test
  void softmaxIsStableAndSumsToOne() {
    Operand x = Operands.of(be, DType.FLOAT32, new double[] {1000, 1001, 1002, -5, 0, 5}, 2, 3);
    Operand out = Operands.empty(be, DType.FLOAT32, 2, 3);
    assertTrue(be.softmax(Op.SOFTMAX, out, x, 1));
    double[] p = Operands.values(out);
    double z = 1 + Math.exp(1) + Math.exp(2);
    assertArrayEquals(new double[] {1 / z, Math.E / z, Math.exp(2) / z}, new double[] {p[0], p[1], p[2]}, 1e-7);
    Operand log = Operands.empty(be, DType.FLOAT64, 3, 2);
    assertTrue(be.softmax(Op.LOG_SOFTMAX, log, Operands.transpose(Operands.of(be, DType.FLOAT64,
        new double[] {1000, 1001, 1002, -5, 0, 5}, 2, 3), 0, 1), 0));
    double[] l = Operands.values(log);
    assertEquals(-Math.log(z), l[0], 1e-12);
    assertEquals(1 - Math.log(z), l[2], 1e-12);
    assertEquals(2 - Math.log(z), l[4], 1e-12);
  }
}
