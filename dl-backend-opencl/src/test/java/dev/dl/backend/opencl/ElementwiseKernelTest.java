package dev.dl.backend.opencl;

import static dev.dl.backend.opencl.ClTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Fill, copy, unary, binary and where against {@link Reference}, on awkward sizes and layouts. */
class ElementwiseKernelTest {
  private static final Set<Op> POSITIVE_DOMAIN = EnumSet.of(Op.LOG, Op.SQRT, Op.RSQRT, Op.LOG1P);
  private static final Set<Op> INTEGER_UNARY = EnumSet.of(Op.NEG, Op.ABS, Op.SIGN, Op.RELU, Op.FLOOR, Op.CEIL,
      Op.ROUND, Op.TRUNC, Op.ISNAN, Op.ISINF, Op.ISFINITE);
  private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16};
  private static final DType[] INTS = {DType.INT8, DType.UINT8, DType.INT16, DType.INT32, DType.INT64};

  static Stream<Arguments> unaryCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Op op : Op.UNARY) {
      if (op == Op.LOGICAL_NOT) {
        cases.add(Arguments.of(op, DType.BOOL));
        continue;
      }
      for (DType dt : FLOATS) cases.add(Arguments.of(op, dt));
      if (INTEGER_UNARY.contains(op)) for (DType dt : INTS) cases.add(Arguments.of(op, dt));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("unaryCases")
  void unaryMatchesReference(Op op, DType dt) {
    backend();
    Random r = new Random(op.ordinal() * 31L + dt.ordinal());
    boolean fp = dt.isFloatingPoint();
    DType outType = Op.PREDICATE.contains(op) ? DType.BOOL : dt;
    for (ClTestSupport.Arrangement layout : ClTestSupport.Arrangement.values()) {
      for (int[] shape : new int[][] {{1}, {13}, {9, 23}, {}}) {
        int n = dev.dl.Shape.numel(shape);
        double[] v;
        if (dt == DType.BOOL) v = random(r, n, 0, 2, true);
        else if (!fp) v = random(r, n, dt == DType.UINT8 ? 0 : -100, 100, true);
        else v = random(r, n, POSITIVE_DOMAIN.contains(op) ? 0.01 : -4, 4, false);
        if (fp && n > 5) {
          v[1] = Double.NaN;
          v[2] = Double.POSITIVE_INFINITY;
          v[3] = Double.NEGATIVE_INFINITY;
          v[4] = -2.5;  // round half to even
        }
        for (int i = 0; i < n; i++) v[i] = round(dt, v[i]);
        Operand x = put(dt, v, layout, shape);
        Operand out = empty(outType, shape);
        backend().unary(op, out, x);
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) expected[i] = round(outType, Reference.unary(op, v[i], fp));
        double tol = outType == DType.FLOAT32 ? 4e-6 : tolerance(outType);
        assertClose(op + " " + dt + " " + layout + " " + Arrays.toString(shape), expected, get(out), tol, tol * 1e-2);
      }
    }
  }

  static Stream<Arguments> binaryCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Op op : Op.BINARY) {
      if (Op.LOGICAL.contains(op)) {
        cases.add(Arguments.of(op, DType.BOOL));
        continue;
      }
      for (DType dt : FLOATS) cases.add(Arguments.of(op, dt));
      if (op != Op.DIV) for (DType dt : INTS) cases.add(Arguments.of(op, dt));
      if (Op.COMPARISON.contains(op) || op == Op.MAXIMUM || op == Op.MINIMUM) cases.add(Arguments.of(op, DType.BOOL));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("binaryCases")
  void binaryMatchesReferenceWithBroadcast(Op op, DType dt) {
    backend();
    Random r = new Random(op.ordinal() * 17L + dt.ordinal());
    boolean fp = dt.isFloatingPoint();
    DType outType = Op.COMPARISON.contains(op) ? DType.BOOL : dt;
    int rows = 7, cols = 29;
    int n = rows * cols;
    double[] a = values(r, dt, op, n, false);
    double[] bRow = values(r, dt, op, cols, true);
    for (ClTestSupport.Arrangement layout : ClTestSupport.Arrangement.values()) {
      Operand ao = put(dt, a, layout, rows, cols);
      Operand bo = broadcast(put(dt, bRow, layout, 1, cols), 0, rows);
      Operand out = empty(outType, rows, cols);
      backend().binary(op, out, ao, bo);
      double[] expected = new double[n];
      for (int i = 0; i < n; i++) expected[i] = round(outType, Reference.binary(op, a[i], bRow[i % cols], fp));
      double tol = outType == DType.FLOAT32 ? 4e-6 : tolerance(outType);
      assertClose(op + " " + dt + " " + layout, expected, get(out), tol, tol * 1e-3);
    }
  }

  private static double[] values(Random r, DType dt, Op op, int n, boolean divisor) {
    double[] v;
    if (dt == DType.BOOL) v = random(r, n, 0, 2, true);
    else if (!dt.isFloatingPoint()) {
      boolean small = op == Op.POW;
      v = random(r, n, dt == DType.UINT8 ? 0 : small ? -3 : -60, small ? 4 : 60, true);
      if (divisor) for (int i = 0; i < n; i++) if (v[i] == 0) v[i] = 3;
    } else if (op == Op.POW) {
      v = random(r, n, divisor ? -2 : 0.1, divisor ? 2 : 3, false);
    } else {
      v = random(r, n, -5, 5, false);
      if (divisor) for (int i = 0; i < n; i++) if (Math.abs(v[i]) < 0.1) v[i] = 0.5;
      v[n - 1] = divisor ? 2 : Double.NaN;
    }
    for (int i = 0; i < n; i++) v[i] = round(dt, v[i]);
    return v;
  }

  @ParameterizedTest
  @EnumSource(value = Op.class, names = {"FLOOR_DIVIDE", "REMAINDER", "FMOD"})
  void integerDivisionByZeroThrows(Op op) {
    backend();
    Operand a = put(DType.INT32, new double[] {7, 8, 9}, 3);
    Operand b = put(DType.INT32, new double[] {1, 0, 2}, 3);
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> backend().binary(op, empty(DType.INT32, 3), a, b));
    assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    // The flag is reset per launch: a later valid division works.
    Operand out = empty(DType.INT32, 3);
    backend().binary(op, out, a, put(DType.INT32, new double[] {2, 3, 4}, 3));
    assertEquals(3, get(out).length);
  }

  @Test
  void integerDivisionByMinusOneOfMinValueWraps() {
    backend();
    Operand a = put(DType.INT64, new double[] {Long.MIN_VALUE, -7}, 2);
    Operand b = put(DType.INT64, new double[] {-1, 2}, 2);
    Operand out = empty(DType.INT64, 2);
    backend().binary(Op.FLOOR_DIVIDE, out, a, b);
    long[] host = new long[2];
    backend().read(out.storage(), 0, host, 0, 2);
    assertEquals(Long.MIN_VALUE, host[0]);
    assertEquals(-4, host[1]);
  }

  @Test
  void floorDivideAndRemainderFollowPythonSigns() {
    backend();
    double[] a = {7, -7, 7, -7, 5.5, -0.0};
    double[] b = {2, 2, -2, -2, -2, 3};
    Operand ao = put(DType.FLOAT64, a, 6), bo = put(DType.FLOAT64, b, 6);
    Operand q = empty(DType.FLOAT64, 6), m = empty(DType.FLOAT64, 6);
    backend().binary(Op.FLOOR_DIVIDE, q, ao, bo);
    backend().binary(Op.REMAINDER, m, ao, bo);
    assertEquals(Arrays.toString(new double[] {3, -4, -4, 3, -3, -0.0}), Arrays.toString(get(q)));
    // fmod keeps the sign of zero, as PyTorch's remainder does.
    assertEquals(Arrays.toString(new double[] {1, 1, -1, -1, -0.5, -0.0}), Arrays.toString(get(m)));
  }

  @ParameterizedTest
  @EnumSource(value = DType.class)
  void fillWritesEveryElementOfAStridedView(DType dt) {
    backend();
    Operand base = put(dt, new double[40], 5, 8);
    Operand column = new Operand(base.storage(), dt, new int[] {5}, new int[] {8}, 2);
    backend().fill(column, dt.isFloatingPoint() ? (Number) 2.5 : (Number) 1L);
    double[] got = get(base);
    double v = dt.isFloatingPoint() ? 2.5 : 1;
    for (int i = 0; i < 40; i++) assertEquals(i % 8 == 2 ? v : 0, got[i], dt + " element " + i);
  }

  static Stream<Arguments> dtypePairs() {
    List<Arguments> pairs = new ArrayList<>();
    for (DType a : DType.values()) for (DType b : DType.values()) pairs.add(Arguments.of(a, b));
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("dtypePairs")
  void copyCastsBetweenEveryPairThroughFlippedViews(DType from, DType to) {
    backend();
    double[] v = {0, 1, -1, 2.75, -2.75, 100, 7, 0.5};
    for (int i = 0; i < v.length; i++) v[i] = round(from, v[i]);
    Operand x = put(from, v, v.length);
    Operand flipped = new Operand(x.storage(), from, new int[] {v.length}, new int[] {-1}, v.length - 1);
    Operand out = empty(to, v.length);
    backend().copy(out, flipped);
    double[] expected = new double[v.length];
    for (int i = 0; i < v.length; i++) expected[i] = round(to, v[v.length - 1 - i]);
    assertClose(from + "->" + to, expected, get(out), 0, 0);
  }

  @Test
  void copyOfEmptyAndZeroDimTensors() {
    backend();
    Operand scalar = put(DType.FLOAT32, new double[] {4.5});
    Operand out = empty(DType.INT64);
    backend().copy(out, scalar);
    assertEquals(4, get(out)[0]);
    backend().copy(empty(DType.FLOAT32, 0, 3), put(DType.FLOAT32, new double[0], 0, 3));
  }

  @ParameterizedTest
  @EnumSource(value = DType.class)
  void whereSelectsWithBroadcastCondition(DType dt) {
    backend();
    Operand cond = broadcast(put(DType.BOOL, new double[] {1, 0, 1}, 1, 3), 0, 4);
    double[] a = new double[12], b = new double[12];
    for (int i = 0; i < 12; i++) {
      a[i] = round(dt, i % 2);
      b[i] = round(dt, i % 5 == 0 ? 1 : 0);
    }
    Operand out = empty(dt, 4, 3);
    backend().where(out, cond, put(dt, a, ClTestSupport.Arrangement.TRANSPOSED, 4, 3), put(dt, b, 4, 3));
    double[] expected = new double[12];
    for (int i = 0; i < 12; i++) expected[i] = i % 3 != 1 ? a[i] : b[i];
    assertClose("where " + dt, expected, get(out), 0, 0);
  }
}
