package dev.dl.backend.opencl;

/**
 * Shapes and strides as the kernels read them. Dims of size 1 are dropped and neighbouring dims
 * that every operand walks contiguously are merged, so contiguous tensors reach the kernel as one
 * flat dim and the per-element index arithmetic stays short.
 */
final class Layout {
  private Layout() {}

  /** {@code [nd, shape[nd], strides of operand 0 [nd], strides of operand 1 [nd], ...]} after merging. */
  static int[] meta(int[] shape, int[]... strides) {
    int n = shape.length;
    int k = strides.length;
    int[] s = new int[n];
    int[][] st = new int[k][n];
    int nd = 0;
    for (int d = 0; d < n; d++) {
      if (shape[d] == 1) continue;
      if (nd > 0 && mergeable(s[nd - 1], st, nd - 1, shape[d], strides, d)) {
        s[nd - 1] *= shape[d];
        for (int j = 0; j < k; j++) st[j][nd - 1] = strides[j][d];
        continue;
      }
      s[nd] = shape[d];
      for (int j = 0; j < k; j++) st[j][nd] = strides[j][d];
      nd++;
    }
    int[] meta = new int[1 + nd * (1 + k)];
    meta[0] = nd;
    System.arraycopy(s, 0, meta, 1, nd);
    for (int j = 0; j < k; j++) System.arraycopy(st[j], 0, meta, 1 + nd * (1 + j), nd);
    return meta;
  }

  // The merged outer dim steps by inner stride * inner size in every operand.
  private static boolean mergeable(int outerSize, int[][] merged, int outer, int innerSize, int[][] strides, int d) {
    for (int j = 0; j < merged.length; j++) {
      if (merged[j][outer] != strides[j][d] * innerSize) return false;
    }
    return outerSize > 0;
  }

  /** The entries of {@code a} at positions where {@code keep[i] == want}. */
  static int[] select(int[] a, boolean[] keep, boolean want) {
    int n = 0;
    for (boolean b : keep) if (b == want) n++;
    int[] out = new int[n];
    for (int i = 0, j = 0; i < a.length; i++) if (keep[i] == want) out[j++] = a[i];
    return out;
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static int product(int[] a) {
    int p = 1;
    for (int v : a) p *= v;
    return p;
  }
}
