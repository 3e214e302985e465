package dev.dl.backend.opencl;

import static dev.dl.backend.opencl.ClTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dl.DType;
import dev.dl.Shape;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reductions over dim sets (serial and tree paths), scans and the fused softmax. */
class ReduceKernelTest {
  private static final int[][] DIM_SETS = {{0}, {1}, {2}, {0, 2}, {1, 2}, {0, 1, 2}};

  static Stream<Arguments> reduceCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Op op : List.of(Op.SUM, Op.PROD, Op.MAX, Op.MIN)) {
      for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.INT32, DType.INT64,
          DType.INT8, DType.UINT8, DType.INT16)) {
        cases.add(Arguments.of(op, dt));
      }
    }
    cases.add(Arguments.of(Op.MAX, DType.BOOL));
    cases.add(Arguments.of(Op.MIN, DType.BOOL));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("reduceCases")
  void reduceOverEveryDimSet(Op op, DType dt) {
    backend();
    Random r = new Random(op.ordinal() * 7L + dt.ordinal());
    // [3, 13, 70]: reducing dim 2 or two dims takes the tree path, dims {0} or {1} the serial one.
    int[] shape = {3, 13, 70};
    int n = Shape.numel(shape);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (dt) {
        case BOOL -> r.nextInt(10) == 0 ? (op == Op.MAX ? 1 : 0) : (op == Op.MAX ? 0 : 1);
        case UINT8 -> op == Op.PROD ? 1 + r.nextInt(2) : r.nextInt(200);
        default -> op == Op.PROD ? (dt.isFloatingPoint() ? 0.9 + 0.2 * r.nextDouble() : (r.nextInt(40) == 0 ? -1 : 1))
            : dt.isFloatingPoint() ? r.nextGaussian() : r.nextInt(100) - 50;
      };
      v[i] = round(dt, v[i]);
    }
    for (ClTestSupport.Arrangement layout : ClTestSupport.Arrangement.values()) {
      Operand x = put(dt, v, layout, shape);
      for (int[] dims : DIM_SETS) {
        int[] outShape = shape.clone();
        for (int d : dims) outShape[d] = 1;
        Operand out = empty(dt, outShape);
        backend().reduce(op, out, x, dims);
        double[] expected = dt.isFloatingPoint() || dt == DType.BOOL ? reference(op, v, shape, dims, outShape)
            : wrappingReference(op, v, shape, dims, outShape);
        for (int i = 0; i < expected.length; i++) expected[i] = round(dt, expected[i]);
        double tol = dt == DType.FLOAT32 ? 1e-5 : tolerance(dt) * 4;
        assertClose(op + " " + dt + " " + layout + " dims " + Arrays.toString(dims), expected, get(out), tol, tol);
      }
    }
  }

  private static double[] reference(Op op, double[] v, int[] shape, int[] dims, int[] outShape) {
    double[] out = new double[Shape.numel(outShape)];
    Arrays.fill(out, op == Op.SUM ? 0 : op == Op.PROD ? 1 : op == Op.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    int[] outStrides = Shape.contiguousStrides(outShape);
    for (int d : dims) outStrides[d] = 0;
    for (int i = 0; i < v.length; i++) {
      int o = offset(shape, outStrides, 0, i);
      out[o] = switch (op) {
        case SUM -> out[o] + v[i];
        case PROD -> out[o] * v[i];
        case MAX -> Math.max(out[o], v[i]);
        default -> Math.min(out[o], v[i]);
      };
    }
    return out;
  }

  /** Integer reductions wrap like the kernels' int64 accumulators. */
  private static double[] wrappingReference(Op op, double[] v, int[] shape, int[] dims, int[] outShape) {
    long[] out = new long[Shape.numel(outShape)];
    Arrays.fill(out, op == Op.SUM ? 0 : op == Op.PROD ? 1 : op == Op.MAX ? Long.MIN_VALUE : Long.MAX_VALUE);
    int[] outStrides = Shape.contiguousStrides(outShape);
    for (int d : dims) outStrides[d] = 0;
    for (int i = 0; i < v.length; i++) {
      int o = offset(shape, outStrides, 0, i);
      long x = (long) v[i];
      out[o] = switch (op) {
        case SUM -> out[o] + x;
        case PROD -> out[o] * x;
        case MAX -> Math.max(out[o], x);
        default -> Math.min(out[o], x);
      };
    }
    return Arrays.stream(out).asDoubleStream().toArray();
  }

  @Test
  void maxAndMinPropagateNaN() {
    backend();
    double[] v = new double[300];
    for (int i = 0; i < v.length; i++) v[i] = i;
    v[123] = Double.NaN;
    for (Op op : List.of(Op.MAX, Op.MIN, Op.SUM)) {
      for (int len : new int[] {300, 20}) {
        Operand out = empty(DType.FLOAT32, 1);
        backend().reduce(op, out, put(DType.FLOAT32, Arrays.copyOf(v, len), len), new int[] {0});
        double got = get(out)[0];
        assertEquals(len > 123, Double.isNaN(got), op + " over " + len + " gave " + got);
      }
    }
  }

  @Test
  void argmaxAndArgminTakeTheFirstExtremeAndNaN() {
    backend();
    for (int len : new int[] {1, 13, 207, 1000}) {
      double[] v = new double[len];
      for (int i = 0; i < len; i++) v[i] = (i * 37) % 11;
      Operand x = put(DType.FLOAT32, v, len);
      Operand amax = empty(DType.INT64, 1), amin = empty(DType.INT64, 1);
      backend().reduce(Op.ARGMAX, amax, x, new int[] {0});
      backend().reduce(Op.ARGMIN, amin, x, new int[] {0});
      assertEquals(firstIndexOf(v, Arrays.stream(v).max().orElseThrow()), (int) get(amax)[0], "argmax len " + len);
      assertEquals(firstIndexOf(v, Arrays.stream(v).min().orElseThrow()), (int) get(amin)[0], "argmin len " + len);
      if (len > 5) {
        v[len - 2] = Double.NaN;
        v[len - 4] = Double.NaN;
        Operand withNan = put(DType.FLOAT32, v, len);
        backend().reduce(Op.ARGMAX, amax, withNan, new int[] {0});
        backend().reduce(Op.ARGMIN, amin, withNan, new int[] {0});
        assertEquals(len - 4, (int) get(amax)[0], "argmax NaN len " + len);
        assertEquals(len - 4, (int) get(amin)[0], "argmin NaN len " + len);
      }
    }
  }

  private static int firstIndexOf(double[] v, double value) {
    for (int i = 0; i < v.length; i++) if (v[i] == value) return i;
    return -1;
  }

  @Test
  void argmaxAlongAMiddleDimOfATransposedInput() {
    backend();
    Random r = new Random(5);
    int[] shape = {4, 90, 3};
    double[] v = random(r, Shape.numel(shape), -20, 20, true);
    Operand x = put(DType.INT32, v, ClTestSupport.Arrangement.TRANSPOSED, shape);
    Operand out = empty(DType.INT64, 4, 1, 3);
    backend().reduce(Op.ARGMAX, out, x, new int[] {1});
    double[] got = get(out);
    for (int a = 0; a < 4; a++) {
      for (int c = 0; c < 3; c++) {
        int best = 0;
        for (int b = 1; b < 90; b++) if (v[(a * 90 + b) * 3 + c] > v[(a * 90 + best) * 3 + c]) best = b;
        assertEquals(best, (int) got[a * 3 + c], "argmax at " + a + "," + c);
      }
    }
  }

  @Test
  void reducingAnEmptyDimGivesTheIdentity() {
    backend();
    Operand x = put(DType.FLOAT32, new double[0], 3, 0);
    Operand sum = empty(DType.FLOAT32, 3, 1), prod = empty(DType.FLOAT32, 3, 1);
    backend().reduce(Op.SUM, sum, x, new int[] {1});
    backend().reduce(Op.PROD, prod, x, new int[] {1});
    assertEquals(List.of(0.0, 0.0, 0.0), Arrays.stream(get(sum)).boxed().toList());
    assertEquals(List.of(1.0, 1.0, 1.0), Arrays.stream(get(prod)).boxed().toList());
  }

  @Test
  void floatSumsAccumulateWide() {
    backend();
    int n = 1 << 20;
    double[] v = new double[n];
    Arrays.fill(v, 0.1f);
    v[0] = 1e4;
    Operand out = empty(DType.FLOAT32, 1);
    backend().reduce(Op.SUM, out, put(DType.FLOAT32, v, n), new int[] {0});
    double exact = 1e4 + (n - 1) * (double) 0.1f;
    assertEquals((float) exact, get(out)[0], 0.0, "a float32 sum of 2^20 terms is exact to float rounding");
  }

  static Stream<Arguments> scanCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Op op : Op.SCAN) {
      for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.INT32, DType.INT64, DType.UINT8)) {
        cases.add(Arguments.of(op, dt));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("scanCases")
  void scansAlongEachDim(Op op, DType dt) {
    backend();
    Random r = new Random(11);
    int[] shape = {5, 13, 4};
    double[] v = new double[Shape.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = round(dt, op == Op.CUMPROD ? (dt.isFloatingPoint() ? 0.8 + 0.4 * r.nextDouble() : 1 + r.nextInt(2))
          : dt.isFloatingPoint() ? r.nextGaussian() : r.nextInt(10));
    }
    for (ClTestSupport.Arrangement layout : ClTestSupport.Arrangement.values()) {
      Operand x = put(dt, v, layout, shape);
      for (int dim = 0; dim < 3; dim++) {
        Operand out = empty(dt, shape);
        backend().scan(op, out, x, dim);
        int[] strides = Shape.contiguousStrides(shape);
        double[] expected = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          int coord = (i / strides[dim]) % shape[dim];
          double prev = coord == 0 ? (op == Op.CUMSUM ? 0 : 1) : expected[i - strides[dim]];
          expected[i] = op == Op.CUMSUM ? prev + v[i] : prev * v[i];
        }
        for (int i = 0; i < v.length; i++) expected[i] = round(dt, expected[i]);
        double tol = dt == DType.FLOAT32 ? 1e-5 : tolerance(dt) * 8;
        assertClose(op + " " + dt + " " + layout + " dim " + dim, expected, get(out), tol, tol);
      }
    }
  }

  @Test
  void fusedSoftmaxAndLogSoftmaxMatchTheirDefinitions() {
    backend();
    Random r = new Random(3);
    for (int len : new int[] {1, 13, 300}) {
      int rows = 6;
      double[] v = random(r, rows * len, -8, 8, false);
      for (ClTestSupport.Arrangement layout : ClTestSupport.Arrangement.values()) {
        Operand x = put(DType.FLOAT32, v, layout, rows, len);
        for (Op op : List.of(Op.SOFTMAX, Op.LOG_SOFTMAX)) {
          Operand out = empty(DType.FLOAT32, rows, len);
          org.junit.jupiter.api.Assertions.assertTrue(backend().softmax(op, out, x, 1));
          double[] expected = new double[v.length];
          for (int row = 0; row < rows; row++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < len; j++) m = Math.max(m, v[row * len + j]);
            for (int j = 0; j < len; j++) s += Math.exp(v[row * len + j] - m);
            for (int j = 0; j < len; j++) {
              double z = v[row * len + j] - m;
              expected[row * len + j] = op == Op.SOFTMAX ? Math.exp(z) / s : z - Math.log(s);
            }
          }
          assertClose(op + " len " + len + " " + layout, expected, get(out), 1e-5, 1e-6);
        }
      }
    }
  }
}
