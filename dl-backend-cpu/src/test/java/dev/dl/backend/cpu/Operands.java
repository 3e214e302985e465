package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.Shape;
import dev.dl.spi.Operand;
import java.util.Random;

/** Builds operands on a CPU backend from plain values and reads them back, for kernel tests. */
final class Operands {
  private Operands() {}

  /** Backend with the run-time choice of inner loops, on a 4-thread pool so chunking is exercised. */
  static final Parallel POOL = new Parallel(4);

  static CpuBackend vector() { return new CpuBackend(SimdProvider.vector(), POOL); }

  static CpuBackend scalar() { return new CpuBackend(SimdProvider.scalar("forced by test"), POOL); }

  static boolean vectorAvailable() { return SimdProvider.vectorUnavailableReason() == null; }

  /** A contiguous operand holding {@code values} converted to {@code dtype}. */
  static Operand of(CpuBackend be, DType dtype, double[] values, int... shape) {
    CpuStorage s = (CpuStorage) be.allocate(dtype, Shape.numel(shape));
    for (int i = 0; i < values.length; i++) {
      if (dtype.isFloatingPoint()) {
        Cast.setD(s.data, dtype, i, values[i]);
      } else {
        Cast.setL(s.data, dtype, i, (long) values[i]);
      }
    }
    return Operand.contiguous(s, shape);
  }

  static Operand empty(CpuBackend be, DType dtype, int... shape) {
    return Operand.contiguous(be.allocate(dtype, Shape.numel(shape)), shape);
  }

  /** Every element in row-major order of the operand's shape, as doubles. */
  static double[] values(Operand op) {
    int n = op.numel();
    double[] r = new double[n];
    Object data = CpuStorage.data(op);
    int[] shape = op.shape();
    int[] idx = new int[shape.length];
    for (int i = 0; i < n; i++) {
      int off = op.offset();
      for (int d = 0; d < shape.length; d++) off += idx[d] * op.strides()[d];
      r[i] = Cast.getD(data, op.dtype(), off);
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
    return r;
  }

  /** The same storage viewed with dims {@code d0} and {@code d1} swapped. */
  static Operand transpose(Operand op, int d0, int d1) {
    int[] shape = op.shape().clone();
    int[] strides = op.strides().clone();
    int t = shape[d0];
    shape[d0] = shape[d1];
    shape[d1] = t;
    t = strides[d0];
    strides[d0] = strides[d1];
    strides[d1] = t;
    return new Operand(op.storage(), op.dtype(), shape, strides, op.offset());
  }

  /** A view with the given shape, strides and offset over the operand's storage. */
  static Operand view(Operand op, int[] shape, int[] strides, int offset) {
    return new Operand(op.storage(), op.dtype(), shape, strides, offset);
  }

  static double[] random(Random rnd, int n) {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) r[i] = rnd.nextGaussian();
    return r;
  }

  /** Small integers in [-range, range]. */
  static double[] randomInts(Random rnd, int n, int range) {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) r[i] = rnd.nextInt(2 * range + 1) - range;
    return r;
  }
}
