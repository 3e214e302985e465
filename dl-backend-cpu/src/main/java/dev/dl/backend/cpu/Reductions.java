package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;

/**
 * SUM/PROD/MAX/MIN/ARGMAX/ARGMIN over a set of dims. Floating-point
 * values accumulate in double (so float32 sums are float64 sums), integers and bool in long.
 * Outputs are walked in parallel; a reduction to few outputs splits each one's fold instead.
 */
final class Reductions {
  private final Simd simd;
  private final Parallel parallel;

  Reductions(Simd simd, Parallel parallel) {
    this.simd = simd;
    this.parallel = parallel;
  }

  void reduce(Op op, Operand out, Operand x, int[] dims) {
    int rank = x.dim();
    int[] keptShape = x.shape().clone();
    int[] foldShape = new int[rank];
    java.util.Arrays.fill(foldShape, 1);
    for (int d : dims) {
      keptShape[d] = 1;
      foldShape[d] = x.shape()[d];
    }
    Strided outputs = Strided.of(keptShape, new int[][] {out.strides(), x.strides()},
        new int[] {out.offset(), x.offset()});
    Object xa = CpuStorage.data(x);
    Object oa = CpuStorage.data(out);
    DType t = x.dtype();
    DType ot = out.dtype();
    if (op == Op.ARGMAX || op == Op.ARGMIN) {
      int d = dims[0];
      int len = x.shape()[d];
      int stride = x.strides()[d];
      long[] o = (long[]) oa;
      outputs.forEach(parallel, Math.max(1, Parallel.GRAIN / Math.max(len, 1)), (n, off, step) -> {
        for (int i = 0; i < n; i++) {
          o[off[0] + i * step[0]] = argBest(op == Op.ARGMAX, xa, t, off[1] + i * step[1], stride, len);
        }
      });
      return;
    }
    if (op == Op.SUM && t.isFloatingPoint() && sumLeadingDims(out, x, dims)) return;
    // The elements that fold into one output, walked from that output's base offset in x.
    Strided fold = Strided.of(foldShape, new int[][] {x.strides()}, new int[] {0});
    int count = fold.numel();
    boolean floating = t.isFloatingPoint();
    if (outputs.numel() < parallel.threads && count >= 2 * Parallel.GRAIN) {
      // Few outputs, long folds: split each fold across threads and combine the partial results.
      outputs.forEachSequential((n, off, step) -> {
        for (int i = 0; i < n; i++) {
          int base = off[1] + i * step[1];
          int chunks = Math.min(parallel.threads * 4, count / Parallel.GRAIN);
          int per = (count + chunks - 1) / chunks;
          double[] dPart = new double[chunks];
          long[] lPart = new long[chunks];
          parallel.forRange(chunks, 1, (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
              int from = c * per;
              int to = Math.min(count, from + per);
              if (floating) {
                dPart[c] = foldD(op, xa, t, fold, base, from, to);
              } else {
                lPart[c] = foldL(op, xa, t, fold, base, from, to);
              }
            }
          });
          int o = off[0] + i * step[0];
          if (floating) {
            double acc = identityD(op);
            for (double p : dPart) acc = combineD(op, acc, p);
            Cast.setD(oa, ot, o, acc);
          } else {
            long acc = identityL(op);
            for (long p : lPart) acc = combineL(op, acc, p);
            Cast.setL(oa, ot, o, acc);
          }
        }
      });
      return;
    }
    outputs.forEach(parallel, Math.max(1, Parallel.GRAIN / Math.max(count, 1)), (n, off, step) -> {
      for (int i = 0; i < n; i++) {
        int base = off[1] + i * step[1];
        int o = off[0] + i * step[0];
        if (floating) {
          Cast.setD(oa, ot, o, foldD(op, xa, t, fold, base, 0, count));
        } else {
          Cast.setL(oa, ot, o, foldL(op, xa, t, fold, base, 0, count));
        }
      }
    });
  }

  /**
   * SUM of a dense x over its leading dims (a bias gradient: [batch, features] summed over batch)
   * as row additions into a double row, so x streams through once instead of column by column.
   * Returns false when the case does not apply.
   */
  private boolean sumLeadingDims(Operand out, Operand x, int[] dims) {
    for (int i = 0; i < dims.length; i++) if (dims[i] != i) return false;
    if (dims.length == x.dim() || !x.isContiguous() || !out.isContiguous()) return false;
    int leading = 1;
    for (int d : dims) leading *= x.shape()[d];
    int rows = leading;
    int cols = x.numel() / Math.max(rows, 1);
    if (rows == 0 || cols == 0) return false;
    Object xa = CpuStorage.data(x);
    Object oa = CpuStorage.data(out);
    DType t = x.dtype();
    int xo = x.offset();
    parallel.forRange(cols, Math.max(1, Parallel.GRAIN / rows), (lo, hi) -> {
      double[] acc = new double[hi - lo];
      for (int r = 0; r < rows; r++) {
        int base = xo + r * cols;
        if (t == DType.FLOAT32) {
          float[] xf = (float[]) xa;
          for (int j = lo; j < hi; j++) acc[j - lo] += xf[base + j];
        } else if (t == DType.FLOAT64) {
          double[] xd = (double[]) xa;
          for (int j = lo; j < hi; j++) acc[j - lo] += xd[base + j];
        } else {
          for (int j = lo; j < hi; j++) acc[j - lo] += Cast.getD(xa, t, base + j);
        }
      }
      for (int j = lo; j < hi; j++) Cast.setD(oa, t, out.offset() + j, acc[j - lo]);
    });
    return true;
  }

  /** Folds elements {@code [from, to)} of one output's fold in the double domain. */
  private double foldD(Op op, Object xa, DType t, Strided fold, int base, int from, int to) {
    int single = fold.singleStride();
    if (single != Integer.MIN_VALUE) return runD(op, xa, t, base + from * single, single, to - from);
    double[] acc = {identityD(op)};
    fold.walk(new int[] {base}, from, to, (n, off, step) -> acc[0] = combineD(op, acc[0], runD(op, xa, t, off[0], step[0], n)));
    return acc[0];
  }

  private long foldL(Op op, Object xa, DType t, Strided fold, int base, int from, int to) {
    int single = fold.singleStride();
    if (single != Integer.MIN_VALUE) return runL(op, xa, t, base + from * single, single, to - from);
    long[] acc = {identityL(op)};
    fold.walk(new int[] {base}, from, to, (n, off, step) -> acc[0] = combineL(op, acc[0], runL(op, xa, t, off[0], step[0], n)));
    return acc[0];
  }

  private double runD(Op op, Object xa, DType t, int off, int step, int n) {
    if (n == 0) return identityD(op);
    if (step == 1 && t == DType.FLOAT32) {
      float[] x = (float[]) xa;
      if (op == Op.SUM) return simd.sumF32(n, x, off);
      if (op == Op.MAX || op == Op.MIN) return simd.maxMinF32(op == Op.MAX, n, x, off);
    }
    if (step == 1 && t == DType.FLOAT64 && op == Op.SUM) return simd.sumF64(n, (double[]) xa, off);
    double acc = identityD(op);
    for (int i = 0; i < n; i++) acc = combineD(op, acc, Cast.getD(xa, t, off + i * step));
    return acc;
  }

  private static long runL(Op op, Object xa, DType t, int off, int step, int n) {
    long acc = identityL(op);
    for (int i = 0; i < n; i++) acc = combineL(op, acc, Cast.getL(xa, t, off + i * step));
    return acc;
  }

  private static double identityD(Op op) {
    return switch (op) {
      case PROD -> 1.0;
      case MAX -> Double.NEGATIVE_INFINITY;
      case MIN -> Double.POSITIVE_INFINITY;
      default -> 0.0;
    };
  }

  private static long identityL(Op op) {
    return switch (op) {
      case PROD -> 1L;
      case MAX -> Long.MIN_VALUE;
      case MIN -> Long.MAX_VALUE;
      default -> 0L;
    };
  }

  private static double combineD(Op op, double acc, double v) {
    return switch (op) {
      case SUM -> acc + v;
      case PROD -> acc * v;
      case MAX -> Math.max(acc, v);   // NaN-propagating
      case MIN -> Math.min(acc, v);
      default -> throw new IllegalArgumentException("not a folding reduction: " + op);
    };
  }

  private static long combineL(Op op, long acc, long v) {
    return switch (op) {
      case SUM -> acc + v;
      case PROD -> acc * v;
      case MAX -> Math.max(acc, v);
      case MIN -> Math.min(acc, v);
      default -> throw new IllegalArgumentException("not a folding reduction: " + op);
    };
  }

  /** Index of the first maximum (or minimum); a NaN wins at its first position, as in PyTorch. */
  /** float32 argmax (max-pooling's hot loop): typed loads; the first NaN wins, as in PyTorch. */
  private static long argMaxF32(float[] x, int off, int stride, int len) {
    float best = x[off];
    if (best != best) return 0;
    int bi = 0;
    for (int i = 1; i < len; i++) {
      float v = x[off + i * stride];
      if (v != v) return i;
      if (v > best) {
        best = v;
        bi = i;
      }
    }
    return bi;
  }

  private static long argMinF32(float[] x, int off, int stride, int len) {
    float best = x[off];
    if (best != best) return 0;
    int bi = 0;
    for (int i = 1; i < len; i++) {
      float v = x[off + i * stride];
      if (v != v) return i;
      if (v < best) {
        best = v;
        bi = i;
      }
    }
    return bi;
  }

  private static long argBest(boolean max, Object xa, DType t, int off, int stride, int len) {
    if (xa instanceof float[] xf) return max ? argMaxF32(xf, off, stride, len) : argMinF32(xf, off, stride, len);
    if (t.isFloatingPoint()) {
      double best = Cast.getD(xa, t, off);
      if (best != best) return 0;
      int bi = 0;
      for (int i = 1; i < len; i++) {
        double v = Cast.getD(xa, t, off + i * stride);
        if (v != v) return i;
        if (max ? v > best : v < best) {
          best = v;
          bi = i;
        }
      }
      return bi;
    }
    long best = Cast.getL(xa, t, off);
    int bi = 0;
    for (int i = 1; i < len; i++) {
      long v = Cast.getL(xa, t, off + i * stride);
      if (max ? v > best : v < best) {
        best = v;
        bi = i;
      }
    }
    return bi;
  }
}
