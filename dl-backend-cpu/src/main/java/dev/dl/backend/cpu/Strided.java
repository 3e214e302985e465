package dev.dl.backend.cpu;

import dev.dl.spi.Operand;

/**
 * Walks several operands of one shape in lockstep, handing a kernel one innermost run at a time:
 * {@code n} elements whose storage positions start at {@code off[k]} and advance by
 * {@code step[k]} for operand k. Dims that are contiguous for every operand are merged first, so
 * a dense tensor becomes a single run and the kernel's inner loop sees plain arrays.
 */
final class Strided {
  /** One innermost run of {@code n} elements. */
  @FunctionalInterface
  interface Run {
    void run(int n, int[] off, int[] step);
  }

  private final int[] sizes;      // merged sizes, outermost first; never empty
  private final int[][] strides;  // [operand][dim]
  private final int[] base;       // start offset per operand
  private final int numel;

  private Strided(int[] sizes, int[][] strides, int[] base, int numel) {
    this.sizes = sizes;
    this.strides = strides;
    this.base = base;
    this.numel = numel;
  }

  /** Plans a walk over {@code shape}; every operand's strides are read with {@code shape}'s rank. */
  static Strided of(int[] shape, Operand... ops) {
    int[][] st = new int[ops.length][];
    int[] base = new int[ops.length];
    for (int k = 0; k < ops.length; k++) {
      st[k] = ops[k].strides();
      base[k] = ops[k].offset();
    }
    return of(shape, st, base);
  }

  /** Plans a walk over {@code shape} with explicit strides and offsets per operand. */
  static Strided of(int[] shape, int[][] strides, int[] base) {
    int rank = shape.length;
    int numel = 1;
    for (int s : shape) numel *= s;
    int[] sz = new int[Math.max(rank, 1)];
    int[][] st = new int[strides.length][Math.max(rank, 1)];
    int d = 0;
    // Walk from the innermost dim outwards, merging a dim into the previous run when every
    // operand's stride continues it.
    for (int i = rank - 1; i >= 0; i--) {
      if (shape[i] == 1) continue;
      if (d > 0) {
        boolean merge = true;
        for (int k = 0; k < strides.length && merge; k++) {
          merge = strides[k][i] == st[k][d - 1] * sz[d - 1];
        }
        if (merge) {
          sz[d - 1] *= shape[i];
          continue;
        }
      }
      sz[d] = shape[i];
      for (int k = 0; k < strides.length; k++) st[k][d] = strides[k][i];
      d++;
    }
    if (d == 0) {
      sz[0] = 1;
      d = 1;
    }
    // Reverse to outermost-first.
    int[] sizes = new int[d];
    int[][] outStrides = new int[strides.length][d];
    for (int i = 0; i < d; i++) {
      sizes[i] = sz[d - 1 - i];
      for (int k = 0; k < strides.length; k++) outStrides[k][i] = st[k][d - 1 - i];
    }
    return new Strided(sizes, outStrides, base.clone(), numel);
  }

  int numel() { return numel; }

  /** The merged sizes, outermost first (read-only). */
  int[] sizes() { return sizes; }

  /** Operand {@code k}'s stride along merged dim {@code d}. */
  int stride(int k, int d) { return strides[k][d]; }

  /** Operand {@code k}'s start offset. */
  int base(int k) { return base[k]; }

  /** Walks every element, in parallel above {@code grain} elements. */
  void forEach(Parallel parallel, int grain, Run run) {
    if (numel == 0) return;
    parallel.forRange(numel, grain, (lo, hi) -> walk(lo, hi, run));
  }

  /** Walks every element on the calling thread, in order. */
  void forEachSequential(Run run) {
    if (numel > 0) walk(0, numel, run);
  }

  /** Walks linear element indexes {@code [lo, hi)} (row-major over the merged dims). */
  void walk(int lo, int hi, Run run) { walk(base, lo, hi, run); }

  /**
   * The stride of a walk that merged into a single dim (any offsets), or {@code Integer.MIN_VALUE}
   * when it has several dims; for one operand.
   */
  int singleStride() { return sizes.length == 1 ? strides[0][0] : Integer.MIN_VALUE; }

  /** Like {@link #walk(int, int, Run)} but starting from other base offsets (same strides). */
  void walk(int[] start, int lo, int hi, Run run) {
    int d = sizes.length;
    int ops = start.length;
    int inner = sizes[d - 1];
    int[] idx = new int[d];
    int[] off = start.clone();
    int[] step = new int[ops];
    for (int k = 0; k < ops; k++) step[k] = strides[k][d - 1];
    int rest = lo;
    for (int i = d - 1; i >= 0; i--) {
      idx[i] = rest % sizes[i];
      rest /= sizes[i];
      for (int k = 0; k < ops; k++) off[k] += idx[i] * strides[k][i];
    }
    int pos = lo;
    while (pos < hi) {
      int n = Math.min(inner - idx[d - 1], hi - pos);
      run.run(n, off, step);
      pos += n;
      if (pos >= hi) break;
      // Advance: the inner dim wrapped to 0, carry into the outer dims.
      for (int k = 0; k < ops; k++) off[k] -= idx[d - 1] * strides[k][d - 1];
      idx[d - 1] = 0;
      for (int i = d - 2; i >= 0; i--) {
        idx[i]++;
        for (int k = 0; k < ops; k++) off[k] += strides[k][i];
        if (idx[i] < sizes[i]) break;
        for (int k = 0; k < ops; k++) off[k] -= idx[i] * strides[k][i];
        idx[i] = 0;
      }
    }
  }
}
