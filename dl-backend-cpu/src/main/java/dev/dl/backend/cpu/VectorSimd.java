package dev.dl.backend.cpu;

import dev.dl.spi.Op;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner loops on {@code jdk.incubator.vector} at the CPU's preferred width. Loaded only through
 * {@link SimdProvider}, reflectively, so the rest of the backend links without the module.
 */
final class VectorSimd implements Simd {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final int FL = FS.length();
  private static final int DL = DS.length();
  // Register tile: 6 rows x 2 vectors = 12 accumulators, plus 2 B vectors and one broadcast,
  // fits the 16 (AVX2) or 32 (AVX-512) vector registers without spilling.
  private static final int MR = 6;

  @Override
  public String description() { return "Vector API, " + FS.vectorBitSize() + "-bit"; }

  @Override
  public int gemmMrF32() { return MR; }

  @Override
  public int gemmNrF32() { return 2 * FL; }

  @Override
  public void gemmTileF32(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, int m, int n,
      boolean add) {
    final int nr = 2 * FL;
    FloatVector z = FloatVector.zero(FS);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
    FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
    for (int p = 0; p < kc; p++) {
      int bi = bo + p * nr;
      int ai = ao + p * MR;
      FloatVector b0 = FloatVector.fromArray(FS, b, bi);
      FloatVector b1 = FloatVector.fromArray(FS, b, bi + FL);
      FloatVector av = FloatVector.broadcast(FS, a[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(FS, a[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(FS, a[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(FS, a[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(FS, a[ai + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(FS, a[ai + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    // Stores row by row without collecting the accumulators in an array: an array would make
    // them escape and C2 would box every vector instead of keeping them in registers.
    if (m == MR && n == 2 * FL) {
      // Full tile, the common case: straight-line stores, no helper taking vectors (a call
      // that C2 declines to inline would box every accumulator).
      int r0 = co;
      int r1 = co + 1 * ldc;
      int r2 = co + 2 * ldc;
      int r3 = co + 3 * ldc;
      int r4 = co + 4 * ldc;
      int r5 = co + 5 * ldc;
      if (add) {
        c00 = c00.add(FloatVector.fromArray(FS, c, r0));
        c01 = c01.add(FloatVector.fromArray(FS, c, r0 + FL));
        c10 = c10.add(FloatVector.fromArray(FS, c, r1));
        c11 = c11.add(FloatVector.fromArray(FS, c, r1 + FL));
        c20 = c20.add(FloatVector.fromArray(FS, c, r2));
        c21 = c21.add(FloatVector.fromArray(FS, c, r2 + FL));
        c30 = c30.add(FloatVector.fromArray(FS, c, r3));
        c31 = c31.add(FloatVector.fromArray(FS, c, r3 + FL));
        c40 = c40.add(FloatVector.fromArray(FS, c, r4));
        c41 = c41.add(FloatVector.fromArray(FS, c, r4 + FL));
        c50 = c50.add(FloatVector.fromArray(FS, c, r5));
        c51 = c51.add(FloatVector.fromArray(FS, c, r5 + FL));
      }
      c00.intoArray(c, r0);
      c01.intoArray(c, r0 + FL);
      c10.intoArray(c, r1);
      c11.intoArray(c, r1 + FL);
      c20.intoArray(c, r2);
      c21.intoArray(c, r2 + FL);
      c30.intoArray(c, r3);
      c31.intoArray(c, r3 + FL);
      c40.intoArray(c, r4);
      c41.intoArray(c, r4 + FL);
      c50.intoArray(c, r5);
      c51.intoArray(c, r5 + FL);
      return;
    }
    // Edge tile: spill the accumulators to a scratch tile, then update the m x n corner.
    float[] t = new float[MR * 2 * FL];
    c00.intoArray(t, 0 * 2 * FL);
    c01.intoArray(t, 0 * 2 * FL + FL);
    c10.intoArray(t, 1 * 2 * FL);
    c11.intoArray(t, 1 * 2 * FL + FL);
    c20.intoArray(t, 2 * 2 * FL);
    c21.intoArray(t, 2 * 2 * FL + FL);
    c30.intoArray(t, 3 * 2 * FL);
    c31.intoArray(t, 3 * 2 * FL + FL);
    c40.intoArray(t, 4 * 2 * FL);
    c41.intoArray(t, 4 * 2 * FL + FL);
    c50.intoArray(t, 5 * 2 * FL);
    c51.intoArray(t, 5 * 2 * FL + FL);
    for (int i = 0; i < m; i++) {
      int ci = co + i * ldc;
      int ti = i * 2 * FL;
      for (int j = 0; j < n; j++) c[ci + j] = (add ? c[ci + j] : 0f) + t[ti + j];
    }
  }


  @Override
  public int gemmMrF64() { return MR; }

  @Override
  public int gemmNrF64() { return 2 * DL; }

  @Override
  public void gemmTileF64(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc, int m, int n) {
    final int nr = 2 * DL;
    DoubleVector z = DoubleVector.zero(DS);
    DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
    DoubleVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
    for (int p = 0; p < kc; p++) {
      int bi = bo + p * nr;
      int ai = ao + p * MR;
      DoubleVector b0 = DoubleVector.fromArray(DS, b, bi);
      DoubleVector b1 = DoubleVector.fromArray(DS, b, bi + DL);
      DoubleVector av = DoubleVector.broadcast(DS, a[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = DoubleVector.broadcast(DS, a[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = DoubleVector.broadcast(DS, a[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = DoubleVector.broadcast(DS, a[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = DoubleVector.broadcast(DS, a[ai + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = DoubleVector.broadcast(DS, a[ai + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    storeRow(c, co, n, c00, c01);
    if (m > 1) storeRow(c, co + ldc, n, c10, c11);
    if (m > 2) storeRow(c, co + 2 * ldc, n, c20, c21);
    if (m > 3) storeRow(c, co + 3 * ldc, n, c30, c31);
    if (m > 4) storeRow(c, co + 4 * ldc, n, c40, c41);
    if (m > 5) storeRow(c, co + 5 * ldc, n, c50, c51);
  }

  private static void storeRow(double[] c, int ci, int n, DoubleVector v0, DoubleVector v1) {
    if (n == 2 * DL) {
      DoubleVector.fromArray(DS, c, ci).add(v0).intoArray(c, ci);
      DoubleVector.fromArray(DS, c, ci + DL).add(v1).intoArray(c, ci + DL);
    } else {
      VectorMask<Double> m0 = DS.indexInRange(0, n);
      VectorMask<Double> m1 = DS.indexInRange(DL, n);
      DoubleVector.fromArray(DS, c, ci, m0).add(v0).intoArray(c, ci, m0);
      DoubleVector.fromArray(DS, c, ci + DL, m1).add(v1).intoArray(c, ci + DL, m1);
    }
  }

  private static VectorOperators.Binary binaryOperator(Op op) {
    return switch (op) {
      case ADD -> VectorOperators.ADD;
      case SUB -> VectorOperators.SUB;
      case MUL -> VectorOperators.MUL;
      case DIV -> VectorOperators.DIV;
      // Vector MAX/MIN follow Math.max/min: NaN propagates, as torch.maximum requires.
      case MAXIMUM -> VectorOperators.MAX;
      case MINIMUM -> VectorOperators.MIN;
      default -> null;
    };
  }

  @Override
  public boolean binaryF32(Op op, int n, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo) {
    VectorOperators.Binary vop = binaryOperator(op);
    if (vop == null) return false;
    int i = 0;
    int bound = FS.loopBound(n);
    FloatVector av = as == 0 ? FloatVector.broadcast(FS, a[ao]) : null;
    FloatVector bv = bs == 0 ? FloatVector.broadcast(FS, b[bo]) : null;
    for (; i < bound; i += FL) {
      FloatVector x = as == 0 ? av : FloatVector.fromArray(FS, a, ao + i);
      FloatVector y = bs == 0 ? bv : FloatVector.fromArray(FS, b, bo + i);
      x.lanewise(vop, y).intoArray(o, oo + i);
    }
    // Scalar tail through the plain implementation keeps the semantics in one place.
    if (i < n) SimdProvider.SCALAR.binaryF32(op, n - i, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i);
    return true;
  }

  @Override
  public boolean binaryF64(Op op, int n, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo) {
    VectorOperators.Binary vop = binaryOperator(op);
    if (vop == null) return false;
    int i = 0;
    int bound = DS.loopBound(n);
    DoubleVector av = as == 0 ? DoubleVector.broadcast(DS, a[ao]) : null;
    DoubleVector bv = bs == 0 ? DoubleVector.broadcast(DS, b[bo]) : null;
    for (; i < bound; i += DL) {
      DoubleVector x = as == 0 ? av : DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector y = bs == 0 ? bv : DoubleVector.fromArray(DS, b, bo + i);
      x.lanewise(vop, y).intoArray(o, oo + i);
    }
    if (i < n) SimdProvider.SCALAR.binaryF64(op, n - i, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i);
    return true;
  }

  @Override
  public boolean unaryF32(Op op, int n, float[] x, int xo, float[] o, int oo) {
    if (op != Op.NEG && op != Op.ABS && op != Op.RELU && op != Op.SQRT && op != Op.RECIPROCAL) return false;
    int i = 0;
    int bound = FS.loopBound(n);
    FloatVector zero = FloatVector.zero(FS);
    FloatVector one = FloatVector.broadcast(FS, 1f);
    for (; i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      FloatVector r = switch (op) {
        case NEG -> v.neg();
        case ABS -> v.abs();
        // Blend instead of max(v, 0) so NaN stays NaN (it compares false) and -0.0 becomes 0.0.
        case RELU -> v.blend(zero, v.compare(VectorOperators.LE, zero));
        case SQRT -> v.sqrt();
        default -> one.div(v);
      };
      r.intoArray(o, oo + i);
    }
    if (i < n) SimdProvider.SCALAR.unaryF32(op, n - i, x, xo + i, o, oo + i);
    return true;
  }

  @Override
  public boolean unaryF64(Op op, int n, double[] x, int xo, double[] o, int oo) {
    if (op != Op.NEG && op != Op.ABS && op != Op.RELU && op != Op.SQRT && op != Op.RECIPROCAL) return false;
    int i = 0;
    int bound = DS.loopBound(n);
    DoubleVector zero = DoubleVector.zero(DS);
    DoubleVector one = DoubleVector.broadcast(DS, 1.0);
    for (; i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      DoubleVector r = switch (op) {
        case NEG -> v.neg();
        case ABS -> v.abs();
        case RELU -> v.blend(zero, v.compare(VectorOperators.LE, zero));
        case SQRT -> v.sqrt();
        default -> one.div(v);
      };
      r.intoArray(o, oo + i);
    }
    if (i < n) SimdProvider.SCALAR.unaryF64(op, n - i, x, xo + i, o, oo + i);
    return true;
  }

  @Override
  public double sumF32(int n, float[] x, int xo) {
    // Widen each float vector to two double vectors so the sum really accumulates in double.
    // DS has the same bit size as FS, so half the lanes: parts 0 and 1 are the low and high halves.
    DoubleVector s0 = DoubleVector.zero(DS);
    DoubleVector s1 = DoubleVector.zero(DS);
    int i = 0;
    int bound = FS.loopBound(n);
    for (; i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      s0 = s0.add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 0));
      s1 = s1.add((DoubleVector) v.convertShape(VectorOperators.F2D, DS, 1));
    }
    double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) s += x[xo + i];
    return s;
  }

  @Override
  public double sumF64(int n, double[] x, int xo) {
    DoubleVector s0 = DoubleVector.zero(DS);
    DoubleVector s1 = DoubleVector.zero(DS);
    int i = 0;
    // Two accumulators in flight hide the add latency.
    for (; i + 2 * DL <= n; i += 2 * DL) {
      s0 = s0.add(DoubleVector.fromArray(DS, x, xo + i));
      s1 = s1.add(DoubleVector.fromArray(DS, x, xo + i + DL));
    }
    double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) s += x[xo + i];
    return s;
  }

  @Override
  public float maxMinF32(boolean max, int n, float[] x, int xo) {
    int i = 0;
    int bound = FS.loopBound(n);
    float r = x[xo];
    if (bound > 0) {
      FloatVector acc = FloatVector.fromArray(FS, x, xo);
      for (i = FL; i < bound; i += FL) {
        FloatVector v = FloatVector.fromArray(FS, x, xo + i);
        acc = max ? acc.max(v) : acc.min(v);
      }
      r = acc.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
    }
    for (; i < n; i++) r = max ? Math.max(r, x[xo + i]) : Math.min(r, x[xo + i]);
    return r;
  }
}
