package dev.dl.backend.cpu;

import dev.dl.spi.Op;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
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
  /** Bool conditions: as many byte lanes as a float vector has, so a byte mask casts to a float mask. */
  private static final VectorSpecies<Byte> CS = VectorSpecies.of(byte.class, VectorShape.forBitSize(FL * Byte.SIZE));
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
    if (n == 2 * FL) {
      // Full-width tile, the common case: straight-line stores guarded per row, no helper
      // taking vectors (a call that C2 declines to inline would box every accumulator).
      {
        int ci = co;
        (add ? c00.add(FloatVector.fromArray(FS, c, ci)) : c00).intoArray(c, ci);
        (add ? c01.add(FloatVector.fromArray(FS, c, ci + FL)) : c01).intoArray(c, ci + FL);
      }
      if (m > 1) {
        int ci = co + 1 * ldc;
        (add ? c10.add(FloatVector.fromArray(FS, c, ci)) : c10).intoArray(c, ci);
        (add ? c11.add(FloatVector.fromArray(FS, c, ci + FL)) : c11).intoArray(c, ci + FL);
      }
      if (m > 2) {
        int ci = co + 2 * ldc;
        (add ? c20.add(FloatVector.fromArray(FS, c, ci)) : c20).intoArray(c, ci);
        (add ? c21.add(FloatVector.fromArray(FS, c, ci + FL)) : c21).intoArray(c, ci + FL);
      }
      if (m > 3) {
        int ci = co + 3 * ldc;
        (add ? c30.add(FloatVector.fromArray(FS, c, ci)) : c30).intoArray(c, ci);
        (add ? c31.add(FloatVector.fromArray(FS, c, ci + FL)) : c31).intoArray(c, ci + FL);
      }
      if (m > 4) {
        int ci = co + 4 * ldc;
        (add ? c40.add(FloatVector.fromArray(FS, c, ci)) : c40).intoArray(c, ci);
        (add ? c41.add(FloatVector.fromArray(FS, c, ci + FL)) : c41).intoArray(c, ci + FL);
      }
      if (m > 5) {
        int ci = co + 5 * ldc;
        (add ? c50.add(FloatVector.fromArray(FS, c, ci)) : c50).intoArray(c, ci);
        (add ? c51.add(FloatVector.fromArray(FS, c, ci + FL)) : c51).intoArray(c, ci + FL);
      }
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
  public void gemmTileDirectF32(int kc, float[] a, int ao, int lda, float[] b, int bo, float[] c, int co, int ldc,
      int m, int n, boolean add) {
    final int nr = 2 * FL;
    if (n < nr) {
      // Edge columns: a full-width tile into scratch, then the m x n corner into C. (Masked
      // stores in this method would make it too big for C1's tier-3 compile, which then bails
      // out and leaves the kernel in slow code.)
      float[] t = new float[MR * nr];
      gemmTileDirectF32(kc, a, ao, lda, b, bo, t, 0, nr, m, nr, false);
      for (int i = 0; i < m; i++) {
        int ci = co + i * ldc;
        for (int j = 0; j < n; j++) c[ci + j] = (add ? c[ci + j] : 0f) + t[i * nr + j];
      }
      return;
    }
    // Rows past m repeat the last real row: the reads stay inside A and their sums are dropped.
    int last = ao + (m - 1) * lda;
    int a0 = ao;
    int a1 = Math.min(ao + lda, last);
    int a2 = Math.min(ao + 2 * lda, last);
    int a3 = Math.min(ao + 3 * lda, last);
    int a4 = Math.min(ao + 4 * lda, last);
    int a5 = Math.min(ao + 5 * lda, last);
    FloatVector z = FloatVector.zero(FS);
    FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
    FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
    for (int p = 0; p < kc; p++) {
      int bi = bo + p * nr;
      FloatVector b0 = FloatVector.fromArray(FS, b, bi);
      FloatVector b1 = FloatVector.fromArray(FS, b, bi + FL);
      FloatVector av = FloatVector.broadcast(FS, a[a0 + p]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(FS, a[a1 + p]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(FS, a[a2 + p]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(FS, a[a3 + p]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(FS, a[a4 + p]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(FS, a[a5 + p]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    {
      int ci = co + 0 * ldc;
      (add ? c00.add(FloatVector.fromArray(FS, c, ci)) : c00).intoArray(c, ci);
      (add ? c01.add(FloatVector.fromArray(FS, c, ci + FL)) : c01).intoArray(c, ci + FL);
    }
    if (m > 1) {
      int ci = co + 1 * ldc;
      (add ? c10.add(FloatVector.fromArray(FS, c, ci)) : c10).intoArray(c, ci);
      (add ? c11.add(FloatVector.fromArray(FS, c, ci + FL)) : c11).intoArray(c, ci + FL);
    }
    if (m > 2) {
      int ci = co + 2 * ldc;
      (add ? c20.add(FloatVector.fromArray(FS, c, ci)) : c20).intoArray(c, ci);
      (add ? c21.add(FloatVector.fromArray(FS, c, ci + FL)) : c21).intoArray(c, ci + FL);
    }
    if (m > 3) {
      int ci = co + 3 * ldc;
      (add ? c30.add(FloatVector.fromArray(FS, c, ci)) : c30).intoArray(c, ci);
      (add ? c31.add(FloatVector.fromArray(FS, c, ci + FL)) : c31).intoArray(c, ci + FL);
    }
    if (m > 4) {
      int ci = co + 4 * ldc;
      (add ? c40.add(FloatVector.fromArray(FS, c, ci)) : c40).intoArray(c, ci);
      (add ? c41.add(FloatVector.fromArray(FS, c, ci + FL)) : c41).intoArray(c, ci + FL);
    }
    if (m > 5) {
      int ci = co + 5 * ldc;
      (add ? c50.add(FloatVector.fromArray(FS, c, ci)) : c50).intoArray(c, ci);
      (add ? c51.add(FloatVector.fromArray(FS, c, ci + FL)) : c51).intoArray(c, ci + FL);
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
    if (n == 2 * DL) {
      // Straight-line stores, as in the float32 tile: no helper method taking vectors.
      {
        int ci = co;
        c00.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci);
        c01.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL);
      }
      if (m > 1) {
        int ci = co + 1 * ldc;
        c10.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci);
        c11.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL);
      }
      if (m > 2) {
        int ci = co + 2 * ldc;
        c20.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci);
        c21.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL);
      }
      if (m > 3) {
        int ci = co + 3 * ldc;
        c30.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci);
        c31.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL);
      }
      if (m > 4) {
        int ci = co + 4 * ldc;
        c40.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci);
        c41.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL);
      }
      if (m > 5) {
        int ci = co + 5 * ldc;
        c50.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci);
        c51.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL);
      }
      return;
    }
    double[] t = new double[MR * 2 * DL];
    c00.intoArray(t, 0 * 2 * DL);
    c01.intoArray(t, 0 * 2 * DL + DL);
    c10.intoArray(t, 1 * 2 * DL);
    c11.intoArray(t, 1 * 2 * DL + DL);
    c20.intoArray(t, 2 * 2 * DL);
    c21.intoArray(t, 2 * 2 * DL + DL);
    c30.intoArray(t, 3 * 2 * DL);
    c31.intoArray(t, 3 * 2 * DL + DL);
    c40.intoArray(t, 4 * 2 * DL);
    c41.intoArray(t, 4 * 2 * DL + DL);
    c50.intoArray(t, 5 * 2 * DL);
    c51.intoArray(t, 5 * 2 * DL + DL);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) c[co + i * ldc + j] += t[i * 2 * DL + j];
    }
  }


  @Override
  public boolean binaryF32(Op op, int n, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo) {
    // One loop per operator, so the operator is a constant in each and C2 emits the instruction;
    // a loop over a variable operator would take the Vector API's slow generic path.
    // One method per operator, each naming its operation directly: C2 only emits the vector
    // instruction for an operator it sees as a constant, and a shared loop taking the operator
    // as a parameter is compiled on its own (too big to inline) with the slow generic path.
    int i = switch (op) {
      case ADD -> addF32(n, a, ao, as, b, bo, bs, o, oo);
      case SUB -> subF32(n, a, ao, as, b, bo, bs, o, oo);
      case MUL -> mulF32(n, a, ao, as, b, bo, bs, o, oo);
      case DIV -> divF32(n, a, ao, as, b, bo, bs, o, oo);
      case MAXIMUM -> maxF32(n, a, ao, as, b, bo, bs, o, oo);
      case MINIMUM -> minF32(n, a, ao, as, b, bo, bs, o, oo);
      default -> -1;
    };
    if (i < 0) return false;
    // Scalar tail through the plain implementation keeps the semantics in one place.
    if (i < n) SimdProvider.SCALAR.binaryF32(op, n - i, a, ao + i * as, as, b, bo + i * bs, bs, o, oo + i);
    return true;
  }

  private static int addF32(int n, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo) {
    int i = 0;
    int bound = FS.loopBound(n);
    if (as == 1 && bs == 1) {
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).add(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    } else if (as == 1) {
      FloatVector y = FloatVector.broadcast(FS, b[bo]);
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).add(y).intoArray(o, oo + i);
    } else if (bs == 1) {
      FloatVector x = FloatVector.broadcast(FS, a[ao]);
      for (; i < bound; i += FL) x.add(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    }
    return i;
  }

  private static int subF32(int n, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo) {
    int i = 0;
    int bound = FS.loopBound(n);
    if (as == 1 && bs == 1) {
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).sub(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    } else if (as == 1) {
      FloatVector y = FloatVector.broadcast(FS, b[bo]);
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).sub(y).intoArray(o, oo + i);
    } else if (bs == 1) {
      FloatVector x = FloatVector.broadcast(FS, a[ao]);
      for (; i < bound; i += FL) x.sub(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    }
    return i;
  }

  private static int mulF32(int n, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo) {
    int i = 0;
    int bound = FS.loopBound(n);
    if (as == 1 && bs == 1) {
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).mul(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    } else if (as == 1) {
      FloatVector y = FloatVector.broadcast(FS, b[bo]);
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).mul(y).intoArray(o, oo + i);
    } else if (bs == 1) {
      FloatVector x = FloatVector.broadcast(FS, a[ao]);
      for (; i < bound; i += FL) x.mul(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    }
    return i;
  }

  private static int divF32(int n, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo) {
    int i = 0;
    int bound = FS.loopBound(n);
    if (as == 1 && bs == 1) {
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).div(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    } else if (as == 1) {
      FloatVector y = FloatVector.broadcast(FS, b[bo]);
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).div(y).intoArray(o, oo + i);
    } else if (bs == 1) {
      FloatVector x = FloatVector.broadcast(FS, a[ao]);
      for (; i < bound; i += FL) x.div(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    }
    return i;
  }

  // Vector max/min follow Math.max/min: NaN propagates, as torch.maximum requires.
  private static int maxF32(int n, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo) {
    int i = 0;
    int bound = FS.loopBound(n);
    if (as == 1 && bs == 1) {
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).max(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    } else if (as == 1) {
      FloatVector y = FloatVector.broadcast(FS, b[bo]);
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).max(y).intoArray(o, oo + i);
    } else if (bs == 1) {
      FloatVector x = FloatVector.broadcast(FS, a[ao]);
      for (; i < bound; i += FL) x.max(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    }
    return i;
  }

  private static int minF32(int n, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo) {
    int i = 0;
    int bound = FS.loopBound(n);
    if (as == 1 && bs == 1) {
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).min(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    } else if (as == 1) {
      FloatVector y = FloatVector.broadcast(FS, b[bo]);
      for (; i < bound; i += FL) FloatVector.fromArray(FS, a, ao + i).min(y).intoArray(o, oo + i);
    } else if (bs == 1) {
      FloatVector x = FloatVector.broadcast(FS, a[ao]);
      for (; i < bound; i += FL) x.min(FloatVector.fromArray(FS, b, bo + i)).intoArray(o, oo + i);
    }
    return i;
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
  public void whereF32(int n, byte[] c, int co, float[] a, int ao, float[] b, int bo, int bStep, float[] o, int oo) {
    int i = 0;
    int bound = FS.loopBound(n);
    if (bStep == 0) {
      FloatVector other = FloatVector.broadcast(FS, b[bo]);
      for (; i < bound; i += FL) {
        VectorMask<Float> keep = ByteVector.fromArray(CS, c, co + i).compare(VectorOperators.NE, 0).cast(FS);
        other.blend(FloatVector.fromArray(FS, a, ao + i), keep).intoArray(o, oo + i);
      }
    } else {
      for (; i < bound; i += FL) {
        VectorMask<Float> keep = ByteVector.fromArray(CS, c, co + i).compare(VectorOperators.NE, 0).cast(FS);
        FloatVector.fromArray(FS, b, bo + i).blend(FloatVector.fromArray(FS, a, ao + i), keep).intoArray(o, oo + i);
      }
    }
    for (; i < n; i++) o[oo + i] = c[co + i] != 0 ? a[ao + i] : b[bo + i * bStep];
  }

  @Override
  public boolean unaryF32(Op op, int n, float[] x, int xo, float[] o, int oo) {
    int i = switch (op) {
      case NEG -> negF32(n, x, xo, o, oo);
      case ABS -> absF32(n, x, xo, o, oo);
      case SQRT -> sqrtF32(n, x, xo, o, oo);
      case EXP -> expF32(n, x, xo, o, oo);
      case LOG -> logF32(n, x, xo, o, oo);
      case TANH -> tanhF32(n, x, xo, o, oo);
      case RELU -> reluF32(n, x, xo, o, oo);
      case RECIPROCAL -> reciprocalF32(n, x, xo, o, oo);
      case SIGMOID -> sigmoidF32(false, n, x, xo, o, oo);
      case SILU -> sigmoidF32(true, n, x, xo, o, oo);
      default -> -1;
    };
    if (i < 0) return false;
    for (; i < n; i++) o[oo + i] = (float) Scalars.unaryFloat(op, x[xo + i]);
    return true;
  }

  private static int negF32(int n, float[] x, int xo, float[] o, int oo) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.neg().intoArray(o, oo + i);
    }
    return i;
  }

  private static int absF32(int n, float[] x, int xo, float[] o, int oo) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.abs().intoArray(o, oo + i);
    }
    return i;
  }

  private static int sqrtF32(int n, float[] x, int xo, float[] o, int oo) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.sqrt().intoArray(o, oo + i);
    }
    return i;
  }

  private static int expF32(int n, float[] x, int xo, float[] o, int oo) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.lanewise(VectorOperators.EXP).intoArray(o, oo + i);
    }
    return i;
  }

  private static int logF32(int n, float[] x, int xo, float[] o, int oo) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.lanewise(VectorOperators.LOG).intoArray(o, oo + i);
    }
    return i;
  }

  private static int tanhF32(int n, float[] x, int xo, float[] o, int oo) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.lanewise(VectorOperators.TANH).intoArray(o, oo + i);
    }
    return i;
  }

  private static int reluF32(int n, float[] x, int xo, float[] o, int oo) {
    FloatVector zero = FloatVector.zero(FS);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      // Blend instead of max(v, 0) so NaN stays NaN (it compares false) and -0.0 becomes 0.0.
      v.blend(zero, v.compare(VectorOperators.LE, zero)).intoArray(o, oo + i);
    }
    return i;
  }

  private static int reciprocalF32(int n, float[] x, int xo, float[] o, int oo) {
    FloatVector one = FloatVector.broadcast(FS, 1f);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) one.div(FloatVector.fromArray(FS, x, xo + i)).intoArray(o, oo + i);
    return i;
  }

  /**
   * Sigmoid (times x for SiLU) without overflow, as {@link Scalars#sigmoid}: with e = exp(-|x|),
   * 1 / (1 + e) for x &gt;= 0 and e / (1 + e) otherwise; NaN stays NaN.
   */
  private static int sigmoidF32(boolean timesX, int n, float[] x, int xo, float[] o, int oo) {
    FloatVector one = FloatVector.broadcast(FS, 1f);
    FloatVector zero = FloatVector.zero(FS);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
      FloatVector d = one.add(e);
      FloatVector s = e.blend(one, v.compare(VectorOperators.GE, zero)).div(d);
      (timesX ? s.mul(v) : s).intoArray(o, oo + i);
    }
    return i;
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
