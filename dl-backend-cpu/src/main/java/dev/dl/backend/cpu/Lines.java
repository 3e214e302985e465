package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.Shape;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;

/**
 * Kernels that run along one dim: the CUMSUM/CUMPROD scans and the fused SOFTMAX/LOG_SOFTMAX.
 * Each line is processed sequentially, lines in parallel.
 */
final class Lines {
  private final Simd simd;
  private final Parallel parallel;

  Lines(Simd simd, Parallel parallel) {
    this.simd = simd;
    this.parallel = parallel;
  }

  /** CUMSUM/CUMPROD along {@code dim}; each line is sequential, lines run in parallel. */
  void scan(Op op, Operand out, Operand x, int dim) {
    int[] lines = x.shape().clone();
    int len = lines[dim];
    if (Shape.numel(lines) == 0) return;
    lines[dim] = 1;
    Object xa = CpuStorage.data(x);
    Object oa = CpuStorage.data(out);
    DType t = x.dtype();
    int xs = x.strides()[dim];
    int os = out.strides()[dim];
    boolean sum = op == Op.CUMSUM;
    Strided.of(lines, out, x).forEach(parallel, Math.max(1, Parallel.GRAIN / len), (n, off, step) -> {
      for (int i = 0; i < n; i++) {
        int xo = off[1] + i * step[1];
        int oo = off[0] + i * step[0];
        if (t.isFloatingPoint()) {
          double acc = sum ? 0.0 : 1.0;
          for (int j = 0; j < len; j++) {
            double v = Cast.getD(xa, t, xo + j * xs);
            acc = sum ? acc + v : acc * v;
            Cast.setD(oa, t, oo + j * os, acc);
          }
        } else {
          long acc = sum ? 0 : 1;
          for (int j = 0; j < len; j++) {
            long v = Cast.getL(xa, t, xo + j * xs);
            acc = sum ? acc + v : acc * v;
            Cast.setL(oa, t, oo + j * os, acc);
          }
        }
      }
    });
  }

  /**
   * Numerically stable SOFTMAX / LOG_SOFTMAX along {@code dim}: dense float32 lines with the
   * {@link Simd} loops, others in double per line.
   */
  void softmax(Op op, Operand out, Operand x, int dim) {
    int[] lines = x.shape().clone();
    int len = lines[dim];
    if (Shape.numel(lines) == 0) return;
    lines[dim] = 1;
    Object xa = CpuStorage.data(x);
    Object oa = CpuStorage.data(out);
    DType t = x.dtype();
    int xs = x.strides()[dim];
    int os = out.strides()[dim];
    boolean log = op == Op.LOG_SOFTMAX;
    boolean denseF32 = t == DType.FLOAT32 && out.dtype() == DType.FLOAT32 && xs == 1 && os == 1;
    Strided.of(lines, out, x).forEach(parallel, Math.max(1, Parallel.GRAIN / len), (n, off, step) -> {
      double[] e = null;
      float[] scratch = denseF32 && log ? new float[len] : null;
      float[] scalar = new float[1];
      for (int i = 0; i < n; i++) {
        int xo = off[1] + i * step[1];
        int oo = off[0] + i * step[0];
        if (denseF32 && softmaxLineF32(log, len, (float[]) xa, xo, (float[]) oa, oo, scratch, scalar)) continue;
        if (e == null) e = new double[len];
        softmaxLine(log, len, xa, t, xo, xs, oa, oo, os, e);
      }
    });
  }

  /**
   * One dense float32 line as whole-line vector passes (max, subtract, exp, sum, scale), as
   * PyTorch's CPU kernel computes it: the line stays in L1 between passes, so memory traffic is one
   * read and one write. The sum accumulates in double. False if the inner loops lack an op.
   */
  private boolean softmaxLineF32(boolean log, int len, float[] x, int xo, float[] o, int oo, float[] scratch,
      float[] scalar) {
    float max = simd.maxMinF32(true, len, x, xo);
    // A line of -inf (or all masked) gives NaN, as in PyTorch; shifting by an infinite max would too.
    scalar[0] = Float.isInfinite(max) ? 0f : max;
    if (!simd.binaryF32(Op.SUB, len, x, xo, 1, scalar, 0, 0, o, oo)) return false;
    if (log) {
      if (!simd.unaryF32(Op.EXP, len, o, oo, scratch, 0)) return false;
      scalar[0] = (float) Math.log(simd.sumF32(len, scratch, 0));
      return simd.binaryF32(Op.SUB, len, o, oo, 1, scalar, 0, 0, o, oo);
    }
    if (!simd.unaryF32(Op.EXP, len, o, oo, o, oo)) return false;
    scalar[0] = (float) (1.0 / simd.sumF32(len, o, oo));
    return simd.binaryF32(Op.MUL, len, o, oo, 1, scalar, 0, 0, o, oo);
  }

  /** One line of any floating dtype and strides, in double. */
  private static void softmaxLine(boolean log, int len, Object xa, DType t, int xo, int xs, Object oa, int oo, int os,
      double[] e) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < len; j++) {
      e[j] = Cast.getD(xa, t, xo + j * xs);
      max = Math.max(max, e[j]);
    }
    double shift = Double.isInfinite(max) ? 0.0 : max;
    double sum = 0;
    if (log) {
      for (int j = 0; j < len; j++) sum += Math.exp(e[j] - shift);
      double logSum = Math.log(sum);
      for (int j = 0; j < len; j++) Cast.setD(oa, t, oo + j * os, e[j] - shift - logSum);
    } else {
      for (int j = 0; j < len; j++) {
        e[j] = Math.exp(e[j] - shift);
        sum += e[j];
      }
      for (int j = 0; j < len; j++) Cast.setD(oa, t, oo + j * os, e[j] / sum);
    }
  }
}
