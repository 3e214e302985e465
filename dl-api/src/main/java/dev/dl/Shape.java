package dev.dl;

import java.util.Arrays;

/**
 * The immutable sizes of a tensor's dimensions, like {@code torch.Size}.
 *
 * <pre>{@code
 * Shape s = Tensor.zeros(2, 3).shape();   // [2, 3]
 * int cols = s.get(-1);                   // 3
 * }</pre>
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0]);
  private final int[] dims;

  private Shape(int[] dims) { this.dims = dims; }

  /** A shape with these sizes; every size must be non-negative. */
  public static Shape of(int... dims) {
    if (dims.length == 0) return SCALAR;
    for (int d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension " + d + " in shape " + Arrays.toString(dims)
            + ": sizes must be >= 0");
      }
    }
    return new Shape(dims.clone());
  }

  /** The zero-dimensional shape {@code []} of a scalar tensor. */
  public static Shape scalar() { return SCALAR; }

  /** Number of dimensions. */
  public int dim() { return dims.length; }

  /** Size of dimension {@code d}; negative {@code d} counts from the end. */
  public int get(int d) { return dims[normalizeDim(d, dims.length, "Shape.get")]; }

  /** Product of the sizes (1 for a scalar). */
  public int numel() { return numel(dims); }

  /** A copy of the sizes. */
  public int[] toArray() { return dims.clone(); }

  /** Direct access for this package and the internals; callers must not modify it. */
  int[] raw() { return dims; }

  @Override
  public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }

  @Override
  public int hashCode() { return Arrays.hashCode(dims); }

  /** Prints like PyTorch's {@code torch.Size}: {@code [2, 3]}. */
  @Override
  public String toString() { return Arrays.toString(dims); }

  // ---- helpers shared by the API and the internals ----

  /** Product of the sizes; fails if the product does not fit an int. */
  public static int numel(int[] dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than "
            + Integer.MAX_VALUE + " elements, the most one tensor can hold");
      }
    }
    return (int) n;
  }

  /** Row-major (contiguous) strides for these sizes. */
  public static int[] contiguousStrides(int[] dims) {
    int[] strides = new int[dims.length];
    int s = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= Math.max(dims[i], 1);
    }
    return strides;
  }

  /**
   * Maps a possibly negative dimension index into {@code [0, rank)}, or throws an error that names
   * the op, like PyTorch's "Dimension out of range (expected to be in range of [-2, 1], but got 2)".
   */
  public static int normalizeDim(int dim, int rank, String op) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IndexOutOfBoundsException(op + ": dimension out of range (expected to be in range of ["
          + (-r) + ", " + (r - 1) + "], but got " + dim + ")");
    }
    return dim < 0 ? dim + r : dim;
  }

  /** The broadcast shape of two shapes, or a PyTorch-style error naming the op and both shapes. */
  public static int[] broadcast(int[] a, int[] b, String op) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(op + ": the size of tensor a (" + da + ") must match the size of tensor b ("
            + db + ") at non-singleton dimension " + i + "; shapes " + Arrays.toString(a) + " and "
            + Arrays.toString(b) + " cannot be broadcast");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }
}
