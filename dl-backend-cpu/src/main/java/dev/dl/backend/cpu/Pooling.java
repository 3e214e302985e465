package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;

/**
 * MAX_POOL2D with indices for float32 and float64, parallel over the (image, channel) planes. Per
 * output the window's rows and columns are clipped to the image once, so padding is never read
 * and the inner loop has no bounds tests; 2x2 windows at stride 2 (the common case) get their own
 * unrolled loop. NaN beats every number and the first of equal maxima wins, like the composite's
 * argmax.
 */
final class Pooling {
  private final Parallel parallel;

  Pooling(Parallel parallel) { this.parallel = parallel; }

  /** False for dtypes other than float32/float64: dl-api then composes the op. */
  boolean maxPool2d(Operand values, Operand indices, Operand x, ConvGeometry g) {
    DType t = x.dtype();
    if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
    assert x.isContiguous() && values.isContiguous() && indices.isContiguous() && indices.dtype() == DType.INT64;
    int planes = g.n() * g.c();
    int work = Math.max(1, g.outH() * g.outW() * g.kh() * g.kw());
    long[] idx = (long[]) CpuStorage.data(indices);
    Object src = CpuStorage.data(x), dst = CpuStorage.data(values);
    int inPlane = g.h() * g.w(), outPlane = g.outH() * g.outW();
    boolean twoByTwo = g.kh() == 2 && g.kw() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0
        && g.padW() == 0 && g.dilationH() == 1 && g.dilationW() == 1;
    parallel.forRange(planes, Math.max(1, Parallel.GRAIN / work), (lo, hi) -> {
      for (int p = lo; p < hi; p++) {
        int xo = x.offset() + p * inPlane, vo = values.offset() + p * outPlane, io = indices.offset() + p * outPlane;
        if (src instanceof float[] xf) {
          if (twoByTwo) plane2x2(xf, xo, (float[]) dst, vo, idx, io, g);
          else plane(xf, xo, (float[]) dst, vo, idx, io, g);
        } else {
          plane((double[]) src, xo, (double[]) dst, vo, idx, io, g);
        }
      }
    });
    return true;
  }

  /** First tap index {@code i} with {@code start + i*step >= 0}. */
  private static int firstInside(int start, int step) { return start >= 0 ? 0 : (-start + step - 1) / step; }

  /** One past the last tap index {@code i < k} with {@code start + i*step < size}. */
  private static int endInside(int start, int step, int size, int k) {
    return size - start <= 0 ? 0 : Math.min(k, (size - start + step - 1) / step);
  }

  /**
   * The index reported for a window that lies wholly in the padding (possible with dilation): PyTorch
   * leaves it undefined; the nearest in-image position keeps the gradient scatter in range.
   */
  private static long emptyWindowIndex(int y0, int x0, ConvGeometry g) {
    int y = Math.clamp(y0, 0, g.h() - 1), xx = Math.clamp(x0, 0, g.w() - 1);
    return (long) y * g.w() + xx;
  }

  private static void plane(float[] x, int xo, float[] v, int vo, long[] idx, int io, ConvGeometry g) {
    int w = g.w(), dh = g.dilationH(), dw = g.dilationW();
    for (int oy = 0, o = 0; oy < g.outH(); oy++) {
      int y0 = oy * g.strideH() - g.padH();
      int iLo = firstInside(y0, dh), iHi = endInside(y0, dh, g.h(), g.kh());
      for (int ox = 0; ox < g.outW(); ox++, o++) {
        int x0 = ox * g.strideW() - g.padW();
        int jLo = firstInside(x0, dw), jHi = endInside(x0, dw, w, g.kw());
        float best = Float.NEGATIVE_INFINITY;
        int at = -1;
        search:
        for (int i = iLo; i < iHi; i++) {
          int row = (y0 + i * dh) * w + x0;
          for (int j = jLo; j < jHi; j++) {
            int pos = row + j * dw;
            float e = x[xo + pos];
            if (e > best || at < 0) {
              best = e;
              at = pos;
            }
            if (e != e) {
              best = e;
              at = pos;
              break search;
            }
          }
        }
        v[vo + o] = best;
        idx[io + o] = at >= 0 ? at : emptyWindowIndex(y0, x0, g);
      }
    }
  }

  private static void plane(double[] x, int xo, double[] v, int vo, long[] idx, int io, ConvGeometry g) {
    int w = g.w(), dh = g.dilationH(), dw = g.dilationW();
    for (int oy = 0, o = 0; oy < g.outH(); oy++) {
      int y0 = oy * g.strideH() - g.padH();
      int iLo = firstInside(y0, dh), iHi = endInside(y0, dh, g.h(), g.kh());
      for (int ox = 0; ox < g.outW(); ox++, o++) {
        int x0 = ox * g.strideW() - g.padW();
        int jLo = firstInside(x0, dw), jHi = endInside(x0, dw, w, g.kw());
        double best = Double.NEGATIVE_INFINITY;
        int at = -1;
        search:
        for (int i = iLo; i < iHi; i++) {
          int row = (y0 + i * dh) * w + x0;
          for (int j = jLo; j < jHi; j++) {
            int pos = row + j * dw;
            double e = x[xo + pos];
            if (e > best || at < 0) {
              best = e;
              at = pos;
            }
            if (e != e) {
              best = e;
              at = pos;
              break search;
            }
          }
        }
        v[vo + o] = best;
        idx[io + o] = at >= 0 ? at : emptyWindowIndex(y0, x0, g);
      }
    }
  }

  /** 2x2 windows at stride 2 without padding: every window is inside the image. */
  private static void plane2x2(float[] x, int xo, float[] v, int vo, long[] idx, int io, ConvGeometry g) {
    int w = g.w();
    for (int oy = 0, o = 0; oy < g.outH(); oy++) {
      int r0 = 2 * oy * w;
      for (int ox = 0; ox < g.outW(); ox++, o++) {
        int p = r0 + 2 * ox;
        float a = x[xo + p], b = x[xo + p + 1], c = x[xo + p + w], d = x[xo + p + w + 1];
        // Candidates in window order; a later one replaces the best only when strictly greater,
        // and a NaN replaces it unless the best is already NaN.
        float best = a;
        int at = p;
        if (b > best || (b != b && best == best)) { best = b; at = p + 1; }
        if (c > best || (c != c && best == best)) { best = c; at = p + w; }
        if (d > best || (d != d && best == best)) { best = d; at = p + w + 1; }
        v[vo + o] = best;
        idx[io + o] = at;
      }
    }
  }
}
