package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Shape;
import java.util.Arrays;

/**
 * A host-side n-d array in row-major order, the reference's value type. Floating dtypes keep
 * their values as doubles (already rounded to the dtype); integer and bool dtypes keep longs
 * (already wrapped to the dtype's range), so int64 stays exact.
 */
final class Nd {
  final DType dtype;
  final int[] shape;
  final double[] f;
  final long[] l;

  private Nd(DType dtype, int[] shape, double[] f, long[] l) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.f = f;
    this.l = l;
  }

  /** An array of zeros. */
  static Nd zeros(DType dtype, int... shape) {
    int n = Shape.numel(shape);
    return dtype.isFloatingPoint() ? new Nd(dtype, shape, new double[n], null) : new Nd(dtype, shape, null, new long[n]);
  }

  /** Floating values, rounded to {@code dtype}. */
  static Nd ofDoubles(DType dtype, int[] shape, double[] values) {
    Nd r = zeros(dtype, shape);
    for (int i = 0; i < values.length; i++) r.set(i, values[i]);
    return r;
  }

  /** Integer values, wrapped to {@code dtype}. */
  static Nd ofLongs(DType dtype, int[] shape, long[] values) {
    Nd r = zeros(dtype, shape);
    for (int i = 0; i < values.length; i++) r.setLong(i, values[i]);
    return r;
  }

  boolean isFloat() { return f != null; }

  int numel() { return f != null ? f.length : l.length; }

  int dim() { return shape.length; }

  /** Element k as a double (integers convert exactly up to 2^53). */
  double get(int k) { return f != null ? f[k] : l[k]; }

  /** Stores a double, rounding (floats) or truncating and wrapping (integers) to the dtype. */
  void set(int k, double v) {
    if (f != null) {
      f[k] = DTypes.round(v, dtype);
    } else if (dtype == DType.BOOL) {
      l[k] = v != 0 || Double.isNaN(v) ? 1 : 0;
    } else {
      l[k] = DTypes.wrap((long) v, dtype);
    }
  }

  /** Stores a long, wrapping to the dtype (floats round). */
  void setLong(int k, long v) {
    if (f != null) f[k] = DTypes.round(DTypes.longToFloat(v, dtype), dtype);
    else l[k] = DTypes.wrap(v, dtype);
  }

  /** A copy with another shape of the same element count. */
  Nd reshape(int... newShape) {
    Nd r = zeros(dtype, newShape);
    if (r.numel() != numel()) throw new IllegalArgumentException("reshape " + Arrays.toString(shape) + " -> " + Arrays.toString(newShape));
    if (f != null) System.arraycopy(f, 0, r.f, 0, f.length);
    else System.arraycopy(l, 0, r.l, 0, l.length);
    return r;
  }

  /** Copies element {@code from} of {@code src} (same dtype) to element {@code to} of this array. */
  void copyFrom(Nd src, int from, int to) {
    if (f != null) f[to] = src.f[from];
    else l[to] = src.l[from];
  }

  /** Row-major strides of a shape. */
  static int[] strides(int[] shape) { return Shape.contiguousStrides(shape); }

  /** The multi-index of flat position {@code k}. */
  static int[] unravel(int k, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] == 0) return idx;
      idx[d] = k % shape[d];
      k /= shape[d];
    }
    return idx;
  }

  /** Shape label like {@code [13,1]}, used in test names. */
  static String label(int[] shape) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ",").append(shape[i]);
    return sb.append(']').toString();
  }

  @Override
  public String toString() {
    int n = Math.min(numel(), 8);
    StringBuilder sb = new StringBuilder(dtype + label(shape) + "{");
    for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ", ").append(f != null ? Double.toString(f[i]) : Long.toString(l[i]));
    return sb.append(numel() > n ? ", ...}" : "}").toString();
  }
}
