package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.spi.Operand;

/**
 * Batched matrix multiply {@code out[b] = a[b] @ b[b]} with a contiguous out. float32 and float64
 * use the GotoBLAS scheme: for each block of C, pack a {@code KC x NC} block of B into NR-wide
 * panels and an {@code MC x KC} block of A into MR-tall panels, then let the register-tiled
 * {@link Simd} micro-kernel sweep the block. Packing also absorbs any strides (transposed views,
 * batch stride 0). A row-major float32 A is not packed: its tile reads MR rows in place, which
 * measured faster than packing at every size (packing costs about a cycle per element, a large
 * share of a product with few columns). float16/bfloat16 run through float32; integers multiply
 * in long.
 */
final class Gemm {
  // Blocking: an MC x KC block of A (~96 KiB of float) stays in L2, a KC x NR panel of B in L1.
  private static final int KC = 256;
  private static final int MC = 96;
  private static final int NC = 512;

  // Packing buffers kept per thread between calls: allocating (and zeroing) megabytes per product
  // costs a serial pass over memory that is a tenth of a 1024^3 product on two cores. A buffer is
  // taken out of its slot while in use, so a fork/join worker that runs another product's task
  // while it waits (work stealing) allocates afresh instead of sharing it.
  private static final int SHARED_PACK = 0;
  private static final int TASK_PACK_A = 1;
  private static final int TASK_PACK_B = 2;
  private static final int TRANSPOSED_OUT = 3;
  /** Larger buffers (over 4 MiB) are not kept, so a one-off huge product does not pin its memory. */
  private static final int SCRATCH_KEEP = 1 << 20;
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][]);

  private final Simd simd;
  private final Parallel parallel;

  Gemm(Simd simd, Parallel parallel) {
    this.simd = simd;
    this.parallel = parallel;
  }

  /** Strided view of one operand: element (batch, row, col) at off + batch*sb + row*sr + col*sc. */
  private record View(Object data, int off, int sb, int sr, int sc) {
    static View of(Operand op, Object data) {
      return new View(data, op.offset(), op.strides()[0], op.strides()[1], op.strides()[2]);
    }
  }

  void matmul(Operand out, Operand a, Operand b) {
    int batches = out.shape()[0];
    int m = out.shape()[1];
    int n = out.shape()[2];
    int k = a.shape()[2];
    if (batches == 0 || m == 0 || n == 0) return;
    DType t = out.dtype();
    View av = View.of(a, CpuStorage.data(a));
    View bv = View.of(b, CpuStorage.data(b));
    switch (t) {
      case FLOAT32 -> gemmF32(batches, m, n, k, av, bv, (float[]) CpuStorage.data(out), out.offset());
      case FLOAT64 -> gemmF64(batches, m, n, k, av, bv, (double[]) CpuStorage.data(out), out.offset());
      case FLOAT16, BFLOAT16 -> {
        // Half types compute with float32 accumulation, as PyTorch does, then round once.
        View af = new View(toFloat(a, batches, m, k), 0, m * k, k, 1);
        View bf = new View(toFloat(b, batches, k, n), 0, k * n, n, 1);
        float[] c = new float[batches * m * n];
        gemmF32(batches, m, n, k, af, bf, c, 0);
        Object o = CpuStorage.data(out);
        for (int i = 0; i < c.length; i++) Cast.setD(o, t, out.offset() + i, c[i]);
      }
      default -> gemmLong(batches, m, n, k, a, b, out);
    }
  }

  /** A float buffer of at least {@code size} elements, with arbitrary contents; see {@link #release}. */
  private static float[] acquire(int slot, int size) {
    float[][] slots = SCRATCH.get();
    float[] buf = slots[slot];
    if (buf != null && buf.length >= size) {
      slots[slot] = null;
      return buf;
    }
    return new float[size];
  }

  /** Returns a buffer from {@link #acquire} to this thread's slot for the next product. */
  private static void release(int slot, float[] buf) {
    if (buf == null || buf.length > SCRATCH_KEEP) return;
    float[][] slots = SCRATCH.get();
    if (slots[slot] == null || slots[slot].length < buf.length) slots[slot] = buf;
  }

  private static float[] toFloat(Operand x, int batches, int rows, int cols) {
    float[] r = new float[batches * rows * cols];
    Object d = CpuStorage.data(x);
    int[] s = x.strides();
    int i = 0;
    for (int bb = 0; bb < batches; bb++) {
      for (int row = 0; row < rows; row++) {
        for (int col = 0; col < cols; col++) {
          r[i++] = (float) Cast.getD(d, x.dtype(), x.offset() + bb * s[0] + row * s[1] + col * s[2]);
        }
      }
    }
    return r;
  }

  /**
   * Matrix-vector products (n == 1): a dot product per output row. The tiled path would pad the
   * single column of B to a whole NR-wide panel and waste most of its multiply-adds.
   */
  private void gemvF32(int batches, int m, int k, View a, View b, float[] c, int co) {
    float[] as = (float[]) a.data;
    float[] bs = (float[]) b.data;
    parallel.forRange(batches * m, Math.max(1, Parallel.GRAIN / Math.max(k, 1)), (lo, hi) -> {
      for (int task = lo; task < hi; task++) {
        int bi = task / m;
        int ai = a.off + bi * a.sb + (task % m) * a.sr;
        int bj = b.off + bi * b.sb;
        // Four partial sums in flight break the add dependency chain.
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int p = 0;
        for (; p + 4 <= k; p += 4) {
          s0 += as[ai + p * a.sc] * bs[bj + p * b.sr];
          s1 += as[ai + (p + 1) * a.sc] * bs[bj + (p + 1) * b.sr];
          s2 += as[ai + (p + 2) * a.sc] * bs[bj + (p + 2) * b.sr];
          s3 += as[ai + (p + 3) * a.sc] * bs[bj + (p + 3) * b.sr];
        }
        for (; p < k; p++) s0 += as[ai + p * a.sc] * bs[bj + p * b.sr];
        c[co + task] = (s0 + s1) + (s2 + s3);
      }
    });
  }

  /**
   * Tasks are (batch, column chunk) pairs: a task packs each KC-deep slice of its B columns once
   * and sweeps all of M over it, so B is never packed twice and the two cores split a single large
   * product evenly by columns. An A shared by every batch (batch stride 0, as conv2d's weight is)
   * or a single-batch A is packed once up front instead of once per task.
   */
  private void gemmF32(int batches, int m, int n, int k, View a, View b, float[] c, int co) {
    if (n == 1) {
      gemvF32(batches, m, k, a, b, c, co);
      return;
    }
    if (k == 0) {
      java.util.Arrays.fill(c, co, co + batches * m * n, 0f);
      return;
    }
    int mr = simd.gemmMrF32();
    int nr = simd.gemmNrF32();
    // A row-major A that fills more than half a panel stays as it is (measured on conv2d's weight
    // gradient, n = 27): the transposed product would pack the larger of the two operands.
    if (n < nr && m > n && !(a.sc == 1 && 2 * n > nr)) {
      transposedF32(batches, m, n, k, a, b, c, co);
      return;
    }
    if (a.sc == 1 && b.sr == 1 && b.sc != 1 && m >= nr && (long) m * (k + n) < (long) k * n) {
      // x @ W^T with a short x (a linear layer's forward): packing the transposed W would cost
      // about as much as the product, while C^T = W @ x^T reads W in place and only transposes
      // the small x and the result.
      transposedF32(batches, m, n, k, a, b, c, co);
      return;
    }
    // A row-major A is read in place by the tile; only other layouts (transposed views) are packed.
    boolean direct = a.sc == 1;
    int mPad = roundUp(m, mr);
    long flops = 2L * batches * m * n * k;
    boolean parallelize = flops >= 4L * Parallel.GRAIN * 64 && parallel.threads > 1;
    // Enough column chunks for about four tasks per thread, each a whole number of NR panels.
    int wantTasks = parallelize ? 4 * parallel.threads : 1;
    int chunksPerBatch = Math.max(1, (wantTasks + batches - 1) / batches);
    int nChunk = Math.min(roundUp(NC, nr), Math.max(nr, roundUp((n + chunksPerBatch - 1) / chunksPerBatch, nr)));
    int nChunks = (n + nChunk - 1) / nChunk;
    // Pre-pack A when every task would otherwise repack the same matrix.
    boolean sharedA = !direct && (a.sb == 0 || batches == 1) && (long) mPad * k <= (1 << 22);
    float[] aAll = sharedA ? acquire(SHARED_PACK, mPad * k) : null;
    if (sharedA) {
      // A large A is packed in parallel too, one (k block, MC rows) piece per task: serial packing
      // would leave the other cores idle for a tenth of the product. A small one (a batch of 64
      // activations) packs faster than a fork/join round trip.
      int kBlocks = (k + KC - 1) / KC;
      int mBlocks = (m + MC - 1) / MC;
      boolean packInParallel = parallelize && (long) m * k >= 16L * Parallel.GRAIN;
      parallel.forRange(kBlocks * mBlocks, packInParallel ? 1 : Integer.MAX_VALUE, (lo, hi) -> {
        for (int piece = lo; piece < hi; piece++) {
          int p0 = (piece / mBlocks) * KC, i0 = (piece % mBlocks) * MC;
          int kc = Math.min(KC, k - p0);
          packA(a, 0, i0, Math.min(MC, m - i0), p0, kc, mr, aAll, mPad * p0 + i0 * kc);
        }
      });
    }
    parallel.forRange(batches * nChunks, parallelize ? 1 : Integer.MAX_VALUE, (lo, hi) -> {
      float[] ap = sharedA || direct ? null : acquire(TASK_PACK_A, roundUp(MC, mr) * KC);
      float[] bp = acquire(TASK_PACK_B, nChunk * Math.min(KC, k));
      for (int task = lo; task < hi; task++) {
        int bi = task / nChunks;
        int j0 = (task % nChunks) * nChunk, nc = Math.min(nChunk, n - j0);
        int cBase = co + bi * m * n;
        for (int p0 = 0; p0 < k; p0 += KC) {
          int kc = Math.min(KC, k - p0);
          packB(b, bi, p0, kc, j0, nc, nr, bp);
          sliceF32(m, nc, kc, p0, a, bi, direct, aAll, mPad, ap, bp, c, cBase + j0, n, p0 > 0);
        }
      }
      release(TASK_PACK_A, ap);
      release(TASK_PACK_B, bp);
    });
    release(SHARED_PACK, aAll);
  }

  /**
   * One KC-deep slice of a product: {@code C[0:m, 0:nc] (+)= A[0:m, p0:p0+kc] @ B-slice} with the
   * slice of B already packed in {@code bp}, C's corner at {@code cCorner} with row stride
   * {@code ldc}. A is read in place when {@code direct}, taken from {@code aAll} (all of A packed
   * up front, {@code mPad} rows) when given, otherwise packed block by block into {@code ap}.
   */
  private void sliceF32(int m, int nc, int kc, int p0, View a, int bi, boolean direct, float[] aAll, int mPad,
      float[] ap, float[] bp, float[] c, int cCorner, int ldc, boolean add) {
    int mr = simd.gemmMrF32();
    int nr = simd.gemmNrF32();
    for (int i0 = 0; i0 < m; i0 += MC) {
      int mc = Math.min(MC, m - i0);
      if (direct) {
        float[] as = (float[]) a.data;
        int aRow = a.off + bi * a.sb + i0 * a.sr + p0;
        for (int jr = 0; jr < nc; jr += nr) {
          for (int ir = 0; ir < mc; ir += mr) {
            simd.gemmTileDirectF32(kc, as, aRow + ir * a.sr, a.sr, bp, jr * kc, c, cCorner + (i0 + ir) * ldc + jr, ldc,
                Math.min(mr, mc - ir), Math.min(nr, nc - jr), add);
          }
        }
        continue;
      }
      float[] apx;
      int aBase;
      if (aAll != null) {
        apx = aAll;
        aBase = mPad * p0 + i0 * kc;
      } else {
        packA(a, bi, i0, mc, p0, kc, mr, ap, 0);
        apx = ap;
        aBase = 0;
      }
      for (int jr = 0; jr < nc; jr += nr) {
        for (int ir = 0; ir < mc; ir += mr) {
          simd.gemmTileF32(kc, apx, aBase + ir * kc, bp, jr * kc, c, cCorner + (i0 + ir) * ldc + jr, ldc,
              Math.min(mr, mc - ir), Math.min(nr, nc - jr), add);
        }
      }
    }
  }

  /**
   * A product narrower than one NR panel (conv2d's weight gradient: n = C*kh*kw, often 9 or 27)
   * would leave most vector lanes idle, so it computes {@code C^T = B^T A^T} instead, with M as
   * the wide side, and transposes that small result into C.
   */
  private void transposedF32(int batches, int m, int n, int k, View a, View b, float[] c, int co) {
    float[] t = acquire(TRANSPOSED_OUT, batches * n * m);
    gemmF32(batches, n, m, k, new View(b.data, b.off, b.sb, b.sc, b.sr), new View(a.data, a.off, a.sb, a.sc, a.sr), t, 0);
    for (int bi = 0; bi < batches; bi++) {
      int cb = co + bi * m * n, tb = bi * n * m;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) c[cb + i * n + j] = t[tb + j * m + i];
      }
    }
    release(TRANSPOSED_OUT, t);
  }

  /**
   * Packs A[i0:i0+mc, p0:p0+kc] from {@code dst} on as MR-row panels, each stored k-major and
   * zero-padded to MR rows.
   */
  private static void packA(View a, int bi, int i0, int mc, int p0, int kc, int mr, float[] ap, int dst0) {
    float[] src = (float[]) a.data;
    int base = a.off + bi * a.sb;
    for (int ir = 0; ir < mc; ir += mr) {
      int rows = Math.min(mr, mc - ir);
      int panel = dst0 + ir * kc;
      if (a.sr == 1 && a.sc != 1) {
        // A transposed view (x^T in a weight gradient): a panel's rows sit side by side in memory,
        // so one k step is a short contiguous copy and both sides stream.
        int s0 = base + (i0 + ir) + p0 * a.sc;
        for (int p = 0; p < kc; p++) {
          int s = s0 + p * a.sc;
          int d = panel + p * mr;
          for (int r = 0; r < rows; r++) ap[d + r] = src[s + r];
          for (int r = rows; r < mr; r++) ap[d + r] = 0f;
        }
        continue;
      }
      for (int r = 0; r < rows; r++) {
        // Row by row: a row-major A streams along k, a transposed one strides, either way one pass.
        int s = base + (i0 + ir + r) * a.sr + p0 * a.sc;
        int d = panel + r;
        if (a.sc == 1) {
          for (int p = 0; p < kc; p++) ap[d + p * mr] = src[s + p];
        } else {
          for (int p = 0; p < kc; p++) ap[d + p * mr] = src[s + p * a.sc];
        }
      }
      for (int r = rows; r < mr; r++) {
        for (int p = 0; p < kc; p++) ap[panel + r + p * mr] = 0f;
      }
    }
  }

  /** Packs B[p0:p0+kc, j0:j0+nc] as NR-column panels, each stored k-major, zero-padded to NR. */
  private static void packB(View b, int bi, int p0, int kc, int j0, int nc, int nr, float[] bp) {
    float[] src = (float[]) b.data;
    int base = b.off + bi * b.sb;
    for (int jr = 0; jr < nc; jr += nr) {
      int cols = Math.min(nr, nc - jr);
      int panel = jr * kc;
      for (int p = 0; p < kc; p++) {
        int dst = panel + p * nr;
        int s = base + (p0 + p) * b.sr + (j0 + jr) * b.sc;
        if (b.sc == 1) {
          System.arraycopy(src, s, bp, dst, cols);
        } else if (b.sr != 1) {
          for (int j = 0; j < cols; j++) bp[dst + j] = src[s + j * b.sc];
        }
        for (int j = cols; j < nr; j++) bp[dst + j] = 0f;
      }
      if (b.sc != 1 && b.sr == 1) {
        // A transposed B: walk each column along k so the reads stream.
        for (int j = 0; j < cols; j++) {
          int s = base + p0 + (j0 + jr + j) * b.sc;
          for (int p = 0; p < kc; p++) bp[panel + p * nr + j] = src[s + p];
        }
      }
    }
  }

  private void gemmF64(int batches, int m, int n, int k, View a, View b, double[] c, int co) {
    int mBlocks = (m + MC - 1) / MC;
    int nBlocks = (n + NC - 1) / NC;
    int mr = simd.gemmMrF64();
    int nr = simd.gemmNrF64();
    java.util.Arrays.fill(c, co, co + batches * m * n, 0.0);
    if (k == 0) return;
    long flops = 2L * batches * m * n * k;
    int grain = flops < 4L * Parallel.GRAIN * 64 ? Integer.MAX_VALUE : 1;
    parallel.forRange(batches * mBlocks * nBlocks, grain, (lo, hi) -> {
      double[] ap = new double[roundUp(MC, mr) * KC];
      double[] bp = new double[roundUp(NC, nr) * KC];
      double[] as = (double[]) a.data;
      double[] bs = (double[]) b.data;
      for (int task = lo; task < hi; task++) {
        int bi = task / (mBlocks * nBlocks);
        int ib = (task / nBlocks) % mBlocks;
        int jb = task % nBlocks;
        int i0 = ib * MC, mc = Math.min(MC, m - i0);
        int j0 = jb * NC, nc = Math.min(NC, n - j0);
        int cBase = co + bi * m * n;
        for (int p0 = 0; p0 < k; p0 += KC) {
          int kc = Math.min(KC, k - p0);
          for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            for (int p = 0; p < kc; p++) {
              int s = b.off + bi * b.sb + (p0 + p) * b.sr + (j0 + jr) * b.sc;
              int dst = jr * kc + p * nr;
              for (int j = 0; j < nr; j++) bp[dst + j] = j < cols ? bs[s + j * b.sc] : 0.0;
            }
          }
          for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            for (int p = 0; p < kc; p++) {
              int s = a.off + bi * a.sb + (i0 + ir) * a.sr + (p0 + p) * a.sc;
              int dst = ir * kc + p * mr;
              for (int r = 0; r < mr; r++) ap[dst + r] = r < rows ? as[s + r * a.sr] : 0.0;
            }
          }
          for (int jr = 0; jr < nc; jr += nr) {
            for (int ir = 0; ir < mc; ir += mr) {
              simd.gemmTileF64(kc, ap, ir * kc, bp, jr * kc, c, cBase + (i0 + ir) * n + j0 + jr, n,
                  Math.min(mr, mc - ir), Math.min(nr, nc - jr));
            }
          }
        }
      }
    });
  }

  /** Integers and bool: long accumulation, rows in parallel; i-p-j order keeps B's rows streaming. */
  private void gemmLong(int batches, int m, int n, int k, Operand a, Operand b, Operand out) {
    DType t = out.dtype();
    Object ad = CpuStorage.data(a);
    Object bd = CpuStorage.data(b);
    Object od = CpuStorage.data(out);
    int[] as = a.strides();
    int[] bs = b.strides();
    parallel.forRange(batches * m, Math.max(1, Parallel.GRAIN / Math.max(1, n * Math.max(k, 1))), (lo, hi) -> {
      long[] row = new long[n];
      for (int task = lo; task < hi; task++) {
        int bi = task / m;
        int i = task % m;
        java.util.Arrays.fill(row, 0L);
        for (int p = 0; p < k; p++) {
          long av = Cast.getL(ad, a.dtype(), a.offset() + bi * as[0] + i * as[1] + p * as[2]);
          if (av == 0) continue;
          int bBase = b.offset() + bi * bs[0] + p * bs[1];
          for (int j = 0; j < n; j++) row[j] += av * Cast.getL(bd, b.dtype(), bBase + j * bs[2]);
        }
        int o = out.offset() + (bi * m + i) * n;
        for (int j = 0; j < n; j++) Cast.setL(od, t, o + j, row[j]);
      }
    });
  }

  private static int roundUp(int x, int multiple) { return (x + multiple - 1) / multiple * multiple; }

  /**
   * Single-threaded {@code C (+)= A @ B} in float32 for kernels that parallelize outside (conv2d
   * runs one image per task, and a nested fork would only add overhead). A is m x k at
   * {@code a[ao + i*asr + p*asc]}, B is k x n at {@code b[bo + p*bsr + j*bsc]}, C is row-major
   * with row stride {@code ldc}; with {@code add} false C is overwritten.
   */
  void gemmF32Serial(int m, int n, int k, float[] a, int ao, int asr, int asc, float[] b, int bo, int bsr, int bsc,
      float[] c, int co, int ldc, boolean add) {
    if (m == 0 || n == 0) return;
    if (k == 0) {
      if (!add) {
        for (int i = 0; i < m; i++) java.util.Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0f);
      }
      return;
    }
    int mr = simd.gemmMrF32();
    int nr = simd.gemmNrF32();
    View av = new View(a, ao, 0, asr, asc);
    View bv = new View(b, bo, 0, bsr, bsc);
    boolean direct = asc == 1;
    int kcMax = Math.min(KC, k);
    float[] ap = direct ? null : acquire(TASK_PACK_A, roundUp(Math.min(MC, m), mr) * kcMax);
    float[] bp = acquire(TASK_PACK_B, roundUp(Math.min(NC, n), nr) * kcMax);
    for (int j0 = 0; j0 < n; j0 += NC) {
      int nc = Math.min(NC, n - j0);
      for (int p0 = 0; p0 < k; p0 += KC) {
        int kc = Math.min(KC, k - p0);
        packB(bv, 0, p0, kc, j0, nc, nr, bp);
        sliceF32(m, nc, kc, p0, av, 0, direct, null, 0, ap, bp, c, co + j0, ldc, add || p0 > 0);
      }
    }
    release(TASK_PACK_A, ap);
    release(TASK_PACK_B, bp);
  }
}
