package dev.dl.backend.cuda;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Backend;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * One CUDA device. Every kernel and copy goes to one stream of the device's primary context, in
 * issue order; {@link #read} and {@link #synchronize} wait for it. Kernels get operands as
 * {@code Dims}/{@code Strides} structs (see {@link CudaLayout}) and handle any strides.
 */
final class CudaBackend implements Backend {
  private static final System.Logger LOG = System.getLogger("dev.dl.backend.cuda");
  private static final Set<DType> DTYPES = Collections.unmodifiableSet(EnumSet.allOf(DType.class));

  private final CudaDriver driver;
  private final Device device;
  private final CudaDriver.DeviceInfo info;
  private final Object context;
  private final Object stream;
  private final CachingAllocator allocator;
  private final PinnedStaging staging;
  private final Kernels kernels;
  private final BlasGemm blas;

  /**
   * Opens device {@code ordinal}. {@code blasFactory} builds the vendor GEMM for the stream, or
   * throws (a LinkageError when libcublas is missing); the backend then uses its own kernel.
   */
  CudaBackend(CudaDriver driver, int ordinal, Function<Object, BlasGemm> blasFactory) {
    this.driver = driver;
    this.device = new Device("cuda", ordinal);
    this.info = driver.device(ordinal);
    int target = PtxLibrary.targetFor(info.computeCapability());
    if (target < 0) {
      throw new IllegalStateException(device + " (" + info.name() + ") has compute capability " + info.major() + "."
          + info.minor() + "; the CUDA backend ships PTX for sm_80 and newer only");
    }
    this.context = driver.retainPrimaryContext(ordinal);
    driver.makeCurrent(context);
    this.stream = driver.createStream();
    this.allocator = new CachingAllocator(driver, device.toString(), CachingAllocator::collectGarbage);
    this.staging = new PinnedStaging(driver, stream, PinnedStaging.DEFAULT_CHUNK_BYTES);
    this.kernels = new Kernels(driver, target);
    this.blas = loadBlas(blasFactory);
    LOG.log(Level.INFO, "{0}: {1}, compute capability {2}.{3}, kernels from sm_{4} PTX; float32/float64 matmul via {5}",
        device, info.name(), info.major(), info.minor(), target,
        blas == null ? "the built-in tiled kernel" : blas.description());
  }

  private BlasGemm loadBlas(Function<Object, BlasGemm> factory) {
    try {
      return factory.apply(stream);
    } catch (LinkageError | RuntimeException e) {
      LOG.log(Level.INFO, "{0}: cuBLAS not used ({1}); matmul uses the built-in tiled kernel", device, e.toString());
      return null;
    }
  }

  /** The JCuda-backed factory: cuBLAS if its native library loads. */
  static BlasGemm cublas(Object stream) { return CublasGemm.create(stream); }

  @Override
  public Device device() { return device; }

  @Override
  public Set<DType> dtypes() { return DTYPES; }

  @Override
  public boolean supportsPinnedMemory() { return true; }

  boolean usesBlas() { return blas != null; }

  CachingAllocator allocator() { return allocator; }

  /** Makes this device's context current on the calling thread (driver calls need it). */
  private void bind() { driver.makeCurrent(context); }

  // ---------------------------------------------------------------- memory

  @Override
  public Storage allocate(DType dtype, int length) {
    bind();
    long bytes = Math.max(1L, length) * dtype.itemSize();
    return new CudaStorage(dtype, length, device, allocator, allocator.allocate(bytes));
  }

  @Override
  public void write(Storage dst, int dstOffset, Object hostArray, int srcOffset, int length) {
    if (length == 0) return;
    bind();
    staging.write(ptr(dst).plus((long) dstOffset * dst.dtype().itemSize()), dst.dtype(), hostArray, srcOffset, length);
  }

  @Override
  public void read(Storage src, int srcOffset, Object hostArray, int dstOffset, int length) {
    bind();
    if (length == 0) {
      driver.synchronizeStream(stream);
      return;
    }
    staging.read(ptr(src).plus((long) srcOffset * src.dtype().itemSize()), src.dtype(), hostArray, dstOffset, length);
  }

  @Override
  public void synchronize() {
    bind();
    driver.synchronizeStream(stream);
  }

  /** Returns every cached block to the driver (PyTorch's torch.cuda.empty_cache()). */
  void emptyCache() {
    bind();
    driver.synchronizeStream(stream);
    allocator.emptyCache();
  }

  private CudaDriver.DevicePtr ptr(Storage s) {
    if (!(s instanceof CudaStorage cs)) {
      throw new IllegalArgumentException("storage on " + s.device() + " passed to the " + device + " backend");
    }
    return cs.ptr();
  }

  private CudaDriver.DevicePtr ptr(Operand o) { return ptr(o.storage()); }

  /** The address of an operand's element [0, 0, ...] (for kernels that take contiguous pointers). */
  private CudaDriver.DevicePtr at(Operand o) { return ptr(o).plus((long) o.offset() * o.dtype().itemSize()); }

  private void launch(String kernel, LaunchConfig config, Object... args) {
    bind();
    driver.launch(kernels.get(kernel), config, stream, args);
  }

  // ---------------------------------------------------------------- elementwise

  @Override
  public void fill(Operand out, Number value) {
    CudaLayout.Plan p = CudaLayout.plan("fill", out.shape(), out.strides());
    long n = p.numel();
    if (n == 0) return;
    launch(KernelNames.of("fill", out.dtype()), LaunchConfig.elementwise(n),
        n, p.dims(), p.strides(0, out.offset()), ptr(out), value.doubleValue(), value.longValue());
  }

  @Override
  public void copy(Operand out, Operand x) {
    CudaLayout.Plan p = CudaLayout.plan("copy", out.shape(), out.strides(), x.strides());
    long n = p.numel();
    if (n == 0) return;
    if (out.dtype() == x.dtype() && p.shape().length == 1 && p.strides()[0][0] == 1 && p.strides()[1][0] == 1) {
      bind();
      driver.copyDtoD(at(out), at(x), n * out.dtype().itemSize(), stream);  // dense: one DMA copy
      return;
    }
    launch(KernelNames.copy(x.dtype(), out.dtype()), LaunchConfig.elementwise(n),
        n, p.dims(), p.strides(0, out.offset()), ptr(out), p.strides(1, x.offset()), ptr(x));
  }

  @Override
  public void unary(Op op, Operand out, Operand x) {
    CudaLayout.Plan p = CudaLayout.plan(op.displayName(), out.shape(), out.strides(), x.strides());
    long n = p.numel();
    if (n == 0) return;
    String family = Op.PREDICATE.contains(op) ? "predicate" : "unary";
    launch(KernelNames.of(family, x.dtype()), LaunchConfig.elementwise(n), KernelNames.code(op),
        n, p.dims(), p.strides(0, out.offset()), ptr(out), p.strides(1, x.offset()), ptr(x));
  }

  @Override
  public void binary(Op op, Operand out, Operand a, Operand b) {
    CudaLayout.Plan p = CudaLayout.plan(op.displayName(), out.shape(), out.strides(), a.strides(), b.strides());
    long n = p.numel();
    if (n == 0) return;
    String family = Op.COMPARISON.contains(op) ? "compare" : "binary";
    launch(KernelNames.of(family, a.dtype()), LaunchConfig.elementwise(n), KernelNames.code(op),
        n, p.dims(), p.strides(0, out.offset()), ptr(out), p.strides(1, a.offset()), ptr(a),
        p.strides(2, b.offset()), ptr(b));
  }

  @Override
  public void where(Operand out, Operand cond, Operand a, Operand b) {
    CudaLayout.Plan p = CudaLayout.plan("where", out.shape(), out.strides(), cond.strides(), a.strides(), b.strides());
    long n = p.numel();
    if (n == 0) return;
    launch(KernelNames.of("where", out.dtype()), LaunchConfig.elementwise(n),
        n, p.dims(), p.strides(0, out.offset()), ptr(out), p.strides(1, cond.offset()), ptr(cond),
        p.strides(2, a.offset()), ptr(a), p.strides(3, b.offset()), ptr(b));
  }

  // ---------------------------------------------------------------- reductions and scans

  @Override
  public void reduce(Op op, Operand out, Operand x, int[] dims) {
    boolean[] reduced = new boolean[x.dim()];
    for (int d : dims) reduced[d] = true;
    Split s = Split.of(x, out, reduced);
    CudaLayout.Plan kept = CudaLayout.plan(op.displayName(), s.keptShape, s.outKept, s.xKept);
    long nOut = kept.numel();
    if (nOut == 0) return;
    if (op == Op.ARGMAX || op == Op.ARGMIN) {
      int d = dims[0];
      launch(KernelNames.of("argreduce", x.dtype()), LaunchConfig.reduction(nOut, x.shape()[d]), KernelNames.code(op),
          nOut, kept.dims(), kept.strides(0, out.offset()), ptr(out), kept.strides(1, x.offset()),
          (long) x.shape()[d], x.strides()[d], ptr(x));
      return;
    }
    CudaLayout.Plan red = CudaLayout.plan(op.displayName(), s.redShape, s.xRed);
    long nRed = red.numel();
    launch(KernelNames.of("reduce", x.dtype()), LaunchConfig.reduction(nOut, nRed), KernelNames.code(op),
        nOut, kept.dims(), kept.strides(0, out.offset()), ptr(out), kept.strides(1, x.offset()),
        red.dims(), red.strides(0, 0), nRed, ptr(x));
  }

  @Override
  public void scan(Op op, Operand out, Operand x, int dim) {
    boolean[] along = new boolean[x.dim()];
    along[dim] = true;
    Split s = Split.of(x, out, along);
    CudaLayout.Plan lines = CudaLayout.plan(op.displayName(), s.keptShape, s.outKept, s.xKept);
    long nLines = lines.numel();
    int len = x.shape()[dim];
    if (nLines == 0 || len == 0) return;
    launch(KernelNames.of("scan", x.dtype()), LaunchConfig.elementwise(nLines), KernelNames.code(op),
        nLines, lines.dims(), lines.strides(0, out.offset()), ptr(out), lines.strides(1, x.offset()), ptr(x),
        len, out.strides()[dim], x.strides()[dim]);
  }

  @Override
  public boolean softmax(Op op, Operand out, Operand x, int dim) {
    if (!x.dtype().isFloatingPoint()) return false;
    boolean[] along = new boolean[x.dim()];
    along[dim] = true;
    Split s = Split.of(x, out, along);
    CudaLayout.Plan rows = CudaLayout.plan(op.displayName(), s.keptShape, s.outKept, s.xKept);
    long nRows = rows.numel();
    int len = x.shape()[dim];
    if (nRows == 0 || len == 0) return true;
    launch(KernelNames.of("softmax", x.dtype()), LaunchConfig.reduction(nRows, len), KernelNames.code(op),
        nRows, rows.dims(), rows.strides(0, out.offset()), ptr(out), rows.strides(1, x.offset()), ptr(x),
        len, out.strides()[dim], x.strides()[dim]);
    return true;
  }

  /** x's dims split into kept ones (with x's and out's strides) and reduced ones (with x's strides). */
  private record Split(int[] keptShape, int[] outKept, int[] xKept, int[] redShape, int[] xRed) {
    static Split of(Operand x, Operand out, boolean[] reduced) {
      int r = 0;
      for (boolean b : reduced) if (b) r++;
      int k = x.dim() - r;
      int[] keptShape = new int[k], outKept = new int[k], xKept = new int[k], redShape = new int[r], xRed = new int[r];
      int ki = 0, ri = 0;
      for (int d = 0; d < x.dim(); d++) {
        if (reduced[d]) {
          redShape[ri] = x.shape()[d];
          xRed[ri++] = x.strides()[d];
        } else {
          keptShape[ki] = x.shape()[d];
          outKept[ki] = out.strides()[d];
          xKept[ki++] = x.strides()[d];
        }
      }
      return new Split(keptShape, outKept, xKept, redShape, xRed);
    }
  }

  // ---------------------------------------------------------------- linear algebra and convolution

  @Override
  public void matmul(Operand out, Operand a, Operand b) {
    int batch = a.shape()[0], m = a.shape()[1], k = a.shape()[2], n = b.shape()[2];
    if ((long) batch * m * n == 0) return;
    if (blas != null && k > 0 && (a.dtype() == DType.FLOAT32 || a.dtype() == DType.FLOAT64)) {
      BlasGemm.Matrix am = blasMatrix(a, m, k), bm = blasMatrix(b, k, n);
      if (am != null && bm != null) {
        bind();
        blas.gemm(a.dtype(), batch, m, n, k, am, bm, at(out));
        return;
      }
    }
    launch(KernelNames.of("gemm", a.dtype()), LaunchConfig.gemm(batch, m, n), batch, m, n, k,
        ptr(a), a.offset(), batchStride(a), a.strides()[1], a.strides()[2],
        ptr(b), b.offset(), batchStride(b), b.strides()[1], b.strides()[2], ptr(out), out.offset());
  }

  private static int batchStride(Operand o) { return o.shape()[0] == 1 ? 0 : o.strides()[0]; }

  /**
   * The cuBLAS view of a [B, rows, cols] operand: row-major (unit column stride) or column-major
   * (unit row stride) with a valid leading dimension; null for other layouts (the tiled kernel
   * takes those).
   */
  static BlasGemm.Matrix blasMatrix(Operand o, int rows, int cols) {
    int rs = o.strides()[1], cs = o.strides()[2];
    CudaDriver.DevicePtr base = ((CudaStorage) o.storage()).ptr().plus((long) o.offset() * o.dtype().itemSize());
    if ((cs == 1 || cols == 1) && rs >= Math.max(1, cols)) return new BlasGemm.Matrix(base, rs, batchStride(o), false);
    if ((rs == 1 || rows == 1) && cs >= Math.max(1, rows)) return new BlasGemm.Matrix(base, cs, batchStride(o), true);
    return null;
  }

  private static int[] geometry(ConvGeometry g) {
    return new int[] {g.n(), g.c(), g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(), g.padH(), g.padW(),
        g.dilationH(), g.dilationW(), g.outH(), g.outW()};
  }

  @Override
  public void im2col(Operand out, Operand x, ConvGeometry g) {
    long total = (long) g.n() * g.colRows() * g.colCols();
    if (total == 0) return;
    int[] s = x.strides();
    launch(KernelNames.of("im2col", x.dtype()), LaunchConfig.elementwise(total), geometry(g),
        ptr(x), x.offset(), s[0], s[1], s[2], s[3], at(out));
  }

  @Override
  public void col2im(Operand out, Operand cols, ConvGeometry g) {
    long total = (long) g.n() * g.c() * g.h() * g.w();
    if (total == 0) return;
    int[] s = cols.strides();
    launch(KernelNames.of("col2im", cols.dtype()), LaunchConfig.elementwise(total), geometry(g),
        ptr(cols), cols.offset(), s[0], s[1], s[2], at(out));
  }

  // ---------------------------------------------------------------- indexing

  @Override
  public void gather(Operand out, Operand x, int dim, Operand index) {
    long n = out.numel();
    if (n == 0) return;
    launch(KernelNames.of("gather", x.dtype()), LaunchConfig.elementwise(n),
        n, CudaLayout.packDims(out.shape()), CudaLayout.packStrides(out.offset(), out.strides()), ptr(out),
        CudaLayout.packStrides(x.offset(), x.strides()), ptr(x), dim, x.shape()[dim],
        CudaLayout.packStrides(index.offset(), index.strides()), ptr(index));
  }

  @Override
  public void scatter(Op op, Operand out, int dim, Operand index, Operand src) {
    long n = index.numel();
    if (n == 0) return;
    launch(KernelNames.of("scatter", out.dtype()), LaunchConfig.elementwise(n), KernelNames.code(op),
        n, CudaLayout.packDims(index.shape()), CudaLayout.packStrides(out.offset(), out.strides()), ptr(out),
        dim, out.shape()[dim], CudaLayout.packStrides(index.offset(), index.strides()), ptr(index),
        CudaLayout.packStrides(src.offset(), src.strides()), ptr(src));
  }

  // ---------------------------------------------------------------- random

  @Override
  public void random(Op op, Operand out, long seed, long offset) {
    long n = out.numel();
    if (n == 0) return;
    launch(KernelNames.of("random", out.dtype()), LaunchConfig.elementwise(n), KernelNames.code(op),
        n, ptr(out), out.offset(), seed, offset);
  }

  @Override
  public String toString() { return "CudaBackend[" + device + ", " + info.name() + "]"; }
}
