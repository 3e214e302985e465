package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.Shape;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import java.lang.ref.Reference;

/**
 * Kernels that run along one dim: the CUMSUM/CUMPROD scans and the fused SOFTMAX/LOG_SOFTMAX.
 * Each line is processed sequentially (in double or long), lines in parallel.
 */
final class Lines {
  private final Parallel parallel;

  Lines(Parallel parallel) { this.parallel = parallel; }

  /** CUMSUM/CUMPROD along {@code dim}; each line is sequential, lines run in parallel. */
  void scan(Op op, Operand out, Operand x, int dim) {
    try {
      scanImpl(op, out, x, dim);
    } finally {
      Reference.reachabilityFence(out);
      Reference.reachabilityFence(x);
    }
  }

  private void scanImpl(Op op, Operand out, Operand x, int dim) {
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

  /** Numerically stable SOFTMAX / LOG_SOFTMAX along {@code dim}, in double per line. */
  void softmax(Op op, Operand out, Operand x, int dim) {
    try {
      softmaxImpl(op, out, x, dim);
    } finally {
      Reference.reachabilityFence(out);
      Reference.reachabilityFence(x);
    }
  }

  private void softmaxImpl(Op op, Operand out, Operand x, int dim) {
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
    Strided.of(lines, out, x).forEach(parallel, Math.max(1, Parallel.GRAIN / len), (n, off, step) -> {
      double[] e = new double[len];
      for (int i = 0; i < n; i++) {
        int xo = off[1] + i * step[1];
        int oo = off[0] + i * step[0];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
          e[j] = Cast.getD(xa, t, xo + j * xs);
          max = Math.max(max, e[j]);
        }
        // A line of -inf (or all masked) gives NaN, as in PyTorch; shifting by an infinite max would too.
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
    });
  }
}
