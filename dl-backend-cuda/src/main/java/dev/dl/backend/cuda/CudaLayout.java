package dev.dl.backend.cuda;

import java.util.Arrays;

/**
 * Packs operand layouts into the {@code Dims} and {@code Strides} structs of common.cuh, after
 * coalescing: size-1 dims are dropped and neighbouring dims that are contiguous with each other in
 * every operand are merged, so a contiguous tensor of any rank becomes one dim and the kernels'
 * per-element index arithmetic shrinks accordingly.
 */
final class CudaLayout {
  /** Must equal DL_MAX_DIMS in common.cuh. */
  static final int MAX_DIMS = 16;

  /** A shape shared by several operands, each with its own strides, after coalescing. */
  record Plan(int[] shape, int[][] strides) {
    long numel() {
      long n = 1;
      for (int s : shape) n *= s;
      return n;
    }

    /** The Dims struct: {ndim, size[16]}. */
    int[] dims() { return packDims(shape); }

    /** The Strides struct of operand {@code k}: {offset, s[16]}. */
    int[] strides(int k, int offset) { return packStrides(offset, strides[k]); }
  }

  private CudaLayout() {}

  /** Coalesces a shape over several operands' strides; {@code op} names the caller in errors. */
  static Plan plan(String op, int[] shape, int[]... strides) {
    int rank = shape.length;
    int[] outShape = new int[rank];
    int[][] outStrides = new int[strides.length][rank];
    int n = 0;
    for (int d = 0; d < rank; d++) {
      if (shape[d] == 1) continue;
      if (n > 0 && mergeable(outShape[n - 1], outStrides, n - 1, shape[d], strides, d)) {
        outShape[n - 1] *= shape[d];
        for (int k = 0; k < strides.length; k++) outStrides[k][n - 1] = strides[k][d];
        continue;
      }
      outShape[n] = shape[d];
      for (int k = 0; k < strides.length; k++) outStrides[k][n] = strides[k][d];
      n++;
    }
    if (n > MAX_DIMS) {
      throw new IllegalArgumentException(op + " on the CUDA backend supports at most " + MAX_DIMS
          + " non-mergeable dims, got shape " + Arrays.toString(shape) + "; make the tensor contiguous() first");
    }
    int[][] trimmed = new int[strides.length][];
    for (int k = 0; k < strides.length; k++) trimmed[k] = Arrays.copyOf(outStrides[k], n);
    return new Plan(Arrays.copyOf(outShape, n), trimmed);
  }

  /** Outer dim (size a, strides prev) and inner dim (size b) merge when outer stride = inner stride * b everywhere. */
  private static boolean mergeable(int outerSize, int[][] prev, int p, int innerSize, int[][] strides, int d) {
    for (int k = 0; k < strides.length; k++) {
      if ((long) prev[k][p] != (long) strides[k][d] * innerSize) return false;
    }
    return outerSize > 0;
  }

  static int[] packDims(int[] shape) {
    if (shape.length > MAX_DIMS) throw new IllegalArgumentException("more than " + MAX_DIMS + " dims: " + shape.length);
    int[] s = new int[1 + MAX_DIMS];
    s[0] = shape.length;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }

  static int[] packStrides(int offset, int[] strides) {
    if (strides.length > MAX_DIMS) throw new IllegalArgumentException("more than " + MAX_DIMS + " dims: " + strides.length);
    int[] s = new int[1 + MAX_DIMS];
    s[0] = offset;
    System.arraycopy(strides, 0, s, 1, strides.length);
    return s;
  }
}
