package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;
import java.util.Arrays;

/**
 * Fused float32 conv2d kernels: forward, input gradient and weight gradient. Each task takes one
 * (image, group, block of output positions), unrolls just that block of the image into a per-thread
 * column buffer small enough to stay in L2 ({@link #COL_BLOCK_FLOATS}), and multiplies it on the
 * task's thread: Vector API register tiles ({@link Tiles}) for conv's short inner dimensions, the
 * packed GEMM for wide layers and with scalar kernels. Unlike IM2COL + MATMUL over the whole
 * batch, nothing batch-sized is ever materialized, the bias is added in place, and the images run
 * in parallel without a nested fork.
 *
 * <ul>
 *   <li>forward: {@code out[img, group] = W[group] @ cols + bias};
 *   <li>input gradient: {@code cols = W[group]^T @ gradOut[img, group]}, summed back into the
 *       image (col2im); a task owns whole input channels, so no two tasks write the same pixel;
 *   <li>weight gradient: {@code gradW[group] += gradOut[img, group] @ cols^T} into one accumulator
 *       per fixed chunk of tasks, summed in chunk order at the end, so the result does not depend
 *       on which thread ran what.
 * </ul>
 */
final class ConvKernels {
  /** Column-buffer budget per task (256 KiB of floats): a quarter of this machine's L2. */
  private static final int COL_BLOCK_FLOATS = 64 * 1024;
  /**
   * Longest inner dimension for the unpacked tiles: the register tile re-reads a strip of B that
   * long (up to 64 KiB at 512 bits) from L1/L2 once per row tile. Longer products (wide layers)
   * go through the blocked, packed GEMM, whose KC blocking keeps its panels in L1.
   */
  private static final int TILE_MAX_K = 256;
  /** Largest lane-wise weight-gradient accumulator (floats) per chunk, 4 MiB; beyond it, the GEMM. */
  private static final int DOT_ACC_MAX = 1 << 20;
  /** Positions per call of the weight gradient's broadcast tile: a tile's 8 rows of gradOut, 8 KiB. */
  private static final int OUTER_SLICE = 256;

  private final Gemm gemm;
  private final Parallel parallel;
  private final int mr;
  private final int nr;
  /** The Vector API tiles, or null with scalar kernels: then the packed GEMM does the products. */
  private final Tiles tiles;
  /** Shared by every backend instance: the buffers hold no state between tasks. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  ConvKernels(Gemm gemm, Simd simd, Parallel parallel) {
    this.gemm = gemm;
    this.parallel = parallel;
    this.mr = simd.gemmMrF32();
    this.nr = simd.gemmNrF32();
    this.tiles = simd instanceof ScalarSimd ? null : loadVectorTiles();
  }

  /**
   * Products whose operands are used where they lie, without packing: with conv's short inner
   * dimension (27 column rows, 64 output channels) packing costs as much as the multiply-adds.
   */
  interface Tiles {
    /** Vector lanes: the weight-gradient accumulators keep this many partial sums per element. */
    int lanes();

    /**
     * {@code C[i, j] = bias[i] (0 if null) + sum_p A[i, p] * B[p, j]} for an m x n C at
     * {@code c[co + i*ldc + j]}, A at {@code a[ao + i*ars + p*aks]}, B at {@code b[bo + p*ldb + j]}.
     * A non-null {@code strip} (at least {@code k * 4 * lanes()} floats) has each column strip of
     * B that a register tile spans copied out first: rows of B a power-of-two stride apart
     * (gradOut's 32x32 planes) would otherwise all map to the same L1 set.
     */
    void product(int m, int n, int k, float[] a, int ao, int ars, int aks, float[] b, int bo, int ldb, float[] c,
        int co, int ldc, float[] bias, int biasOff, float[] strip);

    /**
     * Adds lane-wise partial sums of {@code dot(A[i, :len], B[j, :len])} (rows at {@code ao + i*lda},
     * {@code bo + j*ldb}) to {@code acc[(accOff + i*accLd + j) * lanes() ..]}: summing the lanes
     * gives the dot products.
     */
    void dots(int m, int n, int len, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] acc, int accOff,
        int accLd);

    /**
     * {@code acc[accOff + i*accLd + j] += sum_p A[i, p] * Bt[p, j]} for i < m, j < n (a multiple
     * of {@code 2 * lanes()}), A's rows at {@code ao + i*lda}, p over {@code rows x rowLen}, and
     * row p = y*rowLen + x of Bt at {@code bto + y*bRow + x*ldb}: rows may overlap, and reads run
     * up to n floats past the last one.
     */
    void outer(int m, int n, int rows, int rowLen, float[] a, int ao, int lda, float[] bt, int bto, int ldb, int bRow,
        float[] acc, int accOff, int accLd);

    /** {@code dst[d + i] += src[s + i]} for i in [0, len). */
    void addRow(float[] dst, int d, float[] src, int s, int len);
  }

  private static Tiles loadVectorTiles() {
    try {
      // Reflective, as SimdProvider loads VectorSimd: this class links without the incubator module.
      return (Tiles) Class.forName("dev.dl.backend.cpu.ConvTilesVector").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      System.getLogger("dev.dl.backend.cpu").log(System.Logger.Level.INFO,
          "conv2d uses the packed GEMM: its Vector API tiles failed to load: " + e);
      return null;
    }
  }

  /**
   * One thread's reusable buffers: the column block, B's strips and the weight gradient's stacked
   * image copy (the GEMM keeps its packed panels itself).
   */
  private static final class Scratch {
    private float[] cols = new float[0];
    private float[] strip = new float[0];

    float[] cols(int size) {
      if (cols.length < size) cols = new float[size];
      return cols;
    }

    private float[] stacked = new float[0];

    float[] stacked(int size) {
      if (stacked.length < size) stacked = new float[size];
      return stacked;
    }

    float[] strip(int size) {
      if (strip.length < size) strip = new float[size];
      return strip;
    }
  }

  /** The shape of one call: per-group sizes and the block of output positions per task. */
  private record Plan(ConvGeometry g, int groups, int outC, int cg, int ocg, int kk, int kg, int positions,
                      int block, int blocks, boolean direct) {
    static Plan of(ConvGeometry g, int groups, int outC, int nr) {
      int cg = g.c() / groups;
      int kk = g.kh() * g.kw();
      int kg = cg * kk;
      int positions = g.outH() * g.outW();
      // A 1x1 window at stride 1 without padding reads the image itself as its column matrix.
      boolean direct = kk == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
      int block = positions;
      if (!direct && (long) kg * positions > COL_BLOCK_FLOATS) {
        block = Math.min(positions, Math.max(nr, COL_BLOCK_FLOATS / Math.max(kg, 1) / nr * nr));
      }
      int blocks = positions == 0 ? 0 : (positions + block - 1) / block;
      return new Plan(g, groups, outC, cg, outC / groups, kk, kg, positions, block, blocks, direct);
    }
  }

  private static boolean allFloat32(Operand... ops) {
    for (Operand op : ops) {
      if (op != null && (op.dtype() != DType.FLOAT32 || !(CpuStorage.data(op) instanceof float[]))) return false;
    }
    return true;
  }

  boolean forward(Operand out, Operand x, Operand weight, Operand bias, ConvGeometry g, int groups) {
    if (!allFloat32(out, x, weight, bias)) return false;
    Plan plan = Plan.of(g, groups, weight.shape()[0], nr);
    float[] o = (float[]) CpuStorage.data(out);
    float[] xs = (float[]) CpuStorage.data(x);
    float[] w = (float[]) CpuStorage.data(weight);
    float[] b = bias == null ? null : (float[]) CpuStorage.data(bias);
    int items = g.n() * groups * plan.blocks;
    parallel.forRange(items, 1, (lo, hi) -> {
      Scratch s = SCRATCH.get();
      for (int item = lo; item < hi; item++) {
        int blk = item % plan.blocks;
        int grp = (item / plan.blocks) % groups;
        int img = item / plan.blocks / groups;
        forwardBlock(plan, o, out.offset(), xs, x.offset(), w, weight.offset(), b, bias == null ? 0 : bias.offset(),
            img, grp, blk, s);
      }
    });
    return true;
  }

  private void forwardBlock(Plan p, float[] o, int oOff, float[] x, int xOff, float[] w, int wOff, float[] b,
      int bOff, int img, int grp, int blk, Scratch s) {
    ConvGeometry g = p.g;
    int p0 = blk * p.block;
    int pb = Math.min(p.block, p.positions - p0);
    int plane = g.h() * g.w();
    int xBase = xOff + (img * g.c() + grp * p.cg) * plane;
    int co = oOff + (img * p.outC + grp * p.ocg) * p.positions + p0;
    boolean useTiles = tiles != null && p.kg <= TILE_MAX_K;
    if (b != null && !useTiles) {
      // The bias goes in first and the GEMM accumulates onto it: no second pass over the output.
      for (int i = 0; i < p.ocg; i++) {
        int row = co + i * p.positions;
        Arrays.fill(o, row, row + pb, b[bOff + grp * p.ocg + i]);
      }
    }
    float[] cols;
    int colOff;
    int colStride;
    if (p.direct) {
      cols = x;
      colOff = xBase + p0;
      colStride = plane;
    } else {
      colStride = paddedStride(pb);
      cols = s.cols(p.kg * colStride);
      im2colBlock(g, x, xBase, 0, p.cg, p0, pb, cols, colStride);
      colOff = 0;
    }
    int aOff = wOff + grp * p.ocg * p.kg;
    if (useTiles) {
      // The bias initializes the accumulators: the output is written once.
      tiles.product(p.ocg, pb, p.kg, w, aOff, p.kg, 1, cols, colOff, colStride, o, co, p.positions, b,
          bOff + grp * p.ocg, null);
    } else {
      gemm.gemmF32Serial(p.ocg, pb, p.kg, w, aOff, p.kg, 1, cols, colOff, colStride, 1, o, co, p.positions, b != null);
    }
  }

  boolean backwardInput(Operand gradX, Operand gradOut, Operand weight, ConvGeometry g, int groups) {
    if (!allFloat32(gradX, gradOut, weight)) return false;
    Plan plan = Plan.of(g, groups, weight.shape()[0], nr);
    float[] gx = (float[]) CpuStorage.data(gradX);
    float[] go = (float[]) CpuStorage.data(gradOut);
    float[] w = (float[]) CpuStorage.data(weight);
    // Split the input channels too when there are fewer (image, group) pairs than threads, e.g. a
    // single image: channel slices write disjoint planes, so they still never race.
    int pairs = g.n() * groups;
    int slices = pairs >= 2 * parallel.threads ? 1
        : Math.max(1, Math.min(plan.cg, (2 * parallel.threads + pairs - 1) / Math.max(pairs, 1)));
    int perSlice = plan.cg == 0 ? 0 : (plan.cg + slices - 1) / slices;
    parallel.forRange(pairs * slices, 1, (lo, hi) -> {
      Scratch s = SCRATCH.get();
      for (int item = lo; item < hi; item++) {
        int slice = item % slices;
        int grp = (item / slices) % groups;
        int img = item / slices / groups;
        int c0 = Math.min(plan.cg, slice * perSlice);
        int c1 = Math.min(plan.cg, c0 + perSlice);
        backwardInputSlice(plan, gx, gradX.offset(), go, gradOut.offset(), w, weight.offset(), img, grp, c0, c1, s);
      }
    });
    return true;
  }

  private void backwardInputSlice(Plan p, float[] gx, int gxOff, float[] go, int goOff, float[] w, int wOff, int img,
      int grp, int c0, int c1, Scratch s) {
    if (c0 >= c1) return;
    ConvGeometry g = p.g;
    int plane = g.h() * g.w();
    int xBase = gxOff + (img * g.c() + grp * p.cg) * plane;
    int rows = (c1 - c0) * p.kk;
    // A = W[group]^T restricted to this slice's column rows: element (r, oc) at W[oc, c0*kk + r].
    int aOff = wOff + grp * p.ocg * p.kg + c0 * p.kk;
    int goBase = goOff + (img * p.outC + grp * p.ocg) * p.positions;
    if (p.direct) {
      // The column matrix is the image itself: write the product straight into the planes.
      product(rows, p.positions, p.ocg, w, aOff, 1, p.kg, go, goBase, p.positions, gx, xBase + c0 * plane, plane, s);
      return;
    }
    Arrays.fill(gx, xBase + c0 * plane, xBase + c1 * plane, 0f);
    for (int blk = 0; blk < p.blocks; blk++) {
      int p0 = blk * p.block;
      int pb = Math.min(p.block, p.positions - p0);
      int stride = paddedStride(pb);
      float[] cols = s.cols(rows * stride);
      product(rows, pb, p.ocg, w, aOff, 1, p.kg, go, goBase + p0, p.positions, cols, 0, stride, s);
      col2imBlock(g, gx, xBase, c0, c1, p0, pb, cols, stride, tiles);
    }
  }

  /** {@code C = A @ B} (overwritten) through the tiles or, with scalar kernels, the packed GEMM. */
  private void product(int m, int n, int k, float[] a, int ao, int ars, int aks, float[] b, int bo, int ldb, float[] c,
      int co, int ldc, Scratch s) {
    if (tiles != null && k <= TILE_MAX_K) {
      // Only rows a multiple of 1 KiB apart crowd a few L1 sets; others (28x28 planes: 784 floats)
      // are read in place, which measured 0.7-0.8x the time of copying their strips first.
      float[] strip = ldb % 256 == 0 ? s.strip(k * 4 * tiles.lanes()) : null;
      tiles.product(m, n, k, a, ao, ars, aks, b, bo, ldb, c, co, ldc, null, 0, strip);
    } else {
      gemm.gemmF32Serial(m, n, k, a, ao, ars, aks, b, bo, ldb, 1, c, co, ldc, false);
    }
  }

  boolean backwardWeight(Operand gradWeight, Operand gradOut, Operand x, ConvGeometry g, int groups) {
    if (!allFloat32(gradWeight, gradOut, x)) return false;
    int outC = gradWeight.shape()[0];
    Plan plan = Plan.of(g, groups, outC, nr);
    float[] gw = (float[]) CpuStorage.data(gradWeight);
    int gwOff = gradWeight.offset();
    int size = outC * plan.kg;
    int items = g.n() * groups * plan.blocks;
    if (items == 0 || size == 0 || plan.positions == 0) {
      Arrays.fill(gw, gwOff, gwOff + size, 0f);
      return true;
    }
    float[] go = (float[]) CpuStorage.data(gradOut);
    float[] xs = (float[]) CpuStorage.data(x);
    // Lane-wise dot products unless the accumulators would be large; then the packed GEMM, which
    // accumulates W^T (rows = column rows) when that wastes fewer lanes of its register tile than
    // W itself: with 9 or 27 column rows, W's narrow side would fill a third of a vector panel.
    // With about a vector pair's worth of column rows (27), transposed columns turn the product
    // into broadcasts of gradOut against whole rows of accumulators: no lane sums, and a third of
    // the vector loads of the lane-wise dots (measured 0.55-0.6x their time at b32 3->64 32x32).
    int rPad = tiles == null ? 0 : roundUp(plan.kg, 2 * tiles.lanes());
    boolean outer = tiles != null && g.dilationW() == 1 && 4 * plan.kg >= 3 * rPad
        && (long) outC * rPad <= DOT_ACC_MAX
        && (long) g.outH() * (g.w() + 2 * g.padW()) * g.kh() * plan.cg <= COL_BLOCK_FLOATS * 16L;
    boolean dots = !outer && tiles != null && (long) size * tiles.lanes() <= DOT_ACC_MAX;
    int lanes = dots ? tiles.lanes() : 1;
    int accSize = outer ? outC * rPad : size * lanes;
    boolean transposed = !dots && !outer && (long) roundUp(plan.kg, mr) * roundUp(plan.ocg, nr)
        < (long) roundUp(plan.ocg, mr) * roundUp(plan.kg, nr);
    // A fixed number of chunks, each a contiguous run of items with its own accumulator; two per
    // thread when accumulators are small, so a thread that the OS delays does not stall the rest.
    boolean small = (long) accSize * 2 * parallel.threads <= 4L * DOT_ACC_MAX;
    // The transposed path takes a whole (image, group) per item: it copies the image only once.
    int units = outer ? g.n() * groups : items;
    int chunks = Math.min(units, small ? 2 * parallel.threads : parallel.threads);
    int perChunk = (units + chunks - 1) / chunks;
    float[][] acc = new float[chunks][];
    parallel.forRange(chunks, 1, (lo, hi) -> {
      Scratch s = SCRATCH.get();
      for (int chunk = lo; chunk < hi; chunk++) {
        float[] a = new float[accSize];
        acc[chunk] = a;
        int end = Math.min(units, (chunk + 1) * perChunk);
        for (int item = chunk * perChunk; item < end; item++) {
          if (outer) {
            weightOuter(plan, a, rPad, go, gradOut.offset(), xs, x.offset(), item / groups, item % groups, s);
            continue;
          }
          int blk = item % plan.blocks;
          int grp = (item / plan.blocks) % groups;
          int img = item / plan.blocks / groups;
          weightBlock(plan, a, dots, transposed, go, gradOut.offset(), xs, x.offset(), img, grp, blk, s);
        }
      }
    });
    parallel.forRange(size, Parallel.GRAIN, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        // Element i of gradW is (group, oc, r); the transposed accumulators keep it at (group, r, oc).
        int src = i;
        if (outer) {
          // (c, ki, kj) -> (kj, ki, c): the order of a window's run in weightOuter's copy.
          int r = i % plan.kg;
          int c = r / plan.kk;
          int ki = r % plan.kk / g.kw();
          int kj = r % g.kw();
          src = i / plan.kg * rPad + (kj * g.kh() + ki) * plan.cg + c;
        } else if (transposed) {
          int grp = i / (plan.ocg * plan.kg);
          int rem = i % (plan.ocg * plan.kg);
          src = grp * plan.ocg * plan.kg + (rem % plan.kg) * plan.ocg + rem / plan.kg;
        }
        float sum = 0f;
        for (float[] a : acc) {
          for (int l = 0; l < lanes; l++) sum += a[src * lanes + l];
        }
        gw[gwOff + i] = sum;
      }
    });
    return true;
  }

  private void weightBlock(Plan p, float[] acc, boolean dots, boolean transposed, float[] go, int goOff, float[] x,
      int xOff, int img, int grp, int blk, Scratch s) {
    ConvGeometry g = p.g;
    int p0 = blk * p.block;
    int pb = Math.min(p.block, p.positions - p0);
    int plane = g.h() * g.w();
    int xBase = xOff + (img * g.c() + grp * p.cg) * plane;
    int goBase = goOff + (img * p.outC + grp * p.ocg) * p.positions + p0;
    float[] cols;
    int colOff;
    int colStride;
    if (p.direct) {
      cols = x;
      colOff = xBase + p0;
      colStride = plane;
    } else {
      colStride = paddedStride(pb);
      cols = s.cols(p.kg * colStride);
      im2colBlock(g, x, xBase, 0, p.cg, p0, pb, cols, colStride);
      colOff = 0;
    }
    int accOff = grp * p.ocg * p.kg;
    if (dots) {
      // Both operands are rows along the positions: dot products need no packing at all.
      tiles.dots(p.ocg, p.kg, pb, go, goBase, p.positions, cols, colOff, colStride, acc, accOff, p.kg);
    } else if (transposed) {
      // acc[r, oc] += cols[r, :] @ gradOut[oc, :]^T
      gemm.gemmF32Serial(p.kg, p.ocg, pb, cols, colOff, colStride, 1, go, goBase, 1, p.positions, acc, accOff, p.ocg,
          true);
    } else {
      // acc[oc, r] += gradOut[oc, :] @ cols[r, :]^T
      gemm.gemmF32Serial(p.ocg, p.kg, pb, go, goBase, p.positions, 1, cols, colOff, 1, colStride, acc, accOff, p.kg,
          true);
    }
  }

  /**
   * {@code acc[grp*ocg + oc, r'] += gradOut[oc, :] . cols[r, :]} for one (image, group), with the
   * column rows permuted to r' = (kj, ki, c). The image is copied once into {@code xs[oy][x][ki][c]}
   * (padded columns x, window rows ki stacked per output row), where every position's window is
   * one contiguous run of kg floats, and consecutive positions' runs overlap: the transposed
   * column matrix is read in place, with no per-position copy or scalar transpose.
   */
  private void weightOuter(Plan p, float[] acc, int rPad, float[] go, int goOff, float[] x, int xOff, int img, int grp,
      Scratch s) {
    ConvGeometry g = p.g;
    int cg = p.cg;
    int kh = g.kh();
    int w = g.w();
    int wp = w + 2 * g.padW();
    int oh = g.outH();
    int ow = g.outW();
    int cell = kh * cg;
    int line = wp * cell;
    float[] xs = s.stacked(oh * line + rPad);
    Arrays.fill(xs, oh * line, oh * line + rPad, 0f);
    int plane = g.h() * w;
    int xBase = xOff + (img * g.c() + grp * cg) * plane;
    for (int oy = 0; oy < oh; oy++) {
      for (int ki = 0; ki < kh; ki++) {
        int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
        int base = oy * line + ki * cg;
        if (iy < 0 || iy >= g.h()) {
          for (int xx = 0; xx < wp; xx++) Arrays.fill(xs, base + xx * cell, base + xx * cell + cg, 0f);
          continue;
        }
        for (int xx = 0; xx < g.padW(); xx++) {
          Arrays.fill(xs, base + xx * cell, base + xx * cell + cg, 0f);
          Arrays.fill(xs, base + (wp - 1 - xx) * cell, base + (wp - 1 - xx) * cell + cg, 0f);
        }
        for (int c = 0; c < cg; c++) {
          int src = xBase + c * plane + iy * w;
          int dst = base + g.padW() * cell + c;
          for (int xx = 0; xx < w; xx++, dst += cell) xs[dst] = x[src + xx];
        }
      }
    }
    int goBase = goOff + (img * p.outC + grp * p.ocg) * p.positions;
    // Output rows per call: about OUTER_SLICE positions, so gradOut's slice of each tile stays in L1.
    int rowsPer = Math.max(1, OUTER_SLICE / Math.max(ow, 1));
    for (int oy = 0; oy < oh; oy += rowsPer) {
      int rows = Math.min(rowsPer, oh - oy);
      tiles.outer(p.ocg, rPad, rows, ow, go, goBase + oy * ow, p.positions, xs, oy * line, g.strideW() * cell, line,
          acc, grp * p.ocg * rPad, rPad);
    }
  }

  /**
   * Column rows of channels {@code [c0, c1)} for output positions {@code [p0, p0 + pb)}: row
   * {@code ((c - c0)*kh + ki)*kw + kj}, column {@code p - p0}, from the image whose channel 0
   * starts at {@code x[xBase]}. Positions outside the image read 0.
   */
  static void im2colBlock(ConvGeometry g, float[] x, int xBase, int c0, int c1, int p0, int pb, float[] cols,
      int stride) {
    if (flat(g)) {
      im2colFlat(g, x, xBase, c0, c1, p0, pb, cols, stride);
      return;
    }
    int ow = g.outW();
    int sw = g.strideW();
    int plane = g.h() * g.w();
    int row = 0;
    for (int ch = c0; ch < c1; ch++) {
      int chBase = xBase + ch * plane;
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++, row++) {
          int shift = kj * g.dilationW() - g.padW();
          // Output columns ox with 0 <= ox*sw + shift < w read inside the row.
          int oxLo = Math.min(ow, shift >= 0 ? 0 : (-shift + sw - 1) / sw);
          int oxHi = Math.max(oxLo, Math.min(ow, g.w() - shift <= 0 ? 0 : (g.w() - shift + sw - 1) / sw));
          int end = p0 + pb;
          int oy = p0 / ow;
          int ox0 = p0 % ow;
          int dRow = row * stride - p0;
          for (int p = p0; p < end; oy++, ox0 = 0) {
            int oxEnd = ox0 + Math.min(end - p, ow - ox0);
            int d = dRow + oy * ow;
            int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
            if (iy < 0 || iy >= g.h()) {
              Arrays.fill(cols, d + ox0, d + oxEnd, 0f);
            } else {
              int z1 = Math.min(Math.max(oxLo, ox0), oxEnd);
              int c1x = Math.min(Math.max(oxHi, z1), oxEnd);
              Arrays.fill(cols, d + ox0, d + z1, 0f);
              int src = chBase + iy * g.w() + shift;
              if (sw == 1) {
                System.arraycopy(x, src + z1, cols, d + z1, c1x - z1);
              } else {
                for (int ox = z1; ox < c1x; ox++) cols[d + ox] = x[src + ox * sw];
              }
              Arrays.fill(cols, d + c1x, d + oxEnd, 0f);
            }
            p += oxEnd - ox0;
          }
        }
      }
    }
  }

  /**
   * The adjoint of {@link #im2colBlock}: adds column rows of channels {@code [c0, c1)} (row 0 is
   * channel c0) for positions {@code [p0, p0 + pb)} into the image planes; padding drops out.
   */
  static void col2imBlock(ConvGeometry g, float[] gx, int xBase, int c0, int c1, int p0, int pb,
      float[] cols, int stride, Tiles tiles) {
    if (flat(g)) {
      col2imFlat(g, gx, xBase, c0, c1, p0, pb, cols, stride, tiles);
      return;
    }
    int ow = g.outW();
    int sw = g.strideW();
    int plane = g.h() * g.w();
    int row = 0;
    for (int ch = c0; ch < c1; ch++) {
      int chBase = xBase + ch * plane;
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++, row++) {
          int shift = kj * g.dilationW() - g.padW();
          int oxLo = Math.min(ow, shift >= 0 ? 0 : (-shift + sw - 1) / sw);
          int oxHi = Math.max(oxLo, Math.min(ow, g.w() - shift <= 0 ? 0 : (g.w() - shift + sw - 1) / sw));
          int end = p0 + pb;
          int oy = p0 / ow;
          int ox0 = p0 % ow;
          int sRow = row * stride - p0;
          for (int p = p0; p < end; oy++, ox0 = 0) {
            int oxEnd = ox0 + Math.min(end - p, ow - ox0);
            int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
            if (iy >= 0 && iy < g.h()) {
              int lo = Math.min(Math.max(oxLo, ox0), oxEnd);
              int hi = Math.min(Math.max(oxHi, lo), oxEnd);
              int s = sRow + oy * ow;
              int dst = chBase + iy * g.w() + shift;
              if (sw == 1 && tiles != null) {
                tiles.addRow(gx, dst + lo, cols, s + lo, hi - lo);
              } else if (sw == 1) {
                for (int ox = lo; ox < hi; ox++) gx[dst + ox] += cols[s + ox];
              } else {
                for (int ox = lo; ox < hi; ox++) gx[dst + ox * sw] += cols[s + ox];
              }
            }
            p += oxEnd - ox0;
          }
        }
      }
    }
  }

  /**
   * True for unit stride with output rows as wide as the image's ('same' padding, both benchmark
   * shapes): a column row is then the image shifted by one flat offset, except for the columns
   * whose pixel falls off the left or right edge and wraps into the neighbouring row. One long
   * copy plus a few fixes beats a short copy per output row (28 or 32 pixels).
   */
  private static boolean flat(ConvGeometry g) {
    return g.strideH() == 1 && g.strideW() == 1 && g.outW() == g.w();
  }

  /** {@link #im2colBlock} for {@link #flat} geometries. */
  private static void im2colFlat(ConvGeometry g, float[] x, int xBase, int c0, int c1, int p0, int pb, float[] cols,
      int stride) {
    int w = g.w();
    int plane = g.h() * w;
    int end = p0 + pb;
    int row = 0;
    for (int ch = c0; ch < c1; ch++) {
      int chBase = xBase + ch * plane;
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++, row++) {
          int dx = kj * g.dilationW() - g.padW();
          int shift = (ki * g.dilationH() - g.padH()) * w + dx;
          int d = row * stride - p0;
          // Positions whose flat source index lies inside the plane: every row of the window
          // that is inside the image. The rest is padding above or below.
          int lo = Math.min(end, Math.max(p0, -shift));
          int hi = Math.max(lo, Math.min(end, plane - shift));
          Arrays.fill(cols, d + p0, d + lo, 0f);
          // Guarded: with no overlap, chBase + lo + shift may point past the array.
          if (hi > lo) System.arraycopy(x, chBase + lo + shift, cols, d + lo, hi - lo);
          Arrays.fill(cols, d + hi, d + end, 0f);
          zeroWrapped(w, dx, p0, end, cols, d);
        }
      }
    }
  }

  /** {@link #col2imBlock} for {@link #flat} geometries; clears the wrapped columns of {@code cols}. */
  private static void col2imFlat(ConvGeometry g, float[] gx, int xBase, int c0, int c1, int p0, int pb, float[] cols,
      int stride, Tiles tiles) {
    int w = g.w();
    int plane = g.h() * w;
    int end = p0 + pb;
    int row = 0;
    for (int ch = c0; ch < c1; ch++) {
      int chBase = xBase + ch * plane;
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++, row++) {
          int dx = kj * g.dilationW() - g.padW();
          int shift = (ki * g.dilationH() - g.padH()) * w + dx;
          int d = row * stride - p0;
          // Values of wrapped columns belong to padding: drop them, then add the row as one run.
          zeroWrapped(w, dx, p0, end, cols, d);
          int lo = Math.min(end, Math.max(p0, -shift));
          int hi = Math.max(lo, Math.min(end, plane - shift));
          if (tiles != null && hi > lo) {
            tiles.addRow(gx, chBase + lo + shift, cols, d + lo, hi - lo);
          } else {
            for (int q = lo; q < hi; q++) gx[chBase + q + shift] += cols[d + q];
          }
        }
      }
    }
  }

  /**
   * Zeroes {@code cols[d + p]} for positions p in {@code [p0, end)} whose column ox (p mod w) reads
   * outside the image's width at horizontal offset {@code dx}: ox + dx < 0 or ox + dx >= w.
   */
  private static void zeroWrapped(int w, int dx, int p0, int end, float[] cols, int d) {
    int oxLo = Math.min(w, Math.max(0, -dx));
    int oxHi = Math.max(oxLo, Math.min(w, w - dx));
    if (oxLo == 0 && oxHi == w) return;
    // Column by column down the rows: a counted loop per edge column, no per-element range test
    // (measured 0.9-0.95x the forward's time against a row-by-row scan).
    int first = p0 / w * w;
    for (int ox = 0; ox < w; ox++) {
      if (ox == oxLo) ox = oxHi;
      if (ox >= w) break;
      int p = first + ox;
      if (p < p0) p += w;
      for (; p < end; p += w) cols[d + p] = 0f;
    }
  }

  /**
   * Row stride of a column buffer holding {@code positions} columns: rounded to whole cache lines
   * plus one, so that rows a power of two apart (1024 positions) do not share an L1 set.
   */
  private static int paddedStride(int positions) { return roundUp(positions, 16) + 16; }

  private static int roundUp(int x, int multiple) { return (x + multiple - 1) / multiple * multiple; }
}
