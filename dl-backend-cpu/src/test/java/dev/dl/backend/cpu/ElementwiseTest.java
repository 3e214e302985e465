package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unary, binary, where and fill: semantics per dtype, strides and broadcasting, fast vs plain. */
class ElementwiseTest {
  private final CpuBackend be = Operands.scalar();

  private double[] binary(Op op, DType t, double[] a, double[] b) {
    Operand x = Operands.of(be, t, a, a.length);
    Operand y = Operands.of(be, t, b, b.length);
    Operand out = Operands.empty(be, Op.COMPARISON.contains(op) ? DType.BOOL : t, a.length);
    be.binary(op, out, x, y);
    return Operands.values(out);
  }

  private double[] unary(Op op, DType t, double... a) {
    Operand x = Operands.of(be, t, a, a.length);
    Operand out = Operands.empty(be, Op.PREDICATE.contains(op) && op != Op.LOGICAL_NOT ? DType.BOOL : t, a.length);
    be.unary(op, out, x);
    return Operands.values(out);
  }

  @Test
  void integerDivisionFollowsPython() {
    double[] a = {7, -7, 7, -7, 0};
    double[] b = {2, 2, -2, -2, 3};
    for (DType t : new DType[] {DType.INT8, DType.INT16, DType.INT32, DType.INT64}) {
      assertArrayEquals(new double[] {3, -4, -4, 3, 0}, binary(Op.FLOOR_DIVIDE, t, a, b), t.toString());
      assertArrayEquals(new double[] {1, 1, -1, -1, 0}, binary(Op.REMAINDER, t, a, b), t.toString());
      assertArrayEquals(new double[] {1, -1, 1, -1, 0}, binary(Op.FMOD, t, a, b), t.toString());
    }
    assertArrayEquals(new double[] {3, -4, -4, 3, 0}, binary(Op.FLOOR_DIVIDE, DType.FLOAT32, a, b));
    assertArrayEquals(new double[] {1, 1, -1, -1, 0}, binary(Op.REMAINDER, DType.FLOAT64, a, b));
    assertArrayEquals(new double[] {1, -1, 1, -1, 0}, binary(Op.FMOD, DType.FLOAT64, a, b));
  }

  @Test
  void integerDivisionByZeroIsAnErrorButFloatGivesInf() {
    for (Op op : new Op[] {Op.FLOOR_DIVIDE, Op.REMAINDER, Op.FMOD}) {
      ArithmeticException e = assertThrows(ArithmeticException.class,
          () -> binary(op, DType.INT64, new double[] {1, 2}, new double[] {1, 0}));
      assertTrue(e.getMessage().contains("ZeroDivisionError") && e.getMessage().contains(op.displayName()), e.getMessage());
    }
    // Also through the parallel path, where fork/join must not swallow the message.
    int n = 3 * Parallel.GRAIN;
    ArithmeticException e = assertThrows(ArithmeticException.class,
        () -> binary(Op.FLOOR_DIVIDE, DType.INT32, new double[n], new double[n]));
    assertTrue(e.getMessage().contains("ZeroDivisionError"), e.getMessage());
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
        binary(Op.FLOOR_DIVIDE, DType.FLOAT32, new double[] {1, -1}, new double[] {0, 0}));
  }

  @Test
  void integerPowerBySquaringWrapsAndRejectsNegativeExponents() {
    assertArrayEquals(new double[] {81, 1, -8, 0}, binary(Op.POW, DType.INT32, new double[] {3, 5, -2, 0},
        new double[] {4, 0, 3, 2}));
    assertArrayEquals(new double[] {0}, binary(Op.POW, DType.INT8, new double[] {2}, new double[] {8}));
    assertThrows(ArithmeticException.class, () -> binary(Op.POW, DType.INT64, new double[] {2}, new double[] {-1}));
    assertArrayEquals(new double[] {0.25}, binary(Op.POW, DType.FLOAT32, new double[] {2}, new double[] {-2}));
  }

  @Test
  void maximumAndMinimumPropagateNaN() {
    double nan = Double.NaN;
    for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64}) {
      double[] max = binary(Op.MAXIMUM, t, new double[] {nan, 1, 2}, new double[] {1, nan, 3});
      double[] min = binary(Op.MINIMUM, t, new double[] {nan, 1, 2}, new double[] {1, nan, 3});
      assertTrue(Double.isNaN(max[0]) && Double.isNaN(max[1]) && max[2] == 3, t.toString());
      assertTrue(Double.isNaN(min[0]) && Double.isNaN(min[1]) && min[2] == 2, t.toString());
    }
  }

  @Test
  void boolArithmeticIsLogical() {
    double[] a = {0, 0, 1, 1};
    double[] b = {0, 1, 0, 1};
    assertArrayEquals(new double[] {0, 1, 1, 1}, binary(Op.ADD, DType.BOOL, a, b));
    assertArrayEquals(new double[] {0, 0, 0, 1}, binary(Op.MUL, DType.BOOL, a, b));
    assertArrayEquals(new double[] {0, 1, 1, 0}, binary(Op.LOGICAL_XOR, DType.BOOL, a, b));
    assertArrayEquals(new double[] {1, 1, 0, 0}, unary(Op.LOGICAL_NOT, DType.BOOL, a));
  }

  @Test
  void comparisonsWriteBoolAndTreatUint8AsUnsigned() {
    assertArrayEquals(new double[] {0, 1}, binary(Op.LT, DType.UINT8, new double[] {200, 3}, new double[] {100, 4}));
    assertArrayEquals(new double[] {0, 1, 0}, binary(Op.EQ, DType.FLOAT32, new double[] {Double.NaN, 1, 2},
        new double[] {Double.NaN, 1, 3}));
    assertArrayEquals(new double[] {1, 0, 0}, unary(Op.ISNAN, DType.FLOAT16, Double.NaN, 1, Double.POSITIVE_INFINITY));
    assertArrayEquals(new double[] {0, 1, 0}, unary(Op.ISFINITE, DType.FLOAT64, Double.NaN, 1, Double.NEGATIVE_INFINITY));
    assertArrayEquals(new double[] {1, 1}, unary(Op.ISFINITE, DType.INT32, 5, -5));
  }

  @Test
  void integerUnaryOps() {
    assertArrayEquals(new double[] {-3, 5, 0}, unary(Op.NEG, DType.INT32, 3, -5, 0));
    assertArrayEquals(new double[] {3, 5, 0}, unary(Op.ABS, DType.INT64, 3, -5, 0));
    assertArrayEquals(new double[] {1, -1, 0}, unary(Op.SIGN, DType.INT16, 3, -5, 0));
    assertArrayEquals(new double[] {3, 0, 0}, unary(Op.RELU, DType.INT8, 3, -5, 0));
    assertArrayEquals(new double[] {3, -5}, unary(Op.ROUND, DType.INT32, 3, -5));
    assertArrayEquals(new double[] {253}, unary(Op.NEG, DType.UINT8, 3));
    assertArrayEquals(new double[] {-128}, unary(Op.ABS, DType.INT8, -128));
  }

  @Test
  void floatUnaryOpsAgainstJavaMath() {
    double[] x = {-2.5, -0.5, 0.5, 1.5, 2.5, -40, 40, 0};
    assertArrayEquals(new double[] {-2, -0.0, 0, 2, 2, -40, 40, 0}, unary(Op.ROUND, DType.FLOAT64, x));
    assertArrayEquals(new double[] {-2, -0.0, 0, 1, 2, -40, 40, 0}, unary(Op.TRUNC, DType.FLOAT64, x));
    double[] sp = unary(Op.SOFTPLUS, DType.FLOAT64, x);
    double[] gelu = unary(Op.GELU, DType.FLOAT64, x);
    double[] sig = unary(Op.SIGMOID, DType.FLOAT64, x);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Math.log1p(Math.exp(Math.min(x[i], 30))) + Math.max(x[i] - 30, 0), sp[i], 1e-12);
      assertEquals(1 / (1 + Math.exp(-x[i])), sig[i], 1e-15);
    }
    assertEquals(-0.0, gelu[5], 1e-300);
    assertEquals(40, gelu[6], 0);
    assertEquals(0.34573123063700656, gelu[2], 1e-15);   // 0.5 * Phi(0.5)
    double[] relu = unary(Op.RELU, DType.FLOAT32, Double.NaN, -1, 2);
    assertTrue(Double.isNaN(relu[0]) && relu[1] == 0 && relu[2] == 2);
    double[] sign = unary(Op.SIGN, DType.FLOAT32, Double.NaN, -3, 0, 7);
    assertTrue(Double.isNaN(sign[0]) && sign[1] == -1 && sign[2] == 0 && sign[3] == 1);
  }

  @Test
  void erfMatchesKnownValues() {
    double[] x = {0, 0.1, 0.5, 1, 2, 3, 4.5, -1, 7, Double.NEGATIVE_INFINITY};
    double[] want = {0, 0.1124629160182849, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527,
        0.9999779095030014, 0.9999999998033839, -0.8427007929497149, 1, -1};
    double[] got = unary(Op.ERF, DType.FLOAT64, x);
    for (int i = 0; i < x.length; i++) assertEquals(want[i], got[i], 2e-16 * Math.max(1, Math.abs(want[i])), "erf(" + x[i] + ")");
    assertTrue(Double.isNaN(unary(Op.ERF, DType.FLOAT32, Double.NaN)[0]));
  }

  @Test
  void floatErfAgreesWithTheDoubleOneToFloatPrecision() {
    Random rnd = new Random(3);
    for (int i = 0; i < 200_000; i++) {
      double x = i < 1000 ? (i - 500) / 50.0 : rnd.nextGaussian() * 3;
      double want = Erf.erf(x);
      assertEquals(want, Erf.erfFloat(x), 1e-9 * Math.abs(want) + 1e-300, "erf(" + x + ")");
    }
    assertEquals(1.0, Erf.erfFloat(Double.POSITIVE_INFINITY));
    assertTrue(Double.isNaN(Erf.erfFloat(Double.NaN)));
  }

  static Stream<Arguments> fastAndPlain() {
    return Stream.of(1, 4, 13, 207, 702, 1024, 70_001).flatMap(n -> Stream.of(DType.FLOAT32, DType.FLOAT64)
        .map(t -> Arguments.of(n, t)));
  }

  /** Every unary and binary op, vector backend vs scalar backend, dense and broadcast/strided. */
  @ParameterizedTest(name = "n={0} {1}")
  @MethodSource("fastAndPlain")
  void vectorBackendMatchesScalarBackend(int n, DType t) {
    org.junit.jupiter.api.Assumptions.assumeTrue(Operands.vectorAvailable());
    CpuBackend v = Operands.vector();
    Random rnd = new Random(n);
    double[] a = Operands.random(rnd, 2 * n);
    double[] b = Operands.random(rnd, n);
    a[0] = Double.NaN;
    for (Op op : Op.BINARY) {
      if (Op.LOGICAL.contains(op)) continue;
      DType ot = Op.COMPARISON.contains(op) ? DType.BOOL : t;
      double[][] results = new double[2][];
      int r = 0;
      for (CpuBackend back : new CpuBackend[] {v, be}) {
        Operand x = Operands.of(back, t, a, 2 * n);
        Operand xs = Operands.view(x, new int[] {2, n}, new int[] {1, 2}, 0);   // transposed-like strides
        Operand y = Operands.view(Operands.of(back, t, b, n), new int[] {2, n}, new int[] {0, 1}, 0);   // broadcast rows
        Operand out = Operands.empty(back, ot, 2, n);
        back.binary(op, out, xs, y);
        Operand out2 = Operands.empty(back, ot, n);
        back.binary(op, out2, Operands.of(back, t, b, n), Operands.view(x, new int[] {n}, new int[] {0}, 1));
        double[] p = Operands.values(out);
        double[] q = Operands.values(out2);
        double[] all = new double[p.length + q.length];
        System.arraycopy(p, 0, all, 0, p.length);
        System.arraycopy(q, 0, all, p.length, q.length);
        results[r++] = all;
      }
      assertArrayEquals(results[1], results[0], op + " " + t + " n=" + n);
    }
    for (Op op : Op.UNARY) {
      if (Op.LOGICAL.contains(op)) continue;
      DType ot = Op.PREDICATE.contains(op) ? DType.BOOL : t;
      double[][] results = new double[2][];
      int r = 0;
      for (CpuBackend back : new CpuBackend[] {v, be}) {
        Operand out = Operands.empty(back, ot, n);
        back.unary(op, out, Operands.of(back, t, b, n));
        results[r++] = Operands.values(out);
      }
      assertArrayEquals(results[1], results[0], 1e-6, op + " " + t + " n=" + n);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 13, 207, 702})
  void copyingATransposedMatrixMatchesTheDefinition(int n) {
    Random rnd = new Random(n);
    int m = 45;
    double[] v = Operands.random(rnd, m * n);
    // Stored [n, m], viewed [m, n] with strides (1, m), written to a contiguous [m, n].
    Operand x = Operands.transpose(Operands.of(be, DType.FLOAT32, v, n, m), 0, 1);
    Operand out = Operands.empty(be, DType.FLOAT32, m, n);
    be.copy(out, x);
    double[] got = Operands.values(out);
    for (int r = 0; r < m; r++) {
      for (int c = 0; c < n; c++) assertEquals((float) v[c * m + r], got[r * n + c], 0.0, r + "," + c);
    }
  }

  @Test
  void float32ComparisonsAgreeWithFloat64OnesIncludingNaN() {
    double[] a = {1, 2, Double.NaN, -0.0, 3, Double.NEGATIVE_INFINITY, 5};
    double[] b = {1, 1, 1, 0.0, Double.NaN, -1, 6};
    for (Op op : new Op[] {Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE}) {
      assertArrayEquals(binary(op, DType.FLOAT64, a, b), binary(op, DType.FLOAT32, a, b), op.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 13, 70_001})
  void whereAndFillOnEveryDtype(int n) {
    Random rnd = new Random(n);
    for (DType t : DType.values()) {
      double[] a = Operands.randomInts(rnd, n, 1);
      double[] c = new double[n];
      for (int i = 0; i < n; i++) c[i] = rnd.nextBoolean() ? 1 : 0;
      Operand out = Operands.empty(be, t, n);
      be.fill(out, t.isFloatingPoint() ? (Number) 2.0 : (Number) (t == DType.BOOL ? 1L : 2L));
      Operand scalarB = Operands.view(out, new int[] {n}, new int[] {0}, 0);
      Operand res = Operands.empty(be, t, n);
      if (n > 0) be.where(res, Operands.of(be, DType.BOOL, c, n), Operands.of(be, t, a, n), scalarB);
      double[] got = Operands.values(res);
      double fillValue = t == DType.BOOL ? 1 : 2;
      double[] av = Operands.values(Operands.of(be, t, a, n));
      for (int i = 0; i < n; i++) assertEquals(c[i] != 0 ? av[i] : fillValue, got[i], t + " at " + i);
    }
  }

  @Test
  void zeroDimOperands() {
    Operand x = Operands.of(be, DType.FLOAT32, new double[] {-4});
    Operand out = Operands.empty(be, DType.FLOAT32);
    be.unary(Op.ABS, out, x);
    assertArrayEquals(new double[] {4}, Operands.values(out));
    be.binary(Op.MUL, out, out, x);
    assertArrayEquals(new double[] {-16}, Operands.values(out));
  }
}
