package dev.dl.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvKernels.Tiles} on {@code jdk.incubator.vector}. Loaded only reflectively, like
 * {@link VectorSimd}, so the backend links without the incubator module. Row tiles that run past
 * the last row re-read that row and skip its store, so leftover rows run at full tile speed
 * instead of in a slower remainder loop.
 */
final class ConvTilesVector implements ConvKernels.Tiles {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final int L = FS.length();
  private static final boolean WIDE = FS.vectorBitSize() >= 512;
  /** Positions per slice of the weight-gradient dot products; a multiple of every vector length. */
  private static final int DOT_SLICE = 256;

  @Override
  public int lanes() { return L; }

  @Override
  public void product(int m, int n, int k, float[] a, int ao, int ars, int aks, float[] b, int bo, int ldb, float[] c,
      int co, int ldc, float[] bias, int biasOff, float[] strip) {
    // The row tile that wastes fewer rows: 64 or 32 output channels take 8, 27 or 9 column rows
    // take 6 (a 9-row tile measured slower: nine row offsets crowd the integer registers). With
    // 512-bit vectors (32 registers) the tiles are 24 accumulators wide, 8x3 or 6x4, so each
    // step's B loads and A broadcasts feed 24 multiply-adds; with 16 registers (AVX2), 6x2.
    int rt = WIDE && roundUp(m, 8) <= roundUp(m, 6) ? 8 : 6;
    int vw = !WIDE ? 2 : rt == 8 ? 3 : 4;
    int width = vw * L;
    int j = 0;
    for (; j + width <= n; j += width) {
      float[] bs = b;
      int bj = bo + j;
      int ld = ldb;
      if (strip != null) {
        for (int p = 0, src = bo + j, dst = 0; p < k; p++, src += ldb, dst += width) {
          for (int v = 0; v < width; v += L) FloatVector.fromArray(FS, b, src + v).intoArray(strip, dst + v);
        }
        bs = strip;
        bj = 0;
        ld = width;
      }
      for (int i = 0; i < m; i += rt) {
        int rows = Math.min(rt, m - i);
        int cij = co + i * ldc + j;
        if (!WIDE) {
          tile6x2(rows, k, a, ao, i, ars, aks, bs, bj, ld, c, cij, ldc, bias, biasOff + i);
        } else if (rt == 8) {
          tile8x3(rows, k, a, ao, i, ars, aks, bs, bj, ld, c, cij, ldc, bias, biasOff + i);
        } else {
          tile6x4(rows, k, a, ao, i, ars, aks, bs, bj, ld, c, cij, ldc, bias, biasOff + i);
        }
      }
    }
    // Leftover columns (784 = 16*49 positions): two vectors, then one, then scalars.
    for (; j + 2 * L <= n; j += 2 * L) {
      for (int i = 0; i < m; i += 6) {
        tile6x2(Math.min(6, m - i), k, a, ao, i, ars, aks, b, bo + j, ldb, c, co + i * ldc + j, ldc, bias, biasOff + i);
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

  private static int roundUp(int x, int multiple) { return (x + multiple - 1) / multiple * multiple; }

  /*
   * Register tiles: rows first .. first+R-1 of C (only the first {@code rows} stored, the rest
   * re-read row first+rows-1), V vectors wide; A broadcast per row, B rows loaded once per step.
   * Spelled out per shape: loops over arrays of vectors would not stay in registers.
   */

  private static void tile6x2(int rows, int k, float[] a, int ao, int first, int ars, int aks, float[] b, int bo,
      int ldb, float[] c, int co, int ldc, float[] bias, int biasOff) {
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
      c00 = z; c01 = z;
      c10 = z; c11 = z;
      c20 = z; c21 = z;
      c30 = z; c31 = z;
      c40 = z; c41 = z;
      c50 = z; c51 = z;
    } else {
      c00 = FloatVector.broadcast(FS, bias[biasOff]);
      c01 = c00;
      c10 = FloatVector.broadcast(FS, bias[biasOff + Math.min(1, last)]);
      c11 = c10;
      c20 = FloatVector.broadcast(FS, bias[biasOff + Math.min(2, last)]);
      c21 = c20;
      c30 = FloatVector.broadcast(FS, bias[biasOff + Math.min(3, last)]);
      c31 = c30;
      c40 = FloatVector.broadcast(FS, bias[biasOff + Math.min(4, last)]);
      c41 = c40;
      c50 = FloatVector.broadcast(FS, bias[biasOff + Math.min(5, last)]);
      c51 = c50;
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

  private static void tile8x3(int rows, int k, float[] a, int ao, int first, int ars, int aks, float[] b, int bo,
      int ldb, float[] c, int co, int ldc, float[] bias, int biasOff) {
    int last = rows - 1;
    int a0 = ao + first * ars;
    int a1 = a0 + Math.min(1, last) * ars;
    int a2 = a0 + Math.min(2, last) * ars;
    int a3 = a0 + Math.min(3, last) * ars;
    int a4 = a0 + Math.min(4, last) * ars;
    int a5 = a0 + Math.min(5, last) * ars;
    int a6 = a0 + Math.min(6, last) * ars;
    int a7 = a0 + Math.min(7, last) * ars;
    FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
    FloatVector c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
    if (bias == null) {
      FloatVector z = FloatVector.zero(FS);
      c00 = z; c01 = z; c02 = z;
      c10 = z; c11 = z; c12 = z;
      c20 = z; c21 = z; c22 = z;
      c30 = z; c31 = z; c32 = z;
      c40 = z; c41 = z; c42 = z;
      c50 = z; c51 = z; c52 = z;
      c60 = z; c61 = z; c62 = z;
      c70 = z; c71 = z; c72 = z;
    } else {
      c00 = FloatVector.broadcast(FS, bias[biasOff]);
      c01 = c00; c02 = c00;
      c10 = FloatVector.broadcast(FS, bias[biasOff + Math.min(1, last)]);
      c11 = c10; c12 = c10;
      c20 = FloatVector.broadcast(FS, bias[biasOff + Math.min(2, last)]);
      c21 = c20; c22 = c20;
      c30 = FloatVector.broadcast(FS, bias[biasOff + Math.min(3, last)]);
      c31 = c30; c32 = c30;
      c40 = FloatVector.broadcast(FS, bias[biasOff + Math.min(4, last)]);
      c41 = c40; c42 = c40;
      c50 = FloatVector.broadcast(FS, bias[biasOff + Math.min(5, last)]);
      c51 = c50; c52 = c50;
      c60 = FloatVector.broadcast(FS, bias[biasOff + Math.min(6, last)]);
      c61 = c60; c62 = c60;
      c70 = FloatVector.broadcast(FS, bias[biasOff + Math.min(7, last)]);
      c71 = c70; c72 = c70;
    }
    int bi = bo;
    int ak = 0;
    for (int p = 0; p < k; p++, bi += ldb, ak += aks) {
      FloatVector b0 = FloatVector.fromArray(FS, b, bi);
      FloatVector b1 = FloatVector.fromArray(FS, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(FS, b, bi + 2 * L);
      FloatVector av = FloatVector.broadcast(FS, a[a0 + ak]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      c02 = av.fma(b2, c02);
      av = FloatVector.broadcast(FS, a[a1 + ak]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      c12 = av.fma(b2, c12);
      av = FloatVector.broadcast(FS, a[a2 + ak]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      c22 = av.fma(b2, c22);
      av = FloatVector.broadcast(FS, a[a3 + ak]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      c32 = av.fma(b2, c32);
      av = FloatVector.broadcast(FS, a[a4 + ak]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      c42 = av.fma(b2, c42);
      av = FloatVector.broadcast(FS, a[a5 + ak]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      c52 = av.fma(b2, c52);
      av = FloatVector.broadcast(FS, a[a6 + ak]);
      c60 = av.fma(b0, c60);
      c61 = av.fma(b1, c61);
      c62 = av.fma(b2, c62);
      av = FloatVector.broadcast(FS, a[a7 + ak]);
      c70 = av.fma(b0, c70);
      c71 = av.fma(b1, c71);
      c72 = av.fma(b2, c72);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c02.intoArray(c, co + 2 * L);
    if (rows > 1) {
      c10.intoArray(c, co + ldc);
      c11.intoArray(c, co + ldc + L);
      c12.intoArray(c, co + ldc + 2 * L);
    }
    if (rows > 2) {
      c20.intoArray(c, co + 2 * ldc);
      c21.intoArray(c, co + 2 * ldc + L);
      c22.intoArray(c, co + 2 * ldc + 2 * L);
    }
    if (rows > 3) {
      c30.intoArray(c, co + 3 * ldc);
      c31.intoArray(c, co + 3 * ldc + L);
      c32.intoArray(c, co + 3 * ldc + 2 * L);
    }
    if (rows > 4) {
      c40.intoArray(c, co + 4 * ldc);
      c41.intoArray(c, co + 4 * ldc + L);
      c42.intoArray(c, co + 4 * ldc + 2 * L);
    }
    if (rows > 5) {
      c50.intoArray(c, co + 5 * ldc);
      c51.intoArray(c, co + 5 * ldc + L);
      c52.intoArray(c, co + 5 * ldc + 2 * L);
    }
    if (rows > 6) {
      c60.intoArray(c, co + 6 * ldc);
      c61.intoArray(c, co + 6 * ldc + L);
      c62.intoArray(c, co + 6 * ldc + 2 * L);
    }
    if (rows > 7) {
      c70.intoArray(c, co + 7 * ldc);
      c71.intoArray(c, co + 7 * ldc + L);
      c72.intoArray(c, co + 7 * ldc + 2 * L);
    }
  }

  private static void tile6x4(int rows, int k, float[] a, int ao, int first, int ars, int aks, float[] b, int bo,
      int ldb, float[] c, int co, int ldc, float[] bias, int biasOff) {
    int last = rows - 1;
    int a0 = ao + first * ars;
    int a1 = a0 + Math.min(1, last) * ars;
    int a2 = a0 + Math.min(2, last) * ars;
    int a3 = a0 + Math.min(3, last) * ars;
    int a4 = a0 + Math.min(4, last) * ars;
    int a5 = a0 + Math.min(5, last) * ars;
    FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
    FloatVector c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
    if (bias == null) {
      FloatVector z = FloatVector.zero(FS);
      c00 = z; c01 = z; c02 = z; c03 = z;
      c10 = z; c11 = z; c12 = z; c13 = z;
      c20 = z; c21 = z; c22 = z; c23 = z;
      c30 = z; c31 = z; c32 = z; c33 = z;
      c40 = z; c41 = z; c42 = z; c43 = z;
      c50 = z; c51 = z; c52 = z; c53 = z;
    } else {
      c00 = FloatVector.broadcast(FS, bias[biasOff]);
      c01 = c00; c02 = c00; c03 = c00;
      c10 = FloatVector.broadcast(FS, bias[biasOff + Math.min(1, last)]);
      c11 = c10; c12 = c10; c13 = c10;
      c20 = FloatVector.broadcast(FS, bias[biasOff + Math.min(2, last)]);
      c21 = c20; c22 = c20; c23 = c20;
      c30 = FloatVector.broadcast(FS, bias[biasOff + Math.min(3, last)]);
      c31 = c30; c32 = c30; c33 = c30;
      c40 = FloatVector.broadcast(FS, bias[biasOff + Math.min(4, last)]);
      c41 = c40; c42 = c40; c43 = c40;
      c50 = FloatVector.broadcast(FS, bias[biasOff + Math.min(5, last)]);
      c51 = c50; c52 = c50; c53 = c50;
    }
    int bi = bo;
    int ak = 0;
    for (int p = 0; p < k; p++, bi += ldb, ak += aks) {
      FloatVector b0 = FloatVector.fromArray(FS, b, bi);
      FloatVector b1 = FloatVector.fromArray(FS, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(FS, b, bi + 2 * L);
      FloatVector b3 = FloatVector.fromArray(FS, b, bi + 3 * L);
      FloatVector av = FloatVector.broadcast(FS, a[a0 + ak]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      c02 = av.fma(b2, c02);
      c03 = av.fma(b3, c03);
      av = FloatVector.broadcast(FS, a[a1 + ak]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      c12 = av.fma(b2, c12);
      c13 = av.fma(b3, c13);
      av = FloatVector.broadcast(FS, a[a2 + ak]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      c22 = av.fma(b2, c22);
      c23 = av.fma(b3, c23);
      av = FloatVector.broadcast(FS, a[a3 + ak]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      c32 = av.fma(b2, c32);
      c33 = av.fma(b3, c33);
      av = FloatVector.broadcast(FS, a[a4 + ak]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      c42 = av.fma(b2, c42);
      c43 = av.fma(b3, c43);
      av = FloatVector.broadcast(FS, a[a5 + ak]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      c52 = av.fma(b2, c52);
      c53 = av.fma(b3, c53);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c02.intoArray(c, co + 2 * L);
    c03.intoArray(c, co + 3 * L);
    if (rows > 1) {
      c10.intoArray(c, co + ldc);
      c11.intoArray(c, co + ldc + L);
      c12.intoArray(c, co + ldc + 2 * L);
      c13.intoArray(c, co + ldc + 3 * L);
    }
    if (rows > 2) {
      c20.intoArray(c, co + 2 * ldc);
      c21.intoArray(c, co + 2 * ldc + L);
      c22.intoArray(c, co + 2 * ldc + 2 * L);
      c23.intoArray(c, co + 2 * ldc + 3 * L);
    }
    if (rows > 3) {
      c30.intoArray(c, co + 3 * ldc);
      c31.intoArray(c, co + 3 * ldc + L);
      c32.intoArray(c, co + 3 * ldc + 2 * L);
      c33.intoArray(c, co + 3 * ldc + 3 * L);
    }
    if (rows > 4) {
      c40.intoArray(c, co + 4 * ldc);
      c41.intoArray(c, co + 4 * ldc + L);
      c42.intoArray(c, co + 4 * ldc + 2 * L);
      c43.intoArray(c, co + 4 * ldc + 3 * L);
    }
    if (rows > 5) {
      c50.intoArray(c, co + 5 * ldc);
      c51.intoArray(c, co + 5 * ldc + L);
      c52.intoArray(c, co + 5 * ldc + 2 * L);
      c53.intoArray(c, co + 5 * ldc + 3 * L);
    }
  }


  private static void tile6x1(int rows, int k, float[] a, int ao, int first, int ars, int aks, float[] b, int bo,
      int ldb, float[] c, int co, int ldc, float[] bias, int biasOff) {
    int last = rows - 1;
    int a0 = ao + first * ars;
    int a1 = a0 + Math.min(1, last) * ars;
    int a2 = a0 + Math.min(2, last) * ars;
    int a3 = a0 + Math.min(3, last) * ars;
    int a4 = a0 + Math.min(4, last) * ars;
    int a5 = a0 + Math.min(5, last) * ars;
    FloatVector c00, c10, c20, c30, c40, c50;
    if (bias == null) {
      FloatVector z = FloatVector.zero(FS);
      c00 = z; c10 = z; c20 = z; c30 = z; c40 = z; c50 = z;
    } else {
      c00 = FloatVector.broadcast(FS, bias[biasOff]);
      c10 = FloatVector.broadcast(FS, bias[biasOff + Math.min(1, last)]);
      c20 = FloatVector.broadcast(FS, bias[biasOff + Math.min(2, last)]);
      c30 = FloatVector.broadcast(FS, bias[biasOff + Math.min(3, last)]);
      c40 = FloatVector.broadcast(FS, bias[biasOff + Math.min(4, last)]);
      c50 = FloatVector.broadcast(FS, bias[biasOff + Math.min(5, last)]);
    }
    int bi = bo;
    int ak = 0;
    for (int p = 0; p < k; p++, bi += ldb, ak += aks) {
      FloatVector b0 = FloatVector.fromArray(FS, b, bi);
      c00 = FloatVector.broadcast(FS, a[a0 + ak]).fma(b0, c00);
      c10 = FloatVector.broadcast(FS, a[a1 + ak]).fma(b0, c10);
      c20 = FloatVector.broadcast(FS, a[a2 + ak]).fma(b0, c20);
      c30 = FloatVector.broadcast(FS, a[a3 + ak]).fma(b0, c30);
      c40 = FloatVector.broadcast(FS, a[a4 + ak]).fma(b0, c40);
      c50 = FloatVector.broadcast(FS, a[a5 + ak]).fma(b0, c50);
    }
    c00.intoArray(c, co);
    if (rows > 1) c10.intoArray(c, co + ldc);
    if (rows > 2) c20.intoArray(c, co + 2 * ldc);
    if (rows > 3) c30.intoArray(c, co + 3 * ldc);
    if (rows > 4) c40.intoArray(c, co + 4 * ldc);
    if (rows > 5) c50.intoArray(c, co + 5 * ldc);
  }


  @Override
  public void dots(int m, int n, int len, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] acc,
      int accOff, int accLd) {
    // Slices of DOT_SLICE positions keep every row of A and B that the slice touches in L1 while
    // all tiles sweep it; whole rows of a 32x32 plane (4 KiB apart) would not fit.
    for (int p0 = 0; p0 < len; p0 += DOT_SLICE) {
      int pl = Math.min(DOT_SLICE, len - p0);
      for (int i = 0; i < m; i += 8) {
        for (int j = 0; j < n; j += 3) {
          dots8x3(Math.min(8, m - i), Math.min(3, n - j), pl, a, ao + i * lda + p0, lda, b, bo + j * ldb + p0, ldb, acc,
              accOff + i * accLd + j, accLd);
        }
      }
    }
  }

  /**
   * Lane-wise partial sums of the dot products of 8 rows of A with 3 rows of B, added to the
   * lane accumulators {@code acc[(accOff + i*accLd + j) * L ..]}; only the first {@code rows x
   * cols} are kept. 24 accumulators and 4 operand vectors fit AVX-512's 32 registers, and 11
   * loads feed 24 multiply-adds.
   */
  private static void dots8x3(int rows, int cols, int len, float[] a, int ao, int lda, float[] b, int bo, int ldb,
      float[] acc, int accOff, int accLd) {
    int last = rows - 1;
    int a0 = ao;
    int a1 = ao + Math.min(1, last) * lda;
    int a2 = ao + Math.min(2, last) * lda;
    int a3 = ao + Math.min(3, last) * lda;
    int a4 = ao + Math.min(4, last) * lda;
    int a5 = ao + Math.min(5, last) * lda;
    int a6 = ao + Math.min(6, last) * lda;
    int a7 = ao + Math.min(7, last) * lda;
    int b0 = bo;
    int b1 = bo + Math.min(1, cols - 1) * ldb;
    int b2 = bo + Math.min(2, cols - 1) * ldb;
    FloatVector z = FloatVector.zero(FS);
    FloatVector s00 = z, s01 = z, s02 = z, s10 = z, s11 = z, s12 = z, s20 = z, s21 = z, s22 = z;
    FloatVector s30 = z, s31 = z, s32 = z, s40 = z, s41 = z, s42 = z, s50 = z, s51 = z, s52 = z;
    FloatVector s60 = z, s61 = z, s62 = z, s70 = z, s71 = z, s72 = z;
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
      x = FloatVector.fromArray(FS, a, a4 + p);
      s40 = x.fma(y0, s40);
      s41 = x.fma(y1, s41);
      s42 = x.fma(y2, s42);
      x = FloatVector.fromArray(FS, a, a5 + p);
      s50 = x.fma(y0, s50);
      s51 = x.fma(y1, s51);
      s52 = x.fma(y2, s52);
      x = FloatVector.fromArray(FS, a, a6 + p);
      s60 = x.fma(y0, s60);
      s61 = x.fma(y1, s61);
      s62 = x.fma(y2, s62);
      x = FloatVector.fromArray(FS, a, a7 + p);
      s70 = x.fma(y0, s70);
      s71 = x.fma(y1, s71);
      s72 = x.fma(y2, s72);
    }
    int r0 = accOff * L;
    int rs = accLd * L;
    // Spelled out: a helper taking vectors that C2 declines to inline would box all 24 sums.
    int q0 = r0;
    FloatVector.fromArray(FS, acc, q0).add(s00).intoArray(acc, q0);
    if (cols > 1) FloatVector.fromArray(FS, acc, q0 + L).add(s01).intoArray(acc, q0 + L);
    if (cols > 2) FloatVector.fromArray(FS, acc, q0 + 2 * L).add(s02).intoArray(acc, q0 + 2 * L);
    if (rows > 1) {
      int q1 = r0 + rs;
      FloatVector.fromArray(FS, acc, q1).add(s10).intoArray(acc, q1);
      if (cols > 1) FloatVector.fromArray(FS, acc, q1 + L).add(s11).intoArray(acc, q1 + L);
      if (cols > 2) FloatVector.fromArray(FS, acc, q1 + 2 * L).add(s12).intoArray(acc, q1 + 2 * L);
    }
    if (rows > 2) {
      int q2 = r0 + 2 * rs;
      FloatVector.fromArray(FS, acc, q2).add(s20).intoArray(acc, q2);
      if (cols > 1) FloatVector.fromArray(FS, acc, q2 + L).add(s21).intoArray(acc, q2 + L);
      if (cols > 2) FloatVector.fromArray(FS, acc, q2 + 2 * L).add(s22).intoArray(acc, q2 + 2 * L);
    }
    if (rows > 3) {
      int q3 = r0 + 3 * rs;
      FloatVector.fromArray(FS, acc, q3).add(s30).intoArray(acc, q3);
      if (cols > 1) FloatVector.fromArray(FS, acc, q3 + L).add(s31).intoArray(acc, q3 + L);
      if (cols > 2) FloatVector.fromArray(FS, acc, q3 + 2 * L).add(s32).intoArray(acc, q3 + 2 * L);
    }
    if (rows > 4) {
      int q4 = r0 + 4 * rs;
      FloatVector.fromArray(FS, acc, q4).add(s40).intoArray(acc, q4);
      if (cols > 1) FloatVector.fromArray(FS, acc, q4 + L).add(s41).intoArray(acc, q4 + L);
      if (cols > 2) FloatVector.fromArray(FS, acc, q4 + 2 * L).add(s42).intoArray(acc, q4 + 2 * L);
    }
    if (rows > 5) {
      int q5 = r0 + 5 * rs;
      FloatVector.fromArray(FS, acc, q5).add(s50).intoArray(acc, q5);
      if (cols > 1) FloatVector.fromArray(FS, acc, q5 + L).add(s51).intoArray(acc, q5 + L);
      if (cols > 2) FloatVector.fromArray(FS, acc, q5 + 2 * L).add(s52).intoArray(acc, q5 + 2 * L);
    }
    if (rows > 6) {
      int q6 = r0 + 6 * rs;
      FloatVector.fromArray(FS, acc, q6).add(s60).intoArray(acc, q6);
      if (cols > 1) FloatVector.fromArray(FS, acc, q6 + L).add(s61).intoArray(acc, q6 + L);
      if (cols > 2) FloatVector.fromArray(FS, acc, q6 + 2 * L).add(s62).intoArray(acc, q6 + 2 * L);
    }
    if (rows > 7) {
      int q7 = r0 + 7 * rs;
      FloatVector.fromArray(FS, acc, q7).add(s70).intoArray(acc, q7);
      if (cols > 1) FloatVector.fromArray(FS, acc, q7 + L).add(s71).intoArray(acc, q7 + L);
      if (cols > 2) FloatVector.fromArray(FS, acc, q7 + 2 * L).add(s72).intoArray(acc, q7 + 2 * L);
    }
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

  @Override
  public void outer(int m, int n, int rows, int rowLen, float[] a, int ao, int lda, float[] bt, int bto, int ldb,
      int bRow, float[] acc, int accOff, int accLd) {
    for (int j = 0; j < n; j += 2 * L) {
      for (int i = 0; i < m; i += 8) {
        outer8x2(Math.min(8, m - i), rows, rowLen, a, ao + i * lda, lda, bt, bto + j, ldb, bRow, acc,
            accOff + i * accLd + j, accLd);
      }
    }
  }

  /**
   * {@code acc[i, 0..2L) += sum_p A[i, p] * Bt[p, 0..2L)} for 8 rows of A (only the first
   * {@code rows} stored), p running over {@code lines} runs of {@code lineLen} rows of Bt. A is
   * broadcast, so its rows need no alignment; each step loads two vectors of Bt for 16
   * multiply-adds whose sums stay in registers for all positions.
   */
  private static void outer8x2(int rows, int lines, int lineLen, float[] a, int ao, int lda, float[] bt, int bto,
      int ldb, int bLine, float[] acc, int accOff, int accLd) {
    int last = rows - 1;
    int a0 = ao;
    int a1 = ao + Math.min(1, last) * lda;
    int a2 = ao + Math.min(2, last) * lda;
    int a3 = ao + Math.min(3, last) * lda;
    int a4 = ao + Math.min(4, last) * lda;
    int a5 = ao + Math.min(5, last) * lda;
    int a6 = ao + Math.min(6, last) * lda;
    int a7 = ao + Math.min(7, last) * lda;
    FloatVector z = FloatVector.zero(FS);
    FloatVector s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
    FloatVector s40 = z, s41 = z, s50 = z, s51 = z, s60 = z, s61 = z, s70 = z, s71 = z;
    int p = 0;
    for (int line = 0; line < lines; line++) {
      int bi = bto + line * bLine;
      for (int end = p + lineLen; p < end; p++, bi += ldb) {
        FloatVector y0 = FloatVector.fromArray(FS, bt, bi);
        FloatVector y1 = FloatVector.fromArray(FS, bt, bi + L);
        FloatVector x = FloatVector.broadcast(FS, a[a0 + p]);
        s00 = x.fma(y0, s00);
        s01 = x.fma(y1, s01);
        x = FloatVector.broadcast(FS, a[a1 + p]);
        s10 = x.fma(y0, s10);
        s11 = x.fma(y1, s11);
        x = FloatVector.broadcast(FS, a[a2 + p]);
        s20 = x.fma(y0, s20);
        s21 = x.fma(y1, s21);
        x = FloatVector.broadcast(FS, a[a3 + p]);
        s30 = x.fma(y0, s30);
        s31 = x.fma(y1, s31);
        x = FloatVector.broadcast(FS, a[a4 + p]);
        s40 = x.fma(y0, s40);
        s41 = x.fma(y1, s41);
        x = FloatVector.broadcast(FS, a[a5 + p]);
        s50 = x.fma(y0, s50);
        s51 = x.fma(y1, s51);
        x = FloatVector.broadcast(FS, a[a6 + p]);
        s60 = x.fma(y0, s60);
        s61 = x.fma(y1, s61);
        x = FloatVector.broadcast(FS, a[a7 + p]);
        s70 = x.fma(y0, s70);
        s71 = x.fma(y1, s71);
      }
    }
    int q = accOff;
    FloatVector.fromArray(FS, acc, q).add(s00).intoArray(acc, q);
    FloatVector.fromArray(FS, acc, q + L).add(s01).intoArray(acc, q + L);
    if (rows > 1) {
      q += accLd;
      FloatVector.fromArray(FS, acc, q).add(s10).intoArray(acc, q);
      FloatVector.fromArray(FS, acc, q + L).add(s11).intoArray(acc, q + L);
    }
    if (rows > 2) {
      q += accLd;
      FloatVector.fromArray(FS, acc, q).add(s20).intoArray(acc, q);
      FloatVector.fromArray(FS, acc, q + L).add(s21).intoArray(acc, q + L);
    }
    if (rows > 3) {
      q += accLd;
      FloatVector.fromArray(FS, acc, q).add(s30).intoArray(acc, q);
      FloatVector.fromArray(FS, acc, q + L).add(s31).intoArray(acc, q + L);
    }
    if (rows > 4) {
      q += accLd;
      FloatVector.fromArray(FS, acc, q).add(s40).intoArray(acc, q);
      FloatVector.fromArray(FS, acc, q + L).add(s41).intoArray(acc, q + L);
    }
    if (rows > 5) {
      q += accLd;
      FloatVector.fromArray(FS, acc, q).add(s50).intoArray(acc, q);
      FloatVector.fromArray(FS, acc, q + L).add(s51).intoArray(acc, q + L);
    }
    if (rows > 6) {
      q += accLd;
      FloatVector.fromArray(FS, acc, q).add(s60).intoArray(acc, q);
      FloatVector.fromArray(FS, acc, q + L).add(s61).intoArray(acc, q + L);
    }
    if (rows > 7) {
      q += accLd;
      FloatVector.fromArray(FS, acc, q).add(s70).intoArray(acc, q);
      FloatVector.fromArray(FS, acc, q + L).add(s71).intoArray(acc, q + L);
    }
  }

  @Override
  public void addRow(float[] dst, int d, float[] src, int s, int len) {
    // Rows are short (an image row, often 28 or 32 wide): a masked last vector beats a scalar tail.
    int i = 0;
    for (; i + L <= len; i += L) {
      FloatVector.fromArray(FS, dst, d + i).add(FloatVector.fromArray(FS, src, s + i)).intoArray(dst, d + i);
    }
    if (i < len) {
      VectorMask<Float> m = FS.indexInRange(i, len);
      FloatVector.fromArray(FS, dst, d + i, m).add(FloatVector.fromArray(FS, src, s + i, m)).intoArray(dst, d + i, m);
    }
  }
}
