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
              if (src instanceof float[] xf) {
                // float32, the common case: typed loop without per-element dispatch.
                float[] of = (float[]) dst;
                int rowBase = xBase + iy * xs[2];
                for (int ox = 0; ox < ow; ox++, o++) {
                  int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                  of[o] = rowInside && ix >= 0 && ix < g.w() ? xf[rowBase + ix * xs[3]] : 0f;
                }
                continue;
              }
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

  void col2im(Operand out, Operand cols, ConvGeometry g) {
    int oh = g.outH(), ow = g.outW(), nCols = oh * ow;
    int[] cs = cols.strides();
    Object src = CpuStorage.data(cols);
    Object dst = CpuStorage.data(out);
    DType t = out.dtype();
    boolean floating = t.isFloatingPoint();
    int plane = g.h() * g.w();
    int perChannel = g.kh() * g.kw() * nCols;
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
