package dev.dl.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvKernels.Tiles} on {@code jdk.incubator.vector}. Loaded only reflectively, like
 * {@link VectorSimd}, so the backend links without the incubator module. Row tiles that run past
 * the last row re-read that row and skip its store: the leftover rows (64 = 10*6 + 4 output
 * channels, 27 column rows) then run at full tile speed instead of in a slower remainder loop.
 */
final class ConvTilesVector implements ConvKernels.Tiles {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final int L = FS.length();

  @Override
  public int lanes() { return L; }

  @Override
  public void product(int m, int n, int k, float[] a, int ao, int ars, int aks, float[] b, int bo, int ldb, float[] c,
      int co, int ldc, float[] bias, int biasOff, float[] strip) {
    int j = 0;
    for (; j + 2 * L <= n; j += 2 * L) {
      float[] bs = b;
      int bj = bo + j;
      int ld = ldb;
      if (strip != null) {
        for (int p = 0; p < k; p++) System.arraycopy(b, bo + p * ldb + j, strip, p * 2 * L, 2 * L);
        bs = strip;
        bj = 0;
        ld = 2 * L;
      }
      for (int i = 0; i < m; i += 6) {
        tile6x2(Math.min(6, m - i), k, a, ao, i, ars, aks, bs, bj, ld, c, co + i * ldc + j, ldc, bias, biasOff + i);
      }
    }
    for (; j + L <= n; j += L) {
      for (int i = 0; i < m; i += 6) {
        tile6x1(Math.min(6, m - i), k, a, ao, i, ars, aks, b, bo + j, ldb, c, co + i * ldc + j, ldc, bias, biasOff + i);
      }
    }
    for (; j < n; j++) {
      for (int i = 0; i < m; i++) {
        float s = bias == null ? 0f : bias[biasOff + i];
        for (int p = 0; p < k; p++) s += a[ao + i * ars + p * aks] * b[bo + p * ldb + j];
        c[co + i * ldc + j] = s;
      }
    }
  }

  /** Rows {@code first .. first+5} of C (only the first {@code rows} stored), two vectors wide. */
  private static void tile6x2(int rows, int k, float[] a, int ao, int first, int ars, int aks, float[] b, int bo, int ldb,
      float[] c, int co, int ldc, float[] bias, int biasOff) {
    int last = rows - 1;
    int a0 = ao + first * ars;
    int a1 = a0 + Math.min(1, last) * ars;
    int a2 = a0 + Math.min(2, last) * ars;
    int a3 = a0 + Math.min(3, last) * ars;
    int a4 = a0 + Math.min(4, last) * ars;
    int a5 = a0 + Math.min(5, last) * ars;
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    if (bias == null) {
      FloatVector z = FloatVector.zero(FS);
      c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
    } else {
      c00 = FloatVector.broadcast(FS, bias[biasOff]);
      c10 = FloatVector.broadcast(FS, bias[biasOff + Math.min(1, last)]);
      c20 = FloatVector.broadcast(FS, bias[biasOff + Math.min(2, last)]);
      c30 = FloatVector.broadcast(FS, bias[biasOff + Math.min(3, last)]);
      c40 = FloatVector.broadcast(FS, bias[biasOff + Math.min(4, last)]);
      c50 = FloatVector.broadcast(FS, bias[biasOff + Math.min(5, last)]);
      c01 = c00; c11 = c10; c21 = c20; c31 = c30; c41 = c40; c51 = c50;
    }
    int bi = bo;
    int ak = 0;
    for (int p = 0; p < k; p++, bi += ldb, ak += aks) {
      FloatVector b0 = FloatVector.fromArray(FS, b, bi);
      FloatVector b1 = FloatVector.fromArray(FS, b, bi + L);
      FloatVector av = FloatVector.broadcast(FS, a[a0 + ak]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(FS, a[a1 + ak]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(FS, a[a2 + ak]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(FS, a[a3 + ak]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(FS, a[a4 + ak]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(FS, a[a5 + ak]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    if (rows > 1) {
      c10.intoArray(c, co + ldc);
      c11.intoArray(c, co + ldc + L);
    }
    if (rows > 2) {
      c20.intoArray(c, co + 2 * ldc);
      c21.intoArray(c, co + 2 * ldc + L);
    }
    if (rows > 3) {
      c30.intoArray(c, co + 3 * ldc);
      c31.intoArray(c, co + 3 * ldc + L);
    }
    if (rows > 4) {
      c40.intoArray(c, co + 4 * ldc);
      c41.intoArray(c, co + 4 * ldc + L);
    }
    if (rows > 5) {
      c50.intoArray(c, co + 5 * ldc);
      c51.intoArray(c, co + 5 * ldc + L);
    }
  }

  /** As {@link #tile6x2}, one vector wide. */
  private static void tile6x1(int rows, int k, float[] a, int ao, int first, int ars, int aks, float[] b, int bo, int ldb,
      float[] c, int co, int ldc, float[] bias, int biasOff) {
    int last = rows - 1;
    int a0 = ao + first * ars;
    int a1 = a0 + Math.min(1, last) * ars;
    int a2 = a0 + Math.min(2, last) * ars;
    int a3 = a0 + Math.min(3, last) * ars;
    int a4 = a0 + Math.min(4, last) * ars;
    int a5 = a0 + Math.min(5, last) * ars;
    FloatVector c0, c1, c2, c3, c4, c5;
    if (bias == null) {
      FloatVector z = FloatVector.zero(FS);
      c0 = z; c1 = z; c2 = z; c3 = z; c4 = z; c5 = z;
    } else {
      c0 = FloatVector.broadcast(FS, bias[biasOff]);
      c1 = FloatVector.broadcast(FS, bias[biasOff + Math.min(1, last)]);
      c2 = FloatVector.broadcast(FS, bias[biasOff + Math.min(2, last)]);
      c3 = FloatVector.broadcast(FS, bias[biasOff + Math.min(3, last)]);
      c4 = FloatVector.broadcast(FS, bias[biasOff + Math.min(4, last)]);
      c5 = FloatVector.broadcast(FS, bias[biasOff + Math.min(5, last)]);
    }
    int bi = bo;
    int ak = 0;
    for (int p = 0; p < k; p++, bi += ldb, ak += aks) {
      FloatVector b0 = FloatVector.fromArray(FS, b, bi);
      c0 = FloatVector.broadcast(FS, a[a0 + ak]).fma(b0, c0);
      c1 = FloatVector.broadcast(FS, a[a1 + ak]).fma(b0, c1);
      c2 = FloatVector.broadcast(FS, a[a2 + ak]).fma(b0, c2);
      c3 = FloatVector.broadcast(FS, a[a3 + ak]).fma(b0, c3);
      c4 = FloatVector.broadcast(FS, a[a4 + ak]).fma(b0, c4);
      c5 = FloatVector.broadcast(FS, a[a5 + ak]).fma(b0, c5);
    }
    c0.intoArray(c, co);
    if (rows > 1) c1.intoArray(c, co + ldc);
    if (rows > 2) c2.intoArray(c, co + 2 * ldc);
    if (rows > 3) c3.intoArray(c, co + 3 * ldc);
    if (rows > 4) c4.intoArray(c, co + 4 * ldc);
    if (rows > 5) c5.intoArray(c, co + 5 * ldc);
  }

  @Override
  public void dots(int m, int n, int len, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] acc,
      int accOff, int accLd) {
    for (int i = 0; i < m; i += 4) {
      for (int j = 0; j < n; j += 3) dots4x3(Math.min(4, m - i), Math.min(3, n - j), len, a, ao + i * lda, lda, b, bo + j * ldb, ldb, acc,
          accOff + i * accLd + j, accLd);
    }
  }

  /**
   * Lane-wise partial sums of the dot products of 4 rows of A with 3 rows of B, added to the
   * lane accumulators {@code acc[((accOff + i*accLd + j) * L) ..]}; only the first {@code rows x
   * cols} are kept.
   */
  private static void dots4x3(int rows, int cols, int len, float[] a, int ao, int lda, float[] b, int bo, int ldb,
      float[] acc, int accOff, int accLd) {
    int a0 = ao;
    int a1 = ao + Math.min(1, rows - 1) * lda;
    int a2 = ao + Math.min(2, rows - 1) * lda;
    int a3 = ao + Math.min(3, rows - 1) * lda;
    int b0 = bo;
    int b1 = bo + Math.min(1, cols - 1) * ldb;
    int b2 = bo + Math.min(2, cols - 1) * ldb;
    FloatVector z = FloatVector.zero(FS);
    FloatVector s00 = z, s01 = z, s02 = z, s10 = z, s11 = z, s12 = z;
    FloatVector s20 = z, s21 = z, s22 = z, s30 = z, s31 = z, s32 = z;
    int p = 0;
    for (; p + L <= len; p += L) {
      FloatVector y0 = FloatVector.fromArray(FS, b, b0 + p);
      FloatVector y1 = FloatVector.fromArray(FS, b, b1 + p);
      FloatVector y2 = FloatVector.fromArray(FS, b, b2 + p);
      FloatVector x = FloatVector.fromArray(FS, a, a0 + p);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      s02 = x.fma(y2, s02);
      x = FloatVector.fromArray(FS, a, a1 + p);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      s12 = x.fma(y2, s12);
      x = FloatVector.fromArray(FS, a, a2 + p);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      s22 = x.fma(y2, s22);
      x = FloatVector.fromArray(FS, a, a3 + p);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
      s32 = x.fma(y2, s32);
    }
    int r0 = accOff * L;
    int rs = accLd * L;
    addInto(acc, r0, s00, s01, s02, cols);
    if (rows > 1) addInto(acc, r0 + rs, s10, s11, s12, cols);
    if (rows > 2) addInto(acc, r0 + 2 * rs, s20, s21, s22, cols);
    if (rows > 3) addInto(acc, r0 + 3 * rs, s30, s31, s32, cols);
    if (p < len) {
      // The tail shorter than a vector goes into lane 0 of each accumulator.
      for (int i = 0; i < rows; i++) {
        int ai = ao + i * lda;
        for (int j = 0; j < cols; j++) {
          int bj = bo + j * ldb;
          float s = 0f;
          for (int q = p; q < len; q++) s += a[ai + q] * b[bj + q];
          acc[r0 + i * rs + j * L] += s;
        }
      }
    }
  }

  private static void addInto(float[] acc, int at, FloatVector s0, FloatVector s1, FloatVector s2, int cols) {
    FloatVector.fromArray(FS, acc, at).add(s0).intoArray(acc, at);
    if (cols > 1) FloatVector.fromArray(FS, acc, at + L).add(s1).intoArray(acc, at + L);
    if (cols > 2) FloatVector.fromArray(FS, acc, at + 2 * L).add(s2).intoArray(acc, at + 2 * L);
  }
}
