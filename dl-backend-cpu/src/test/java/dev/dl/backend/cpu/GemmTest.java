package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dl.DType;
import dev.dl.spi.Operand;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Blocked, packed GEMM (vector and scalar tiles) against a plain triple loop in double. */
class GemmTest {
  static Stream<Arguments> sizes() {
    return Stream.of(Arguments.of(1, 1, 1, 1), Arguments.of(1, 13, 7, 5), Arguments.of(1, 64, 64, 64),
        Arguments.of(1, 127, 129, 131), Arguments.of(1, 207, 1, 702), Arguments.of(3, 4, 13, 1),
        Arguments.of(2, 100, 600, 300), Arguments.of(2, 0, 3, 4), Arguments.of(1, 3, 4, 0),
        Arguments.of(1, 200, 70, 600), Arguments.of(4, 64, 1024, 27), Arguments.of(3, 13, 207, 1),
        Arguments.of(3, 64, 9, 100), Arguments.of(2, 40, 27, 300), Arguments.of(1, 1024, 4, 13));
  }

  static double[] reference(int batches, int m, int n, int k, Operand a, Operand b) {
    double[] av = Operands.values(a);
    double[] bv = Operands.values(b);
    double[] c = new double[batches * m * n];
    for (int bi = 0; bi < batches; bi++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < k; p++) s += av[(bi * m + i) * k + p] * bv[(bi * k + p) * n + j];
          c[(bi * m + i) * n + j] = s;
        }
      }
    }
    return c;
  }

  private static void check(CpuBackend be, DType t, int batches, int m, int n, int k, Operand a, Operand b, double tol) {
    Operand out = Operands.empty(be, t, batches, m, n);
    be.matmul(out, a, b);
    double[] want = reference(batches, m, n, k, a, b);
    double[] got = Operands.values(out);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), () -> be + " " + t + " " + batches + "x" + m + "x"
          + n + "x" + k);
    }
  }

  @ParameterizedTest(name = "[{0}] {1}x{2}x{3}")
  @MethodSource("sizes")
  void contiguousFloat32AndFloat64(int batches, int m, int n, int k) {
    Random rnd = new Random(m * 31L + n * 7L + k);
    for (CpuBackend be : backends()) {
      for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        Operand a = Operands.of(be, t, Operands.random(rnd, batches * m * k), batches, m, k);
        Operand b = Operands.of(be, t, Operands.random(rnd, batches * k * n), batches, k, n);
        check(be, t, batches, m, n, k, a, b, t == DType.FLOAT32 ? 1e-4 * Math.sqrt(k + 1) : 1e-12 * (k + 1));
      }
    }
  }

  @ParameterizedTest(name = "[{0}] {1}x{2}x{3}")
  @MethodSource("sizes")
  void transposedInputsAndBroadcastBatch(int batches, int m, int n, int k) {
    Random rnd = new Random(17);
    for (CpuBackend be : backends()) {
      // a stored as [B, K, M] and viewed transposed; b shared by every batch (batch stride 0) and transposed.
      Operand a = Operands.transpose(Operands.of(be, DType.FLOAT32, Operands.random(rnd, batches * m * k), batches, k, m), 1, 2);
      Operand bStore = Operands.transpose(Operands.of(be, DType.FLOAT32, Operands.random(rnd, k * n), 1, n, k), 1, 2);
      Operand b = Operands.view(bStore, new int[] {batches, k, n}, new int[] {0, bStore.strides()[1], bStore.strides()[2]}, 0);
      check(be, DType.FLOAT32, batches, m, n, k, a, b, 1e-4 * Math.sqrt(k + 1));
    }
  }

  @ParameterizedTest(name = "[{0}] {1}x{2}x{3}")
  @MethodSource("sizes")
  void weightSharedByEveryBatchAsInConv2d(int batches, int m, int n, int k) {
    Random rnd = new Random(23);
    for (CpuBackend be : backends()) {
      // a is one [M, K] matrix broadcast over the batch (stride 0), b a contiguous batch.
      Operand aStore = Operands.of(be, DType.FLOAT32, Operands.random(rnd, m * k), 1, m, k);
      Operand a = Operands.view(aStore, new int[] {batches, m, k}, new int[] {0, aStore.strides()[1], aStore.strides()[2]}, 0);
      Operand b = Operands.of(be, DType.FLOAT32, Operands.random(rnd, batches * k * n), batches, k, n);
      check(be, DType.FLOAT32, batches, m, n, k, a, b, 1e-4 * Math.sqrt(k + 1));
    }
  }

  static Stream<Arguments> linearShapes() {
    // x @ W^T with W stored [N, K]: short x (computed as C^T = W @ x^T) and not-so-short ones.
    return Stream.of(Arguments.of(1, 64, 200, 300), Arguments.of(2, 40, 100, 130), Arguments.of(1, 37, 65, 33),
        Arguments.of(1, 200, 64, 100), Arguments.of(3, 33, 1000, 7));
  }

  @ParameterizedTest(name = "[{0}] {1}x{2}x{3}")
  @MethodSource("linearShapes")
  void rowMajorTimesTransposedAsInLinearLayers(int batches, int m, int n, int k) {
    Random rnd = new Random(m * 13L + n + k);
    for (CpuBackend be : backends()) {
      Operand a = Operands.of(be, DType.FLOAT32, Operands.random(rnd, batches * m * k), batches, m, k);
      Operand b = Operands.transpose(Operands.of(be, DType.FLOAT32, Operands.random(rnd, batches * k * n), batches, n, k), 1, 2);
      check(be, DType.FLOAT32, batches, m, n, k, a, b, 1e-4 * Math.sqrt(k + 1));
      // The same product twice through the per-thread buffers must not see the first one's data.
      check(be, DType.FLOAT32, batches, m, n, k, a, b, 1e-4 * Math.sqrt(k + 1));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherDtypes")
  void otherDtypesMultiplyExactlyOrWithFloatAccumulation(DType t) {
    Random rnd = new Random(5);
    CpuBackend be = backends()[0];
    int m = 13, n = 7, k = 5;
    Operand a = Operands.of(be, t, Operands.randomInts(rnd, 2 * m * k, t == DType.BOOL ? 1 : 4), 2, m, k);
    Operand b = Operands.transpose(Operands.of(be, t, Operands.randomInts(rnd, 2 * k * n, t == DType.BOOL ? 1 : 4), 2, n, k), 1, 2);
    if (t == DType.BOOL || t == DType.UINT8) {
      a = Operands.of(be, t, Operands.values(a), 2, m, k);
      b = Operands.of(be, t, Operands.values(b), 2, k, n);
    }
    Operand out = Operands.empty(be, t, 2, m, n);
    be.matmul(out, a, b);
    double[] want = reference(2, m, n, k, a, b);
    double[] got = Operands.values(out);
    for (int i = 0; i < want.length; i++) {
      double w = want[i];
      if (t == DType.BOOL) w = w != 0 ? 1 : 0;
      if (t == DType.UINT8 || t == DType.INT8) w = t == DType.UINT8 ? ((long) w) & 0xFF : (byte) (long) w;
      assertEquals(w, got[i], 0.0, t + " at " + i);
    }
  }

  static Stream<DType> otherDtypes() {
    return Stream.of(DType.FLOAT16, DType.BFLOAT16, DType.INT8, DType.UINT8, DType.INT16, DType.INT32, DType.INT64,
        DType.BOOL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sizes")
  void vectorAndScalarTilesAgree(int batches, int m, int n, int k) {
    assumeTrue(Operands.vectorAvailable(), "the Vector API is not readable in this JVM");
    Random rnd = new Random(99);
    CpuBackend v = Operands.vector();
    CpuBackend s = Operands.scalar();
    double[] av = Operands.random(rnd, batches * m * k);
    double[] bv = Operands.random(rnd, batches * k * n);
    Operand ov = Operands.empty(v, DType.FLOAT64, batches, m, n);
    Operand os = Operands.empty(s, DType.FLOAT64, batches, m, n);
    v.matmul(ov, Operands.of(v, DType.FLOAT64, av, batches, m, k), Operands.of(v, DType.FLOAT64, bv, batches, k, n));
    s.matmul(os, Operands.of(s, DType.FLOAT64, av, batches, m, k), Operands.of(s, DType.FLOAT64, bv, batches, k, n));
    double[] x = Operands.values(ov);
    double[] y = Operands.values(os);
    for (int i = 0; i < x.length; i++) assertEquals(y[i], x[i], 1e-12 * (k + 1) * (1 + Math.abs(y[i])));
    assertTrue(v.kernels().startsWith("Vector API"), v.kernels());
    assertTrue(s.kernels().startsWith("scalar"), s.kernels());
  }

  static CpuBackend[] backends() {
    return Operands.vectorAvailable() ? new CpuBackend[] {Operands.vector(), Operands.scalar()}
        : new CpuBackend[] {Operands.scalar()};
  }
}
