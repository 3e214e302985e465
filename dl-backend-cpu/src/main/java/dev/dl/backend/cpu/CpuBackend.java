package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Backend;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.lang.ref.Reference;
import java.util.EnumSet;
import java.util.Set;

/**
 * The CPU device: heap arrays as storage, kernels run synchronously on the caller's thread and the
 * backend's fork/join pool. Kernels trust their operands (the dispatcher checked them) and only
 * assert.
 */
final class CpuBackend implements Backend {
  private static final Set<DType> DTYPES = EnumSet.allOf(DType.class);

  private final Simd simd;
  private final Elementwise elementwise;
  private final Reductions reductions;
  private final Lines lines;
  private final Gemm gemm;
  private final Conv conv;
  private final ConvKernels convKernels;
  private final Indexing indexing;
  private final RandomFill random;
  private final Pooling pooling;
  private final Device device;

  /** A backend with the run-time choice of inner loops and the shared pool. */
  CpuBackend() { this(SimdProvider.get(), Parallel.shared()); }

  /** A backend with the given inner loops and pool; tests use it to compare implementations. */
  CpuBackend(Simd simd, Parallel parallel) { this(simd, parallel, Device.CPU); }

  /**
   * A backend that reports itself as {@code device}; tests use a second host-memory device to
   * exercise cross-device copies and device-mismatch errors on machines with only a CPU.
   */
  CpuBackend(Simd simd, Parallel parallel, Device device) {
    this.device = device;
    this.simd = simd;
    this.elementwise = new Elementwise(simd, parallel);
    this.reductions = new Reductions(simd, parallel);
    this.lines = new Lines(simd, parallel);
    this.gemm = new Gemm(simd, parallel);
    this.conv = new Conv(parallel);
    this.convKernels = new ConvKernels(gemm, simd, parallel);
    this.indexing = new Indexing(parallel);
    this.random = new RandomFill(parallel);
    this.pooling = new Pooling(parallel);
  }

  /** Which inner loops this backend uses, e.g. "Vector API, 512-bit". */
  String kernels() { return simd.description(); }

  @Override
  public Device device() { return device; }

  @Override
  public Set<DType> dtypes() { return DTYPES; }

  @Override
  public Storage allocate(DType dtype, int length) {
    if (length < 0) throw new IllegalArgumentException("cannot allocate " + length + " elements of " + dtype);
    // Large arrays are recycled (contents unspecified, as the contract allows): see ArrayPool.
    return new CpuStorage(dtype, length, device, ArrayPool.shared());
  }

  @Override
  public void write(Storage dst, int dstOffset, Object hostArray, int srcOffset, int length) {
    System.arraycopy(hostArray, srcOffset, CpuStorage.data(dst), dstOffset, length);
    Reference.reachabilityFence(dst);
  }

  @Override
  public void read(Storage src, int srcOffset, Object hostArray, int dstOffset, int length) {
    System.arraycopy(CpuStorage.data(src), srcOffset, hostArray, dstOffset, length);
    Reference.reachabilityFence(src);
  }

  @Override
  public void fill(Operand out, Number value) {
    elementwise.fill(out, value);
    Reference.reachabilityFence(out);
  }

  @Override
  public void copy(Operand out, Operand x) {
    elementwise.copy(out, x);
    keepAlive(out, x);
  }

  @Override
  public void unary(Op op, Operand out, Operand x) {
    assert Op.UNARY.contains(op) : op;
    elementwise.unary(op, out, x);
    keepAlive(out, x);
  }

  @Override
  public void binary(Op op, Operand out, Operand a, Operand b) {
    assert Op.BINARY.contains(op) : op;
    assert a.dtype() == b.dtype() : a.dtype() + " vs " + b.dtype();
    elementwise.binary(op, out, a, b);
    keepAlive(out, a, b);
  }

  @Override
  public void where(Operand out, Operand cond, Operand a, Operand b) {
    assert cond.dtype() == DType.BOOL;
    elementwise.where(out, cond, a, b);
    keepAlive(out, cond, a, b);
  }

  @Override
  public void reduce(Op op, Operand out, Operand x, int[] dims) {
    assert Op.REDUCE.contains(op) && dims.length > 0 : op;
    reductions.reduce(op, out, x, dims);
    keepAlive(out, x);
  }

  @Override
  public void scan(Op op, Operand out, Operand x, int dim) {
    assert Op.SCAN.contains(op) : op;
    lines.scan(op, out, x, dim);
    keepAlive(out, x);
  }

  @Override
  public void matmul(Operand out, Operand a, Operand b) {
    assert (out.numel() == 0 || out.isContiguous()) && out.dim() == 3;
    gemm.matmul(out, a, b);
    keepAlive(out, a, b);
  }

  @Override
  public void im2col(Operand out, Operand x, ConvGeometry g) {
    conv.im2col(out, x, g);
    keepAlive(out, x);
  }

  @Override
  public void col2im(Operand out, Operand cols, ConvGeometry g) {
    conv.col2im(out, cols, g);
    keepAlive(out, cols);
  }

  @Override
  public void gather(Operand out, Operand x, int dim, Operand index) {
    indexing.gather(out, x, dim, index);
    keepAlive(out, x, index);
  }

  @Override
  public void scatter(Op op, Operand out, int dim, Operand index, Operand src) {
    assert op == Op.SCATTER || op == Op.SCATTER_ADD : op;
    indexing.scatter(op, out, dim, index, src);
    keepAlive(out, index, src);
  }

  @Override
  public boolean maxPool2d(Operand values, Operand indices, Operand x, ConvGeometry g) {
    boolean done = pooling.maxPool2d(values, indices, x, g);
    keepAlive(values, indices, x);
    return done;
  }

  @Override
  public void random(Op op, Operand out, long seed, long offset) {
    assert op == Op.RANDOM_UNIFORM || op == Op.RANDOM_NORMAL : op;
    random.random(op, out, seed, offset);
    Reference.reachabilityFence(out);
  }

  @Override
  public boolean softmax(Op op, Operand out, Operand x, int dim) {
    if (!x.dtype().isFloatingPoint() || (op != Op.SOFTMAX && op != Op.LOG_SOFTMAX)) return false;
    lines.softmax(op, out, x, dim);
    keepAlive(out, x);
    return true;
  }

  @Override
  public boolean conv2d(Operand out, Operand x, Operand weight, Operand bias, ConvGeometry g, int groups) {
    boolean done = convKernels.forward(out, x, weight, bias, g, groups);
    keepAlive(out, x, weight, bias);
    return done;
  }

  @Override
  public boolean conv2dBackwardInput(Operand gradX, Operand gradOut, Operand weight, ConvGeometry g, int groups) {
    boolean done = convKernels.backwardInput(gradX, gradOut, weight, g, groups);
    keepAlive(gradX, gradOut, weight);
    return done;
  }

  @Override
  public boolean conv2dBackwardWeight(Operand gradWeight, Operand gradOut, Operand x, ConvGeometry g, int groups) {
    boolean done = convKernels.backwardWeight(gradWeight, gradOut, x, g, groups);
    keepAlive(gradWeight, gradOut, x);
    return done;
  }

  /**
   * Keeps the operands, and so their storages, reachable until the kernel is done. A kernel holds
   * only the arrays; without this a temporary the caller no longer references could be collected
   * mid-kernel and its array handed to another thread's allocation by the {@link ArrayPool}. A
   * kernel that throws has stopped touching its arrays, so the fences need no finally.
   */
  private static void keepAlive(Operand a, Operand b) {
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
  }

  private static void keepAlive(Operand a, Operand b, Operand c) {
    keepAlive(a, b);
    Reference.reachabilityFence(c);
  }

  private static void keepAlive(Operand a, Operand b, Operand c, Operand d) {
    keepAlive(a, b, c);
    Reference.reachabilityFence(d);
  }

  @Override
  public String toString() { return "CpuBackend[" + simd.description() + "]"; }
}
