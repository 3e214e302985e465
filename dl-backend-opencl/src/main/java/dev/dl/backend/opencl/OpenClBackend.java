package dev.dl.backend.opencl;

import static org.jocl.CL.*;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Backend;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jocl.Pointer;
import org.jocl.cl_mem;

/**
 * The kernels of one OpenCL device. Work is enqueued on one in-order queue and runs
 * asynchronously; {@link #read} and {@link #synchronize} wait. Launches are serialised on this
 * object because OpenCL kernel arguments are shared state.
 *
 * <pre>{@code
 * Backend b = Backends.backend(Device.of("opencl:0"));
 * Storage s = b.allocate(DType.FLOAT32, 1024);
 * }</pre>
 */
final class OpenClBackend implements Backend {
  /** Staged host copies of non-blocking writes are held until the queue drains; drain above this. */
  private static final long MAX_PENDING_STAGING = 64L << 20;
  private static final Set<Op> INT_DIVISION = EnumSet.of(Op.FLOOR_DIVIDE, Op.FMOD, Op.REMAINDER);

  private final Device device;
  private final ClContext ctx;
  private final Set<DType> dtypes;
  private final cl_mem errorFlag;
  private final ByteBuffer zeroFlag = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
  private final List<ByteBuffer> pendingStaging = new ArrayList<>();
  private long pendingBytes;
  private final ClReductions reductions;
  private final ClLinalg linalg;
  private final ClIndexing indexing;

  OpenClBackend(int index, ClDevices.Info info) {
    this.device = new Device("opencl", index);
    this.ctx = new ClContext(info, device.toString());
    EnumSet<DType> d = EnumSet.of(DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16, DType.INT8, DType.UINT8, DType.INT16,
        DType.INT32, DType.INT64, DType.BOOL);
    if (info.fp64()) d.add(DType.FLOAT64);
    this.dtypes = Collections.unmodifiableSet(d);
    this.errorFlag = clCreateBuffer(ctx.context, CL_MEM_READ_WRITE, 4, null, null);
    this.reductions = new ClReductions(ctx);
    this.linalg = new ClLinalg(ctx);
    this.indexing = new ClIndexing(ctx);
  }

  ClContext context() { return ctx; }

  @Override
  public Device device() { return device; }

  @Override
  public Set<DType> dtypes() { return dtypes; }

  // ---- memory ----

  @Override
  public Storage allocate(DType dtype, int length) {
    return new ClStorage(ctx.pool, dtype, length, device);
  }

  @Override
  public synchronized void write(Storage dst, int dstOffset, Object hostArray, int srcOffset, int length) {
    if (length == 0) return;
    DType dt = dst.dtype();
    int size = dt.itemSize();
    // Copying the host slice first lets the write be non-blocking: the caller may reuse its array.
    ByteBuffer staging = ByteBuffer.allocateDirect(length * size).order(ByteOrder.nativeOrder());
    switch (hostArray) {
      case float[] a -> staging.asFloatBuffer().put(a, srcOffset, length);
      case double[] a -> staging.asDoubleBuffer().put(a, srcOffset, length);
      case int[] a -> staging.asIntBuffer().put(a, srcOffset, length);
      case long[] a -> staging.asLongBuffer().put(a, srcOffset, length);
      case short[] a -> staging.asShortBuffer().put(a, srcOffset, length);
      case byte[] a -> staging.put(a, srcOffset, length);
      default -> throw new IllegalArgumentException("write to " + device + ": host array " + hostArray.getClass()
          .getSimpleName() + " does not match dtype " + dt + " (expected " + dt.hostArrayType().getSimpleName() + ")");
    }
    clEnqueueWriteBuffer(ctx.queue, mem(dst), CL_FALSE, (long) dstOffset * size, (long) length * size,
        Pointer.to(staging), 0, null, null);
    clFlush(ctx.queue);
    pendingStaging.add(staging);
    pendingBytes += staging.capacity();
    if (pendingBytes > MAX_PENDING_STAGING) synchronize();
  }

  @Override
  public synchronized void read(Storage src, int srcOffset, Object hostArray, int dstOffset, int length) {
    if (length == 0) return;
    int size = src.dtype().itemSize();
    Pointer p = switch (hostArray) {
      case float[] a -> Pointer.to(a);
      case double[] a -> Pointer.to(a);
      case int[] a -> Pointer.to(a);
      case long[] a -> Pointer.to(a);
      case short[] a -> Pointer.to(a);
      case byte[] a -> Pointer.to(a);
      default -> throw new IllegalArgumentException("read from " + device + ": host array " + hostArray.getClass()
          .getSimpleName() + " does not match dtype " + src.dtype());
    };
    clEnqueueReadBuffer(ctx.queue, mem(src), CL_TRUE, (long) srcOffset * size, (long) length * size,
        p.withByteOffset((long) dstOffset * size), 0, null, null);
    // The queue is in order: every earlier write has completed, so its staging copy can go.
    pendingStaging.clear();
    pendingBytes = 0;
  }

  @Override
  public synchronized void synchronize() {
    clFinish(ctx.queue);
    pendingStaging.clear();
    pendingBytes = 0;
  }

  static cl_mem mem(Storage s) { return ((ClStorage) s).mem(); }

  static ClStorage st(Operand o) { return (ClStorage) o.storage(); }

  // ---- elementwise ----

  @Override
  public synchronized void fill(Operand out, Number value) {
    int n = out.numel();
    if (n == 0) return;
    DType dt = out.dtype();
    Launch l = ctx.launch("elementwise", dt, "fill")
        .storage(st(out)).i(out.offset()).meta(Layout.meta(out.shape(), out.strides())).i(n);
    switch (ClTypes.compute(dt)) {
      case "float" -> l.f(value.floatValue());
      case "double" -> l.d(value.doubleValue());
      case "long" -> l.l(value.longValue());
      default -> l.i((int) value.longValue());
    }
    l.run1d(n);
  }

  @Override
  public synchronized void copy(Operand out, Operand x) {
    int n = out.numel();
    if (n == 0) return;
    int[] meta = Layout.meta(out.shape(), out.strides(), x.strides());
    if (out.dtype() == x.dtype() && meta[0] <= 1 && (meta[0] == 0 || (meta[2] == 1 && meta[3] == 1))
        && out.storage() != x.storage()) {
      long size = out.dtype().itemSize();
      clEnqueueCopyBuffer(ctx.queue, mem(x.storage()), mem(out.storage()), x.offset() * size, out.offset() * size,
          n * size, 0, null, null);
      clFlush(ctx.queue);
      return;
    }
    ctx.launch("cast", x.dtype(), "cast")
        .storage(st(x)).i(x.offset()).storage(st(out)).i(out.offset()).meta(meta).i(n).i(out.dtype().ordinal())
        .run1d(n);
  }

  @Override
  public synchronized void unary(Op op, Operand out, Operand x) {
    int n = out.numel();
    if (n == 0) return;
    ctx.launch("elementwise", x.dtype(), elementwise(x.dtype(), out.dtype(), "unary"))
        .storage(st(x)).i(x.offset()).storage(st(out)).i(out.offset())
        .meta(Layout.meta(out.shape(), out.strides(), x.strides())).i(n).i(op.ordinal())
        .run1d(n);
  }

  @Override
  public synchronized void binary(Op op, Operand out, Operand a, Operand b) {
    int n = out.numel();
    if (n == 0) return;
    boolean checkZero = INT_DIVISION.contains(op) && !a.dtype().isFloatingPoint();
    if (checkZero) {
      clEnqueueWriteBuffer(ctx.queue, errorFlag, CL_FALSE, 0, 4, Pointer.to(zeroFlag), 0, null, null);
    }
    ctx.launch("elementwise", a.dtype(), elementwise(a.dtype(), out.dtype(), "binary"))
        .storage(st(a)).i(a.offset()).storage(st(b)).i(b.offset()).storage(st(out)).i(out.offset())
        .meta(Layout.meta(out.shape(), out.strides(), a.strides(), b.strides())).i(n).i(op.ordinal()).mem(errorFlag)
        .run1d(n);
    if (checkZero) {
      int[] flag = new int[1];
      clEnqueueReadBuffer(ctx.queue, errorFlag, CL_TRUE, 0, 4, Pointer.to(flag), 0, null, null);
      if (flag[0] != 0) {
        throw new ArithmeticException(op.displayName() + ": integer division by zero on " + device + " ("
            + a.dtype() + " tensors of shape " + java.util.Arrays.toString(out.shape())
            + "); check the divisor or convert to a floating-point dtype first");
      }
    }
  }

  /** The kernel name in x's dtype program; bool results from other dtypes use its {@code _to_bool} twin. */
  private static String elementwise(DType in, DType out, String name) {
    boolean toBool = out == DType.BOOL && in != DType.BOOL;
    assert toBool || in == out : name + " " + in + " -> " + out;
    return toBool ? name + "_to_bool" : name;
  }

  @Override
  public synchronized void where(Operand out, Operand cond, Operand a, Operand b) {
    int n = out.numel();
    if (n == 0) return;
    ctx.launch("elementwise", a.dtype(), "where_select")
        .storage(st(cond)).i(cond.offset()).storage(st(a)).i(a.offset()).storage(st(b)).i(b.offset())
        .storage(st(out)).i(out.offset())
        .meta(Layout.meta(out.shape(), out.strides(), cond.strides(), a.strides(), b.strides())).i(n)
        .run1d(n);
  }

  // ---- the rest delegates to the kernel families ----

  @Override
  public synchronized void reduce(Op op, Operand out, Operand x, int[] dims) { reductions.reduce(op, out, x, dims); }

  @Override
  public synchronized void scan(Op op, Operand out, Operand x, int dim) { reductions.scan(op, out, x, dim); }

  @Override
  public synchronized boolean softmax(Op op, Operand out, Operand x, int dim) {
    return reductions.softmax(op, out, x, dim);
  }

  @Override
  public synchronized void matmul(Operand out, Operand a, Operand b) { linalg.matmul(out, a, b); }

  @Override
  public synchronized void im2col(Operand out, Operand x, ConvGeometry g) { linalg.im2col(out, x, g); }

  @Override
  public synchronized void col2im(Operand out, Operand cols, ConvGeometry g) { linalg.col2im(out, cols, g); }

  @Override
  public synchronized void gather(Operand out, Operand x, int dim, Operand index) {
    indexing.gather(out, x, dim, index);
  }

  @Override
  public synchronized void scatter(Op op, Operand out, int dim, Operand index, Operand src) {
    indexing.scatter(op, out, dim, index, src);
  }

  @Override
  public synchronized void random(Op op, Operand out, long seed, long offset) {
    indexing.random(op, out, seed, offset);
  }

  @Override
  public String toString() { return "OpenClBackend[" + device + ": " + ctx.info.describe() + "]"; }
}
