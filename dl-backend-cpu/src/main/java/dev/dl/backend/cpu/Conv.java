package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;

/**
 * IM2COL and its adjoint COL2IM in the {@link ConvGeometry} layout: column row
 * {@code (c*kh + ki)*kw + kj}, column {@code oy*outW + ox}. Work is split by (image, channel), so
 * col2im's overlapping sums never race.
 */
final class Conv {
  private final Parallel parallel;

  Conv(Parallel parallel) { this.parallel = parallel; }

  void im2col(Operand out, Operand x, ConvGeometry g) {
    int oh = g.outH(), ow = g.outW(), cols = oh * ow;
    int[] xs = x.strides();
    Object src = CpuStorage.data(x);
    Object dst = CpuStorage.data(out);
    DType t = x.dtype();
    int perChannel = g.kh() * g.kw() * cols;
    if (src instanceof float[] xf) {
      parallel.forRange(g.n() * g.c(), Math.max(1, Parallel.GRAIN / Math.max(perChannel, 1)),
          (lo, hi) -> im2colF32(xf, x.offset(), xs, (float[]) dst, out.offset(), g, lo, hi));
      return;
    }
    parallel.forRange(g.n() * g.c(), Math.max(1, Parallel.GRAIN / Math.max(perChannel, 1)), (lo, hi) -> {
      for (int nc = lo; nc < hi; nc++) {
        int img = nc / g.c(), ch = nc % g.c();
        int xBase = x.offset() + img * xs[0] + ch * xs[1];
        for (int ki = 0; ki < g.kh(); ki++) {
          for (int kj = 0; kj < g.kw(); kj++) {
            int row = (ch * g.kh() + ki) * g.kw() + kj;
            int o = out.offset() + (img * g.colRows() + row) * cols;
            for (int oy = 0; oy < oh; oy++) {
              int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
              boolean rowInside = iy >= 0 && iy < g.h();
              for (int ox = 0; ox < ow; ox++, o++) {
                int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                if (rowInside && ix >= 0 && ix < g.w()) {
                  Cast.move(src, xBase + iy * xs[2] + ix * xs[3], dst, o);
                } else {
                  Cast.setL(dst, t, o, 0);
                }
              }
            }
          }
        }
      }
    });
  }

  /**
   * float32 im2col for the (image, channel) pairs {@code [lo, hi)}: per output row only the
   * columns whose input pixel is inside the image are computed (a block copy when the window
   * moves one pixel at a time over a contiguous row); the padding around them is zero-filled.
   */
  private static void im2colF32(float[] x, int xOff, int[] xs, float[] out, int outOff, ConvGeometry g, int lo, int hi) {
    int oh = g.outH(), ow = g.outW(), cols = oh * ow;
    int sw = g.strideW();
    boolean unitRow = sw == 1 && xs[3] == 1;
    for (int nc = lo; nc < hi; nc++) {
      int img = nc / g.c(), ch = nc % g.c();
      int xBase = xOff + img * xs[0] + ch * xs[1];
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++) {
          int row = (ch * g.kh() + ki) * g.kw() + kj;
          int o = outOff + (img * g.colRows() + row) * cols;
          int shift = kj * g.dilationW() - g.padW();
          // Output columns ox with 0 <= ox*sw + shift < w.
          int oxLo = Math.min(ow, shift >= 0 ? 0 : (-shift + sw - 1) / sw);
          int oxHi = Math.max(oxLo, Math.min(ow, g.w() - shift <= 0 ? 0 : (g.w() - shift + sw - 1) / sw));
          for (int oy = 0; oy < oh; oy++, o += ow) {
            int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
            if (iy < 0 || iy >= g.h()) {
              java.util.Arrays.fill(out, o, o + ow, 0f);
              continue;
            }
            int rowBase = xBase + iy * xs[2];
            for (int ox = 0; ox < oxLo; ox++) out[o + ox] = 0f;
            if (unitRow) {
              System.arraycopy(x, rowBase + oxLo + shift, out, o + oxLo, oxHi - oxLo);
            } else {
              for (int ox = oxLo; ox < oxHi; ox++) out[o + ox] = x[rowBase + (ox * sw + shift) * xs[3]];
            }
            for (int ox = oxHi; ox < ow; ox++) out[o + ox] = 0f;
          }
        }
      }
    }
  }

  /**
   * float32 col2im: sums straight into the zeroed output plane in float, as PyTorch does; each
   * (image, channel) plane belongs to one task, so no two threads touch the same pixel.
   */
  private static void col2imF32(float[] cols, int cOff, int[] cs, float[] out, int outOff, ConvGeometry g, int lo,
      int hi) {
    int oh = g.outH(), ow = g.outW();
    int sw = g.strideW();
    int plane = g.h() * g.w();
    boolean unitRow = sw == 1 && cs[2] == 1;
    for (int nc = lo; nc < hi; nc++) {
      int img = nc / g.c(), ch = nc % g.c();
      int oBase = outOff + nc * plane;
      java.util.Arrays.fill(out, oBase, oBase + plane, 0f);
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++) {
          int row = (ch * g.kh() + ki) * g.kw() + kj;
          int cBase = cOff + img * cs[0] + row * cs[1];
          int shift = kj * g.dilationW() - g.padW();
          int oxLo = Math.min(ow, shift >= 0 ? 0 : (-shift + sw - 1) / sw);
          int oxHi = Math.max(oxLo, Math.min(ow, g.w() - shift <= 0 ? 0 : (g.w() - shift + sw - 1) / sw));
          for (int oy = 0; oy < oh; oy++) {
            int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
            if (iy < 0 || iy >= g.h()) continue;
            int dst = oBase + iy * g.w();
            int s = cBase + oy * ow * cs[2];
            if (unitRow) {
              int d = dst + shift;
              for (int ox = oxLo; ox < oxHi; ox++) out[d + ox] += cols[s + ox];
            } else {
              for (int ox = oxLo; ox < oxHi; ox++) out[dst + ox * sw + shift] += cols[s + ox * cs[2]];
            }
          }
        }
      }
    }
  }

  void col2im(Operand out, Operand cols, ConvGeometry g) {
    int oh = g.outH(), ow = g.outW(), nCols = oh * ow;
    int[] cs = cols.strides();
    Object src = CpuStorage.data(cols);
    Object dst = CpuStorage.data(out);
    DType t = out.dtype();
    boolean floating = t.isFloatingPoint();
    int plane = g.h() * g.w();
    int perChannel = g.kh() * g.kw() * nCols;
    if (t == DType.FLOAT32 && src instanceof float[] cf) {
      parallel.forRange(g.n() * g.c(), Math.max(1, Parallel.GRAIN / Math.max(perChannel, 1)),
          (lo, hi) -> col2imF32(cf, cols.offset(), cs, (float[]) dst, out.offset(), g, lo, hi));
      return;
    }
    parallel.forRange(g.n() * g.c(), Math.max(1, Parallel.GRAIN / Math.max(perChannel, 1)), (lo, hi) -> {
      for (int nc = lo; nc < hi; nc++) {
        int img = nc / g.c(), ch = nc % g.c();
        int oBase = out.offset() + nc * plane;
        // Accumulate the plane in double/long, then store once: rounds half types a single time.
        double[] accD = floating ? new double[plane] : null;
        long[] accL = floating ? null : new long[plane];
        for (int ki = 0; ki < g.kh(); ki++) {
          for (int kj = 0; kj < g.kw(); kj++) {
            int row = (ch * g.kh() + ki) * g.kw() + kj;
            int cBase = cols.offset() + img * cs[0] + row * cs[1];
            for (int oy = 0; oy < oh; oy++) {
              int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
              if (iy < 0 || iy >= g.h()) continue;
              for (int ox = 0; ox < ow; ox++) {
                int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                if (ix < 0 || ix >= g.w()) continue;
                int s = cBase + (oy * ow + ox) * cs[2];
                if (floating) {
                  accD[iy * g.w() + ix] += Cast.getD(src, t, s);
                } else {
                  accL[iy * g.w() + ix] += Cast.getL(src, t, s);
                }
              }
            }
          }
        }
        for (int i = 0; i < plane; i++) {
          if (floating) {
            Cast.setD(dst, t, oBase + i, accD[i]);
          } else {
            Cast.setL(dst, t, oBase + i, accL[i]);
          }
        }
      }
    });
  }
}
