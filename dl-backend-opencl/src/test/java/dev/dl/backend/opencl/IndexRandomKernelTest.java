package dev.dl.backend.opencl;

import static dev.dl.backend.opencl.ClTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dl.DType;
import dev.dl.Shape;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Philox;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Gather, scatter, scatter_add and the Philox stream. */
class IndexRandomKernelTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void gatherAlongEachDimWithNegativeIndices(int dim) {
    backend();
    Random r = new Random(dim);
    int[] xShape = {4, 6, 5};
    int[] outShape = {3, 5, 4};
    double[] x = random(r, Shape.numel(xShape), -9, 9, false);
    double[] idx = new double[Shape.numel(outShape)];
    for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(2 * xShape[dim]) - xShape[dim];
    Operand out = empty(DType.FLOAT32, outShape);
    backend().gather(out, put(DType.FLOAT32, x, ClTestSupport.Arrangement.TRANSPOSED, xShape), dim,
        put(DType.INT64, idx, ClTestSupport.Arrangement.SLICED, outShape));
    int[] os = Shape.contiguousStrides(outShape), xs = Shape.contiguousStrides(xShape);
    double[] expected = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      int xo = 0;
      for (int d = 0; d < 3; d++) {
        int c = (i / os[d]) % outShape[d];
        if (d == dim) c = (int) (idx[i] < 0 ? idx[i] + xShape[d] : idx[i]);
        xo += c * xs[d];
      }
      expected[i] = (float) x[xo];
    }
    assertClose("gather dim " + dim, expected, get(out), 0, 0);
  }

  @ParameterizedTest
  @EnumSource(value = Op.class, names = {"SCATTER", "SCATTER_ADD"})
  void scatterWritesAndAccumulatesInOrder(Op op) {
    backend();
    Random r = new Random(op.ordinal());
    for (int dim = 0; dim < 2; dim++) {
      int[] outShape = {5, 7};
      int[] idxShape = {4, 3};
      double[] base = random(r, 35, -5, 5, true);
      double[] src = random(r, 12, -5, 5, true);
      double[] idx = new double[12];
      for (int i = 0; i < 12; i++) idx[i] = r.nextInt(outShape[dim]);
      Operand out = put(DType.FLOAT32, base, outShape);
      backend().scatter(op, out, dim, put(DType.INT64, idx, idxShape), put(DType.FLOAT32, src, ClTestSupport.Arrangement.TRANSPOSED, idxShape));
      double[] expected = base.clone();
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 3; j++) {
          int t = (int) idx[i * 3 + j];
          int o = dim == 0 ? t * 7 + j : i * 7 + t;
          expected[o] = op == Op.SCATTER_ADD ? expected[o] + src[i * 3 + j] : src[i * 3 + j];
        }
      }
      assertClose(op + " dim " + dim, expected, get(out), 0, 0);
    }
  }

  @Test
  void scatterAddIsDeterministicWithHeavyCollisions() {
    backend();
    int n = 5000;
    double[] src = new double[n], idx = new double[n];
    Random r = new Random(2);
    for (int i = 0; i < n; i++) {
      src[i] = (float) r.nextGaussian();
      idx[i] = r.nextInt(3);
    }
    double[] first = null;
    for (int run = 0; run < 3; run++) {
      Operand out = put(DType.FLOAT32, new double[3], 3);
      backend().scatter(Op.SCATTER_ADD, out, 0, put(DType.INT64, idx, n), put(DType.FLOAT32, src, n));
      double[] got = get(out);
      if (first == null) first = got;
      else assertClose("run " + run, first, got, 0, 0);
    }
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64", "FLOAT16", "BFLOAT16"})
  void uniformIsBitIdenticalToThePhiloxReference(DType dt) {
    backend();
    long seed = 0x1234_5678_9ABCL, offset = 6;
    int n = 1001;
    Operand out = empty(dt, n);
    backend().random(Op.RANDOM_UNIFORM, out, seed, offset);
    double[] expected = new double[n];
    for (int i = 0; i < n; i++) expected[i] = round(dt, Philox.sample(Op.RANDOM_UNIFORM, dt, seed, offset, i));
    assertClose("uniform " + dt, expected, get(out), 0, 0);
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64", "FLOAT16"})
  void normalMatchesThePhiloxReference(DType dt) {
    backend();
    long seed = 42, offset = 3;
    int n = 777;
    Operand out = empty(dt, n);
    backend().random(Op.RANDOM_NORMAL, out, seed, offset);
    double[] expected = new double[n];
    for (int i = 0; i < n; i++) expected[i] = round(dt, Philox.sample(Op.RANDOM_NORMAL, dt, seed, offset, i));
    // The same double formula; device log/cos may differ from Java's in the last double bits only.
    double tol = dt == DType.FLOAT64 ? 1e-14 : dt == DType.FLOAT32 ? 1.2e-7 : 1e-3;
    assertClose("normal " + dt, expected, get(out), tol, tol);
    if (dt == DType.FLOAT32) {
      int identical = 0;
      double[] got = get(out);
      for (int i = 0; i < n; i++) if (got[i] == expected[i]) identical++;
      assertEquals(n, identical, "float32 normals are bit-identical after rounding");
    }
  }
}
