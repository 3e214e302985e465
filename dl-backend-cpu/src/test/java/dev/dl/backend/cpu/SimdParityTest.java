package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dl.spi.Op;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Vector API loops against the plain ones at sizes that exercise vector tails. */
class SimdParityTest {
  private Simd vector;
  private final Simd scalar = SimdProvider.scalar("test oracle");

  @BeforeEach
  void vectorApi() {
    assumeTrue(Operands.vectorAvailable(), "the Vector API is not readable in this JVM");
    vector = SimdProvider.vector();
  }

  private static float[] floats(Random rnd, int n, boolean withNaN) {
    float[] r = new float[n];
    for (int i = 0; i < n; i++) r[i] = (float) rnd.nextGaussian();
    if (withNaN && n > 2) {
      r[n / 2] = Float.NaN;
      r[n - 1] = -0f;
    }
    return r;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 13, 207, 702, 1024})
  void binaryFloat32IncludingBroadcastOperands(int n) {
    Random rnd = new Random(n);
    float[] a = floats(rnd, n + 3, true);
    float[] b = floats(rnd, n + 5, false);
    for (Op op : EnumSet.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAXIMUM, Op.MINIMUM)) {
      for (int[] steps : new int[][] {{1, 1}, {0, 1}, {1, 0}}) {
        float[] x = new float[n + 2];
        float[] y = new float[n + 2];
        assertTrue(vector.binaryF32(op, n, a, 3, steps[0], b, 5, steps[1], x, 2));
        assertTrue(scalar.binaryF32(op, n, a, 3, steps[0], b, 5, steps[1], y, 2));
        assertArrayEquals(y, x, op + " n=" + n);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 13, 207, 702, 1024})
  void whereFloat32WithDenseAndScalarOtherBranch(int n) {
    Random rnd = new Random(n);
    float[] a = floats(rnd, n + 3, true);
    float[] b = floats(rnd, n + 5, true);
    byte[] c = new byte[n + 1];
    for (int i = 0; i < c.length; i++) c[i] = (byte) (rnd.nextBoolean() ? 1 : 0);
    for (int bStep : new int[] {1, 0}) {
      float[] x = new float[n + 2];
      float[] y = new float[n + 2];
      vector.whereF32(n, c, 1, a, 3, b, 5, bStep, x, 2);
      scalar.whereF32(n, c, 1, a, 3, b, 5, bStep, y, 2);
      assertArrayEquals(y, x, "where n=" + n + " bStep=" + bStep);
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToRawIntBits(c[1 + i] != 0 ? a[3 + i] : b[5 + i * bStep]), Float.floatToRawIntBits(x[2 + i]));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 13, 207, 702, 1024})
  void binaryFloat64(int n) {
    Random rnd = new Random(n);
    double[] a = rnd.doubles(n).toArray();
    double[] b = rnd.doubles(n).toArray();
    a[0] = Double.NaN;
    for (Op op : EnumSet.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAXIMUM, Op.MINIMUM)) {
      double[] x = new double[n];
      double[] y = new double[n];
      vector.binaryF64(op, n, a, 0, 1, b, 0, 1, x, 0);
      scalar.binaryF64(op, n, a, 0, 1, b, 0, 1, y, 0);
      assertArrayEquals(y, x, op + " n=" + n);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 13, 207, 702, 1024})
  void unaryMatchesScalarAndSkipsUncoveredOps(int n) {
    Random rnd = new Random(n);
    float[] a = floats(rnd, n, true);
    double[] d = rnd.doubles(n, -2, 2).toArray();
    for (Op op : EnumSet.of(Op.NEG, Op.ABS, Op.RELU, Op.SQRT, Op.RECIPROCAL)) {
      float[] x = new float[n];
      float[] y = new float[n];
      assertTrue(vector.unaryF32(op, n, a, 0, x, 0));
      scalar.unaryF32(op, n, a, 0, y, 0);
      assertArrayEquals(y, x, op + " n=" + n);
      double[] dx = new double[n];
      double[] dy = new double[n];
      vector.unaryF64(op, n, d, 0, dx, 0);
      scalar.unaryF64(op, n, d, 0, dy, 0);
      assertArrayEquals(dy, dx, op + " n=" + n);
    }
    assertEquals(false, vector.unaryF32(Op.ERF, n, a, 0, new float[n], 0));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 13, 207, 702, 1024})
  void transcendentalFloat32WithinAFewUlpsOfTheScalarDefinition(int n) {
    Random rnd = new Random(n);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * 4);
    // Edge values where the vector lanes are: overflow, underflow, infinities, NaN, signed zeros.
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 100f, -100f, 1e-30f, -3f};
    for (int i = 0; i < Math.min(n, special.length); i++) a[(i * 7) % n] = special[i];
    for (Op op : EnumSet.of(Op.EXP, Op.LOG, Op.TANH, Op.SIGMOID, Op.SILU, Op.NEG, Op.ABS, Op.RELU)) {
      float[] got = new float[n + 1];
      assertTrue(vector.unaryF32(op, n, a, 0, got, 1), op.toString());
      for (int i = 0; i < n; i++) {
        float want = (float) Scalars.unaryFloat(op, a[i]);
        float g = got[i + 1];
        String where = op + "(" + a[i] + ") n=" + n;
        if (Float.isNaN(want) || Float.isInfinite(want) || want == 0f) {
          assertEquals(want, g, 0f, where);
        } else {
          assertEquals(want, g, 4 * Math.ulp(want) + 1e-37f, where);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 13, 207, 702, 1024, 100_003})
  void sumsAccumulateInDoubleAndMaxPropagatesNaN(int n) {
    Random rnd = new Random(n);
    float[] a = floats(rnd, n + 1, false);
    assertEquals(scalar.sumF32(n, a, 1), vector.sumF32(n, a, 1), 1e-12 * n);
    double[] d = rnd.doubles(n).toArray();
    assertEquals(scalar.sumF64(n, d, 0), vector.sumF64(n, d, 0), 1e-12 * n);
    assertEquals(scalar.maxMinF32(true, n, a, 1), vector.maxMinF32(true, n, a, 1));
    assertEquals(scalar.maxMinF32(false, n, a, 1), vector.maxMinF32(false, n, a, 1));
    a[1 + n / 2] = Float.NaN;
    assertTrue(Float.isNaN(vector.maxMinF32(true, n, a, 1)));
    assertTrue(Float.isNaN(vector.maxMinF32(false, n, a, 1)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 6})
  void gemmTilesAgreeOnFullAndEdgeTiles(int m) {
    Random rnd = new Random(m);
    for (Simd s : new Simd[] {vector, scalar}) {
      int mr = s.gemmMrF32(), nr = s.gemmNrF32(), kc = 37;
      float[] a = floats(rnd, mr * kc, false);
      float[] b = floats(rnd, nr * kc, false);
      int rows = Math.min(m, mr);
      for (int n : new int[] {1, nr - 1, nr}) {
        for (boolean add : new boolean[] {true, false}) {
          // C starts at 1 everywhere: added to when add is set, overwritten otherwise, and the
          // cells outside the m x n corner must keep their 1.
          float[] c = new float[rows * nr];
          java.util.Arrays.fill(c, 1f);
          s.gemmTileF32(kc, a, 0, b, 0, c, 0, nr, rows, n, add);
          for (int i = 0; i < rows; i++) {
            for (int j = 0; j < nr; j++) {
              double want = add ? 1 : 0;
              for (int p = 0; p < kc; p++) want += a[p * mr + i] * b[p * nr + j];
              assertEquals(j < n ? want : 1.0, c[i * nr + j], 1e-4, s.description() + " i=" + i + " j=" + j + " add=" + add);
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 5, 6})
  void directGemmTilesReadRowMajorAInPlace(int m) {
    Random rnd = new Random(m + 100);
    for (Simd s : new Simd[] {vector, scalar}) {
      int mr = s.gemmMrF32(), nr = s.gemmNrF32(), kc = 37, lda = kc + 3;
      int rows = Math.min(m, mr);
      // A holds exactly the tile's rows, so a read past row m would fail.
      float[] a = floats(rnd, 1 + (rows - 1) * lda + kc, false);
      float[] b = floats(rnd, nr * kc, false);
      for (int n : new int[] {1, nr / 2 + 1, nr - 1, nr}) {
        for (boolean add : new boolean[] {true, false}) {
          float[] c = new float[rows * nr];
          java.util.Arrays.fill(c, 1f);
          s.gemmTileDirectF32(kc, a, 1, lda, b, 0, c, 0, nr, rows, n, add);
          for (int i = 0; i < rows; i++) {
            for (int j = 0; j < nr; j++) {
              double want = add ? 1 : 0;
              for (int p = 0; p < kc; p++) want += a[1 + i * lda + p] * b[p * nr + j];
              assertEquals(j < n ? want : 1.0, c[i * nr + j], 1e-4, s.description() + " i=" + i + " j=" + j + " add=" + add);
            }
          }
        }
      }
    }
  }
}
