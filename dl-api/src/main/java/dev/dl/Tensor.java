package dev.dl;

import dev.dl.spi.Backend;
import dev.dl.spi.GradNode;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import dev.dl.spi.VersionCounter;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array on a device, with PyTorch's semantics: broadcasting, type promotion,
 * views that share storage, in-place ops ending in {@code _}, and autograd slots.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(2, 3);
 * Tensor y = x.matmul(x.t()).relu().sum();   // tensor(4.2170)
 * }</pre>
 *
 * <p>Creation functions place tensors on {@link Device#defaultDevice()}. A tensor is a storage
 * (owned by its device's backend) plus shape, strides and offset; movement ops ({@link #view},
 * {@link #permute}, {@link #expand}, slicing) only change those and never copy.
 */
public final class Tensor {
  final Backend backend;
  final Storage storage;
  final DType dtype;
  final int[] shape;
  final int[] strides;
  final int offset;
  final VersionCounter version;
  /** The tensor this one is a view of (the root of the view chain), or null. */
  final Tensor base;

  boolean requiresGrad;
  Tensor grad;
  GradNode gradFn;
  Object gradMeta;

  Tensor(Backend backend, Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
    this.backend = backend;
    this.storage = storage;
    this.dtype = storage.dtype();
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.base = base == null ? null : (base.base != null ? base.base : base);
    this.version = base == null ? new VersionCounter() : base.version;
  }

  static {
    GradAccessImpl.install();
  }

  // =====================================================================================
  // Creation
  // =====================================================================================

  /**
   * A tensor from a Java array of any rank; the element type picks the dtype ({@code float[][]}
   * gives float32, {@code double[]} float64, {@code int[]} int32, {@code long[]} int64,
   * {@code boolean[]} bool, {@code byte[]} int8, {@code short[]} int16). Ragged arrays are rejected.
   *
   * <pre>{@code
   * Tensor m = Tensor.of(new float[][] {{1, 2}, {3, 4}});
   * }</pre>
   */
  public static Tensor of(Object array) { return HostArrays.fromNested(array, Device.defaultDevice()); }

  /** A tensor of {@code shape} from a flat row-major array (an empty shape means 1-D). */
  public static Tensor of(float[] data, int... shape) { return HostArrays.fromFlat(data, DType.FLOAT32, shape); }

  /** A float64 tensor of {@code shape} from a flat row-major array. */
  public static Tensor of(double[] data, int... shape) { return HostArrays.fromFlat(data, DType.FLOAT64, shape); }

  /** An int32 tensor of {@code shape} from a flat row-major array. */
  public static Tensor of(int[] data, int... shape) { return HostArrays.fromFlat(data, DType.INT32, shape); }

  /** An int64 tensor of {@code shape} from a flat row-major array. */
  public static Tensor of(long[] data, int... shape) { return HostArrays.fromFlat(data, DType.INT64, shape); }

  /** A bool tensor of {@code shape} from a flat row-major array. */
  public static Tensor of(boolean[] data, int... shape) { return HostArrays.fromFlat(data, DType.BOOL, shape); }

  /** A tensor of any dtype from its host array type ({@link DType#hostArrayType()}) and a shape. */
  public static Tensor fromHost(Object hostArray, DType dtype, int[] shape, Device device) {
    return HostArrays.fromHost(hostArray, dtype, shape, device);
  }

  /** A zero-dim float32 tensor, like {@code torch.tensor(3.5)}. */
  public static Tensor scalar(double value) { return scalar(value, DType.FLOAT32); }

  /** A zero-dim int64 tensor. */
  public static Tensor scalar(long value) { return scalar(value, DType.INT64); }

  /** A zero-dim bool tensor. */
  public static Tensor scalar(boolean value) { return scalar(value ? 1L : 0L, DType.BOOL); }

  /** A zero-dim tensor of the given dtype on the default device. */
  public static Tensor scalar(Number value, DType dtype) {
    return Dispatch.scalar(value, dtype, Device.defaultDevice());
  }

  /** Zeros of this shape, float32. */
  public static Tensor zeros(int... shape) { return full(Shape.of(shape), 0, DType.FLOAT32, Device.defaultDevice()); }

  /** Zeros of this shape and dtype. */
  public static Tensor zeros(DType dtype, int... shape) { return full(Shape.of(shape), 0, dtype, Device.defaultDevice()); }

  /** Zeros of this shape, dtype and device. */
  public static Tensor zeros(Shape shape, DType dtype, Device device) { return full(shape, 0, dtype, device); }

  /** Ones of this shape, float32. */
  public static Tensor ones(int... shape) { return full(Shape.of(shape), 1, DType.FLOAT32, Device.defaultDevice()); }

  /** Ones of this shape and dtype. */
  public static Tensor ones(DType dtype, int... shape) { return full(Shape.of(shape), 1, dtype, Device.defaultDevice()); }

  /** Ones of this shape, dtype and device. */
  public static Tensor ones(Shape shape, DType dtype, Device device) { return full(shape, 1, dtype, device); }

  /** A tensor filled with {@code value}; the dtype follows the value (double: float32, long: int64). */
  public static Tensor full(Shape shape, Number value) {
    DType t = Dispatch.resultType(DType.BOOL, Dispatch.kindOf(value));
    return full(shape, value, t, Device.defaultDevice());
  }

  /** A tensor filled with {@code value}. */
  public static Tensor full(Shape shape, Number value, DType dtype, Device device) {
    Tensor t = Dispatch.empty(shape.raw(), dtype, device);
    if (t.numel() > 0) Dispatch.fill(t, value);
    return t;
  }

  /** Uninitialised float32 storage of this shape (contents unspecified). */
  public static Tensor empty(int... shape) { return Dispatch.empty(Shape.of(shape).raw(), DType.FLOAT32, Device.defaultDevice()); }

  /** Uninitialised storage of this shape, dtype and device (contents unspecified). */
  public static Tensor empty(Shape shape, DType dtype, Device device) { return Dispatch.empty(shape.raw(), dtype, device); }

  /** The n x n identity matrix, float32. */
  public static Tensor eye(int n) { return eye(n, n, DType.FLOAT32, Device.defaultDevice()); }

  /** An n x m matrix with ones on the diagonal. */
  public static Tensor eye(int n, int m, DType dtype, Device device) { return Creation.eye(n, m, dtype, device); }

  /** {@code [0, 1, ..., end-1]} as int64. */
  public static Tensor arange(long end) { return arange(0, end, 1); }

  /** {@code [start, start+step, ...)} up to {@code end} (exclusive), int64. */
  public static Tensor arange(long start, long end, long step) { return Creation.arange(start, end, step); }

  /** {@code [start, start+step, ...)} up to {@code end} (exclusive), float32. */
  public static Tensor arange(double start, double end, double step) { return Creation.arange(start, end, step); }

  /** {@code steps} evenly spaced float32 values from start to end inclusive. */
  public static Tensor linspace(double start, double end, int steps) { return Creation.linspace(start, end, steps); }

  /** Uniform [0, 1) float32 from the default generator. */
  public static Tensor rand(int... shape) { return rand(Generator.defaultGenerator(), shape); }

  /** Uniform [0, 1) float32 from {@code generator}. */
  public static Tensor rand(Generator generator, int... shape) {
    return Creation.random(Op.RANDOM_UNIFORM, Shape.of(shape), DType.FLOAT32, Device.defaultDevice(), generator);
  }

  /** Uniform [0, 1) of any floating dtype on any device. */
  public static Tensor rand(Shape shape, DType dtype, Device device, Generator generator) {
    return Creation.random(Op.RANDOM_UNIFORM, shape, dtype, device, generator);
  }

  /** Standard normal float32 from the default generator. */
  public static Tensor randn(int... shape) { return randn(Generator.defaultGenerator(), shape); }

  /** Standard normal float32 from {@code generator}. */
  public static Tensor randn(Generator generator, int... shape) {
    return Creation.random(Op.RANDOM_NORMAL, Shape.of(shape), DType.FLOAT32, Device.defaultDevice(), generator);
  }

  /** Standard normal of any floating dtype on any device. */
  public static Tensor randn(Shape shape, DType dtype, Device device, Generator generator) {
    return Creation.random(Op.RANDOM_NORMAL, shape, dtype, device, generator);
  }

  /** Uniform integers in [low, high) as int64 from the default generator. */
  public static Tensor randint(long low, long high, int... shape) {
    return Creation.randint(low, high, Shape.of(shape), Generator.defaultGenerator(), Device.defaultDevice());
  }

  /** Uniform integers in [low, high) as int64. */
  public static Tensor randint(long low, long high, Shape shape, Generator generator, Device device) {
    return Creation.randint(low, high, shape, generator, device);
  }

  /** A random permutation of {@code [0, n)} as int64. */
  public static Tensor randperm(int n) { return randperm(n, Generator.defaultGenerator()); }

  /** A random permutation of {@code [0, n)} as int64, drawn from {@code generator}. */
  public static Tensor randperm(int n, Generator generator) { return Creation.randperm(n, generator, Device.defaultDevice()); }

  /** Zeros with this tensor's shape, dtype and device. */
  public static Tensor zerosLike(Tensor t) { return full(t.shape(), 0, t.dtype, t.device()); }

  /** Ones with this tensor's shape, dtype and device. */
  public static Tensor onesLike(Tensor t) { return full(t.shape(), 1, t.dtype, t.device()); }

  /** {@code value} everywhere, with this tensor's shape, dtype and device. */
  public static Tensor fullLike(Tensor t, Number value) { return full(t.shape(), value, t.dtype, t.device()); }

  /** Uniform [0, 1) with this tensor's shape, dtype and device. */
  public static Tensor randLike(Tensor t) { return rand(t.shape(), t.dtype, t.device(), Generator.defaultGenerator()); }

  /** Standard normal with this tensor's shape, dtype and device. */
  public static Tensor randnLike(Tensor t) { return randn(t.shape(), t.dtype, t.device(), Generator.defaultGenerator()); }

  // =====================================================================================
  // Metadata and conversion
  // =====================================================================================

  /** The sizes. */
  public Shape shape() { return Shape.of(shape); }

  /** Size of one dim; negative counts from the end. */
  public int size(int dim) { return shape[Shape.normalizeDim(dim, shape.length, "size")]; }

  /** The strides in elements. */
  public int[] stride() { return strides.clone(); }

  /** Offset of the first element in the storage. */
  public int storageOffset() { return offset; }

  /** Number of dims. */
  public int dim() { return shape.length; }

  /** Number of elements. */
  public int numel() { return Shape.numel(shape); }

  /** Element type. */
  public DType dtype() { return dtype; }

  /** The device holding the storage. */
  public Device device() { return backend.device(); }

  /** True if elements are dense and row-major. */
  public boolean isContiguous() { return operand().isContiguous(); }

  /** How often this tensor's storage has been modified in place (PyTorch's {@code _version}). */
  public int version() { return version.get(); }

  /** The kernel descriptor of this tensor (for backends and the TCK). */
  public Operand operand() { return new Operand(storage, dtype, shape, strides, offset); }

  /** The backend that owns this tensor's storage. */
  public Backend backend() { return backend; }

  Operand broadcastOperand(int[] target) {
    if (Arrays.equals(shape, target)) return operand();
    return new Operand(storage, dtype, target, Views.broadcastStrides(this, target), offset);
  }

  String shapeString() { return Arrays.toString(shape); }

  /** The value of a one-element tensor as a double. */
  public double item() {
    if (numel() != 1) {
      throw new IllegalArgumentException("item(): a Tensor with " + numel() + " elements (shape " + shapeString()
          + ") cannot be converted to a scalar");
    }
    return toDoubleArray()[0];
  }

  /** The value of a one-element tensor as a long (exact for int64). */
  public long itemLong() {
    if (numel() != 1) {
      throw new IllegalArgumentException("itemLong(): a Tensor with " + numel() + " elements (shape " + shapeString()
          + ") cannot be converted to a scalar");
    }
    return toLongArray()[0];
  }

  /** Elements in row-major order, converted to float. */
  public float[] toFloatArray() { return (float[]) HostArrays.toHost(this, DType.FLOAT32); }

  /** Elements in row-major order, converted to double. */
  public double[] toDoubleArray() { return (double[]) HostArrays.toHost(this, DType.FLOAT64); }

  /** Elements in row-major order, converted to long (floats truncate). */
  public long[] toLongArray() { return (long[]) HostArrays.toHost(this, DType.INT64); }

  /** Elements in row-major order, converted to int (floats truncate). */
  public int[] toIntArray() { return (int[]) HostArrays.toHost(this, DType.INT32); }

  /** Elements in row-major order, nonzero as true. */
  public boolean[] toBooleanArray() {
    byte[] b = (byte[]) HostArrays.toHost(this, DType.BOOL);
    boolean[] out = new boolean[b.length];
    for (int i = 0; i < b.length; i++) out[i] = b[i] != 0;
    return out;
  }

  /** Elements in row-major order in this dtype's host array type ({@link DType#hostArrayType()}). */
  public Object toHostArray() { return HostArrays.toHost(this, dtype); }

  /** A copy on {@code device} (this tensor if already there). Differentiable. */
  public Tensor to(Device device) { return Creation.toDevice(this, device); }

  /** A copy converted to {@code dtype} (this tensor if it already has it), PyTorch's casting rules. */
  public Tensor to(DType dtype) { return dtype == this.dtype ? this : copyAs(dtype); }

  /** Shorthand for {@code to(DType.FLOAT32)}. */
  public Tensor toFloat() { return to(DType.FLOAT32); }

  /** Shorthand for {@code to(DType.FLOAT64)}. */
  public Tensor toDouble() { return to(DType.FLOAT64); }

  /** Shorthand for {@code to(DType.INT64)}. */
  public Tensor toLong() { return to(DType.INT64); }

  /** A copy with its own storage, contiguous. Differentiable. */
  public Tensor clone() { return cloneRecorded(); }

  Tensor cloneRecorded() { return copyAs(dtype); }

  /** A contiguous copy in {@code dtype}, recorded as COPY. */
  private Tensor copyAs(DType dtype) {
    Tensor r = Dispatch.emptyLike(this, dtype);
    if (r.numel() > 0) backend.copy(r.operand(), operand());
    return Dispatch.record(Op.COPY, r, Dispatch.NO_ARGS, this);
  }

  /** This tensor if contiguous, otherwise a contiguous copy. */
  public Tensor contiguous() { return isContiguous() ? this : clone(); }

  /** Releases device memory now; this tensor and every view of its storage become unusable. */
  public void release() { storage.release(); }

  /** True if both have the same shape and all elements are within {@code atol + rtol*|other|}. */
  public boolean allclose(Tensor other, double rtol, double atol) { return Comparisons.allclose(this, other, rtol, atol, false); }

  /** {@link #allclose(Tensor, double, double)} with PyTorch's defaults rtol=1e-5, atol=1e-8. */
  public boolean allclose(Tensor other) { return allclose(other, 1e-5, 1e-8); }

  /** True if both have the same shape and equal elements. */
  public boolean equal(Tensor other) { return Comparisons.equal(this, other); }

  /** Prints like PyTorch: {@code tensor([[1.0000, 2.5000]], dtype=torch.float64)}. */
  @Override
  public String toString() { return Printer.print(this); }

  // =====================================================================================
  // Autograd slots (filled by dl-autograd)
  // =====================================================================================

  /** Whether gradients are computed for this tensor. */
  public boolean requiresGrad() { return requiresGrad; }

  /**
   * Sets whether autograd records ops on this leaf; needs dl-autograd on the class path. Only
   * floating-point tensors can require gradients. Returns this.
   */
  public Tensor requiresGrad_(boolean requires) {
    if (requires) {
      Dispatch.requireRecorder("requiresGrad_(true)");
      if (!dtype.isFloatingPoint()) {
        throw new IllegalArgumentException("only tensors of floating point dtype can require gradients, got "
            + dtype + " (shape " + shapeString() + ")");
      }
    }
    if (!isLeaf() && !requires) {
      throw new IllegalStateException("requiresGrad_(false): you can only change requires_grad flags of leaf "
          + "variables; use detach() to get a tensor that does not require grad");
    }
    this.requiresGrad = requires;
    return this;
  }

  /** Shorthand for {@code requiresGrad_(true)}. */
  public Tensor requiresGrad_() { return requiresGrad_(true); }

  /** The accumulated gradient, or null. */
  public Tensor grad() { return grad; }

  /** Replaces the gradient (null clears it), like assigning {@code x.grad} in PyTorch. */
  public void setGrad(Tensor gradient) {
    if (gradient != null && !Arrays.equals(gradient.shape, shape)) {
      throw new IllegalArgumentException("setGrad: assigned grad has shape " + gradient.shapeString()
          + " but the tensor has shape " + shapeString());
    }
    this.grad = gradient;
  }

  /** True for tensors created by the user (or not requiring grad) rather than by a recorded op. */
  public boolean isLeaf() { return gradFn == null; }

  /** The autograd node that produced this tensor, or null for leaves. */
  public GradNode gradFn() { return gradFn; }

  /** Keeps {@code grad} for this non-leaf after backward. */
  public Tensor retainGrad() {
    if (!requiresGrad) throw new IllegalStateException("can't retain_grad on a Tensor that has requires_grad=False");
    if (!isLeaf()) Dispatch.requireRecorder("retainGrad()").retainGrad(this);
    return this;
  }

  /** Registers a hook on this tensor's gradient; returns an action that removes it. */
  public Runnable registerHook(UnaryOperator<Tensor> hook) {
    if (!requiresGrad) {
      throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
    }
    return Dispatch.requireRecorder("registerHook").registerHook(this, hook);
  }

  /** Backward from a one-element tensor. */
  public void backward() { backward(null, false, false); }

  /** Backward with an explicit output gradient of this tensor's shape. */
  public void backward(Tensor gradient) { backward(gradient, false, false); }

  /** Backward, optionally keeping the graph and recording the backward pass for higher-order gradients. */
  public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
    if (!requiresGrad) {
      throw new IllegalStateException("element 0 of tensors does not require grad and does not have a grad_fn");
    }
    if (gradient == null) {
      if (numel() != 1) {
        throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs, but the output "
            + "has shape " + shapeString() + "; pass a gradient to backward(gradient)");
      }
      gradient = onesLike(this);
    }
    Dispatch.requireRecorder("backward()").backward(List.of(this), List.of(gradient), retainGraph, createGraph);
  }

  /** A tensor sharing storage with this one but cut from the graph. */
  public Tensor detach() {
    return new Tensor(backend, storage, shape, strides, offset, this);
  }

  /** Cuts this tensor from the graph in place and makes it a leaf. */
  public Tensor detach_() {
    gradFn = null;
    gradMeta = null;
    requiresGrad = false;
    return this;
  }

  // =====================================================================================
  // Views (no copy)
  // =====================================================================================

  /** The same elements with a new shape (one size may be -1); fails if the layout does not allow it. */
  public Tensor view(int... shape) { return Views.view(this, shape); }

  /** Like {@link #view} but copies when the layout requires it. */
  public Tensor reshape(int... shape) { return Views.reshape(this, shape); }

  /** Flattens all dims into one. */
  public Tensor flatten() { return flatten(0, -1); }

  /** Flattens dims {@code start..end} (inclusive) into one. */
  public Tensor flatten(int start, int end) { return Views.flatten(this, start, end); }

  /** Splits dim {@code dim} into {@code sizes} (one may be -1). */
  public Tensor unflatten(int dim, int... sizes) { return Views.unflatten(this, dim, sizes); }

  /** Swaps two dims. */
  public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }

  /** Transpose of a tensor with at most 2 dims. */
  public Tensor t() {
    if (dim() > 2) {
      throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + dim() + "D (shape "
          + shapeString() + "); use transpose(dim0, dim1) or permute");
    }
    return dim() < 2 ? this : transpose(0, 1);
  }

  /** Reorders dims. */
  public Tensor permute(int... dims) { return Views.permute(this, dims); }

  /** Removes all size-1 dims. */
  public Tensor squeeze() { return Views.squeeze(this); }

  /** Removes dim {@code dim} if its size is 1. */
  public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }

  /** Inserts a size-1 dim at {@code dim}. */
  public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }

  /** Broadcasts size-1 dims to larger sizes without copying (-1 keeps a size). */
  public Tensor expand(int... sizes) { return Views.expand(this, sizes); }

  /** {@code expand(other.shape())}. */
  public Tensor expandAs(Tensor other) { return expand(other.shape); }

  /** Elements {@code start..start+length-1} along {@code dim}. */
  public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }

  /** Python's {@code x[..., start:end:step, ...]} on one dim; negative and out-of-range bounds clamp as in Python. */
  public Tensor slice(int dim, int start, int end, int step) { return Views.slice(this, dim, start, end, step); }

  /** Index {@code index} of dim {@code dim}, removing that dim. */
  public Tensor select(int dim, int index) { return Views.select(this, dim, index); }

  /**
   * NumPy-style indexing: integers, {@link Index#slice}, {@link Index#ALL}, {@link Index#ELLIPSIS},
   * {@link Index#NEW_AXIS}, an int64 index tensor or a bool mask.
   *
   * <pre>{@code
   * x.index(Index.ALL, 1);               // x[:, 1]
   * x.index(Index.slice(1, 3), Index.slice(null, null, 2));   // x[1:3, ::2]
   * }</pre>
   */
  public Tensor index(Object... indices) { return Indexing.index(this, indices); }

  /** Indexing with a Python-like string: {@code x.index(":, 1")}, {@code "1:3, ::2"}, {@code "..., None"}, {@code "-1"}. */
  public Tensor index(String spec) { return Indexing.index(this, Indexing.parse(spec)); }

  // =====================================================================================
  // Indexing and joining (copies)
  // =====================================================================================

  /** Elements where {@code mask} (bool, broadcastable) is true, as a 1-D tensor. */
  public Tensor maskedSelect(Tensor mask) { return Indexing.maskedSelect(this, mask); }

  /** Rows (or slices along {@code dim}) picked by an int64 index vector. */
  public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }

  /** {@code out[i][j] = self[i][index[i][j]]} along {@code dim}, as {@code torch.gather}. */
  public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }

  /** A copy with {@code self[..index..] = src} along {@code dim}, as {@code torch.scatter}. */
  public Tensor scatter(int dim, Tensor index, Tensor src) { return Indexing.scatter(this, Op.SCATTER, dim, index, src); }

  /** A copy with {@code self[..index..] = value} along {@code dim}. */
  public Tensor scatter(int dim, Tensor index, Number value) {
    return scatter(dim, index, fullLike(index, value).to(dtype));
  }

  /** A copy with {@code self[..index..] += src} along {@code dim}, as {@code torch.scatter_add}. */
  public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatter(this, Op.SCATTER_ADD, dim, index, src); }

  /** In-place {@link #scatter(int, Tensor, Tensor)}. */
  public Tensor scatter_(int dim, Tensor index, Tensor src) { return Indexing.scatterInPlace(this, Op.SCATTER, dim, index, src); }

  /** In-place {@link #scatterAdd}. */
  public Tensor scatterAdd_(int dim, Tensor index, Tensor src) { return Indexing.scatterInPlace(this, Op.SCATTER_ADD, dim, index, src); }

  /** {@code cond ? a : b} elementwise with broadcasting. */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Dispatch.where(cond, a, b); }

  /** {@code cond ? this : other}, as {@code self.where(cond, other)}. */
  public Tensor where(Tensor cond, Number other) {
    return Dispatch.where(cond, this, Dispatch.scalar(other, Dispatch.resultType(dtype, Dispatch.kindOf(other)), device()));
  }

  /** A copy with {@code value} where {@code mask} is true. */
  public Tensor maskedFill(Tensor mask, Number value) {
    return Dispatch.where(mask, Dispatch.scalar(value, dtype, device()), this);
  }

  /** In-place {@link #maskedFill}. */
  public Tensor maskedFill_(Tensor mask, Number value) { return copy_(maskedFill(mask, value)); }

  /** Concatenates along {@code dim}; shapes must match elsewhere. */
  public static Tensor cat(List<Tensor> tensors, int dim) { return Joins.cat(tensors, dim); }

  /** Stacks equal-shaped tensors along a new dim. */
  public static Tensor stack(List<Tensor> tensors, int dim) { return Joins.stack(tensors, dim); }

  /** Pieces of {@code splitSize} along {@code dim} (the last may be smaller); views. */
  public List<Tensor> split(int splitSize, int dim) { return Joins.split(this, splitSize, dim); }

  /** Pieces with the given sizes along {@code dim}; views. */
  public List<Tensor> split(int[] sizes, int dim) { return Joins.split(this, sizes, dim); }

  /** {@code chunks} nearly equal pieces along {@code dim}; views. */
  public List<Tensor> chunk(int chunks, int dim) { return Joins.chunk(this, chunks, dim); }

  /** Reverses the order along {@code dims}. */
  public Tensor flip(int... dims) { return Joins.flip(this, dims); }

  /** Rolls elements along {@code dims} by {@code shifts} (wrapping around). */
  public Tensor roll(int[] shifts, int[] dims) { return Joins.roll(this, shifts, dims); }

  /** Rolls along one dim. */
  public Tensor roll(int shift, int dim) { return roll(new int[] {shift}, new int[] {dim}); }

  /** Tiles the tensor {@code repeats[i]} times along each dim, as {@code torch.Tensor.repeat}. */
  public Tensor repeat(int... repeats) { return Joins.repeat(this, repeats); }

  /** Lower triangle of the last two dims (above diagonal {@code k} set to zero). */
  public Tensor tril(int k) { return Joins.triangle(this, k, true); }

  /** {@code tril(0)}. */
  public Tensor tril() { return tril(0); }

  /** Upper triangle of the last two dims (below diagonal {@code k} set to zero). */
  public Tensor triu(int k) { return Joins.triangle(this, k, false); }

  /** {@code triu(0)}. */
  public Tensor triu() { return triu(0); }

  /** Pads the last dims with a constant, as {@code F.pad(x, pads, value=...)}: pads = {left, right, top, bottom, ...}. */
  public Tensor pad(int[] pads, double value) { return Joins.pad(this, pads, value); }

  /**
   * A copy of this tensor with {@code src} written into the slice {@code start:end:step} of
   * {@code dim}, as {@code torch.slice_scatter}. Differentiable in both inputs.
   */
  public Tensor sliceScatter(Tensor src, int dim, int start, int end, int step) {
    Tensor target;
    try (var g = GradMode.noGrad()) {
      target = slice(dim, start, end, step);
    }
    if (!Arrays.equals(target.shape, src.shape)) {
      throw new IllegalArgumentException("sliceScatter: expected src to have shape " + target.shapeString()
          + " (the slice of " + shapeString() + "), got " + src.shapeString());
    }
    int d = Shape.normalizeDim(dim, dim(), "sliceScatter");
    int first = (target.offset - offset) / Math.max(1, Math.abs(strides[d]));
    if (target.numel() == 0) return clone();
    int s0 = strides[d] == 0 ? 0 : first;
    if (strides[d] < 0) s0 = -s0;
    return scatter(d, Indexing.slicePositions(src.shape, d, s0, step, device()), src);
  }

  /** Indices of nonzero elements, shape [count, dim], int64. */
  public Tensor nonzero() { return Indexing.nonzero(this); }

  // =====================================================================================
  // Elementwise math
  // =====================================================================================

  /** {@code this + other} with broadcasting. */
  public Tensor add(Tensor other) { return Dispatch.binary(Op.ADD, this, other); }

  /** {@code this + alpha * other}. */
  public Tensor add(Tensor other, Number alpha) { return add(other.mul(alpha)); }

  /** {@code this + value}. */
  public Tensor add(Number value) { return Dispatch.binary(Op.ADD, this, value); }

  /** {@code this - other}. */
  public Tensor sub(Tensor other) { return Dispatch.binary(Op.SUB, this, other); }

  /** {@code this - alpha * other}. */
  public Tensor sub(Tensor other, Number alpha) { return sub(other.mul(alpha)); }

  /** {@code this - value}. */
  public Tensor sub(Number value) { return Dispatch.binary(Op.SUB, this, value); }

  /** {@code value - this}, as {@code torch.rsub}. */
  public Tensor rsub(Number value) { return Dispatch.binary(Op.SUB, Dispatch.scalar(value, Dispatch.resultType(dtype, Dispatch.kindOf(value)), device()), this); }

  /** {@code this * other}. */
  public Tensor mul(Tensor other) { return Dispatch.binary(Op.MUL, this, other); }

  /** {@code this * value}. */
  public Tensor mul(Number value) { return Dispatch.binary(Op.MUL, this, value); }

  /** True division {@code this / other} (integers give float32). */
  public Tensor div(Tensor other) { return Dispatch.binary(Op.DIV, this, other); }

  /** True division by a scalar. */
  public Tensor div(Number value) { return Dispatch.binary(Op.DIV, this, value); }

  /** Division with rounding: {@code "trunc"}, {@code "floor"}, or null for true division. */
  public Tensor div(Tensor other, String roundingMode) {
    if (roundingMode == null) return div(other);
    return switch (roundingMode) {
      case "floor" -> floorDivide(other);
      case "trunc" -> {
        if (dtype.isFloatingPoint() || other.dtype.isFloatingPoint()) yield div(other).trunc();
        // Integer floor division rounds down; step back up by one where the exact quotient is
        // negative and not whole.
        Tensor inexactNegative = fmod(other).ne(0).logicalAnd(lt(0).logicalXor(other.lt(0)));
        yield floorDivide(other).add(inexactNegative.to(Dispatch.resultType(this, other)));
      }
      default -> throw new IllegalArgumentException("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
          + "but found '" + roundingMode + "'");
    };
  }

  /** {@code value / this}. */
  public Tensor rdiv(Number value) { return Dispatch.binary(Op.DIV, Dispatch.scalar(value, Dispatch.resultType(dtype, Dispatch.kindOf(value)), device()), this); }

  /** {@code floor(this / other)} (Python's {@code //}). */
  public Tensor floorDivide(Tensor other) { return Dispatch.binary(Op.FLOOR_DIVIDE, this, other); }

  /** {@code floor(this / value)}. */
  public Tensor floorDivide(Number value) { return Dispatch.binary(Op.FLOOR_DIVIDE, this, value); }

  /** {@code this ^ exponent}. */
  public Tensor pow(Tensor exponent) { return Dispatch.binary(Op.POW, this, exponent); }

  /** {@code this ^ exponent}. */
  public Tensor pow(Number exponent) { return Dispatch.binary(Op.POW, this, exponent); }

  /** Elementwise maximum (NaN-propagating). */
  public Tensor maximum(Tensor other) { return Dispatch.binary(Op.MAXIMUM, this, other); }

  /** Elementwise minimum (NaN-propagating). */
  public Tensor minimum(Tensor other) { return Dispatch.binary(Op.MINIMUM, this, other); }

  /** C-style remainder (sign of the dividend). */
  public Tensor fmod(Tensor other) { return Dispatch.binary(Op.FMOD, this, other); }

  /** C-style remainder by a scalar. */
  public Tensor fmod(Number value) { return Dispatch.binary(Op.FMOD, this, value); }

  /** Python-style remainder (sign of the divisor). */
  public Tensor remainder(Tensor other) { return Dispatch.binary(Op.REMAINDER, this, other); }

  /** Python-style remainder by a scalar. */
  public Tensor remainder(Number value) { return Dispatch.binary(Op.REMAINDER, this, value); }

  /** Clamps into [min, max]; a null bound is open. */
  public Tensor clamp(Number min, Number max) {
    if (min == null && max == null) throw new IllegalArgumentException("clamp: at least one of min or max must be given");
    Tensor r = this;
    if (min != null) r = Dispatch.binary(Op.MAXIMUM, r, min);
    if (max != null) r = Dispatch.binary(Op.MINIMUM, r, max);
    return r;
  }

  /** Clamps into [min, max] given as tensors (broadcast); a null bound is open. */
  public Tensor clamp(Tensor min, Tensor max) {
    if (min == null && max == null) throw new IllegalArgumentException("clamp: at least one of min or max must be given");
    Tensor r = this;
    if (min != null) r = r.maximum(min);
    if (max != null) r = r.minimum(max);
    return r;
  }

  /** {@code clamp(min, null)}. */
  public Tensor clampMin(Number min) { return clamp(min, null); }

  /** {@code clamp(null, max)}. */
  public Tensor clampMax(Number max) { return clamp(null, max); }

  /** -x. */ public Tensor neg() { return Dispatch.unary(Op.NEG, this); }
  /** |x|. */ public Tensor abs() { return Dispatch.unary(Op.ABS, this); }
  /** Sign: -1, 0 or 1. */ public Tensor sign() { return Dispatch.unary(Op.SIGN, this); }
  /** e^x. */ public Tensor exp() { return Dispatch.unary(Op.EXP, this); }
  /** Natural log. */ public Tensor log() { return Dispatch.unary(Op.LOG, this); }
  /** log(1+x). */ public Tensor log1p() { return Dispatch.unary(Op.LOG1P, this); }
  /** e^x - 1. */ public Tensor expm1() { return Dispatch.unary(Op.EXPM1, this); }
  /** Square root. */ public Tensor sqrt() { return Dispatch.unary(Op.SQRT, this); }
  /** 1/sqrt(x). */ public Tensor rsqrt() { return Dispatch.unary(Op.RSQRT, this); }
  /** Sine. */ public Tensor sin() { return Dispatch.unary(Op.SIN, this); }
  /** Cosine. */ public Tensor cos() { return Dispatch.unary(Op.COS, this); }
  /** Tangent. */ public Tensor tan() { return Dispatch.unary(Op.TAN, this); }
  /** Hyperbolic tangent. */ public Tensor tanh() { return Dispatch.unary(Op.TANH, this); }
  /** Logistic sigmoid. */ public Tensor sigmoid() { return Dispatch.unary(Op.SIGMOID, this); }
  /** max(x, 0). */ public Tensor relu() { return Dispatch.unary(Op.RELU, this); }
  /** GELU, exact erf form. */ public Tensor gelu() { return Dispatch.unary(Op.GELU, this); }
  /** x * sigmoid(x). */ public Tensor silu() { return Dispatch.unary(Op.SILU, this); }
  /** log(1 + e^x). */ public Tensor softplus() { return Dispatch.unary(Op.SOFTPLUS, this); }
  /** Error function. */ public Tensor erf() { return Dispatch.unary(Op.ERF, this); }
  /** Round down. */ public Tensor floor() { return Dispatch.unary(Op.FLOOR, this); }
  /** Round up. */ public Tensor ceil() { return Dispatch.unary(Op.CEIL, this); }
  /** Round half to even. */ public Tensor round() { return Dispatch.unary(Op.ROUND, this); }
  /** Round toward zero. */ public Tensor trunc() { return Dispatch.unary(Op.TRUNC, this); }
  /** 1/x. */ public Tensor reciprocal() { return Dispatch.unary(Op.RECIPROCAL, this); }
  /** x*x. */ public Tensor square() { return mul(this); }

  /** {@code torch.nn.functional.softplus(x, beta, threshold)}: linear above {@code threshold/beta}. */
  public Tensor softplus(double beta, double threshold) {
    if (beta == 1.0 && threshold >= 20) return softplus();
    Tensor scaled = mul(beta);
    return where(scaled.gt(threshold), this, scaled.softplus().div(beta));
  }

  /** GELU with {@code approximate="tanh"} when {@code tanh} is true. */
  public Tensor gelu(boolean tanh) {
    if (!tanh) return gelu();
    Tensor inner = add(pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return mul(0.5).mul(inner.tanh().add(1));
  }

  /** Leaky ReLU: x if x &gt; 0 else slope*x. */
  public Tensor leakyRelu(double negativeSlope) { return where(gt(0), this, mul(negativeSlope)); }

  /** ELU: x if x &gt; 0 else alpha*(e^x - 1). */
  public Tensor elu(double alpha) { return where(gt(0), this, expm1().mul(alpha)); }

  // comparisons and logic

  /** this == other, bool. */ public Tensor eq(Tensor other) { return Dispatch.binary(Op.EQ, this, other); }
  /** this == value, bool. */ public Tensor eq(Number value) { return Dispatch.binary(Op.EQ, this, value); }
  /** this != other, bool. */ public Tensor ne(Tensor other) { return Dispatch.binary(Op.NE, this, other); }
  /** this != value, bool. */ public Tensor ne(Number value) { return Dispatch.binary(Op.NE, this, value); }
  /** this &lt; other, bool. */ public Tensor lt(Tensor other) { return Dispatch.binary(Op.LT, this, other); }
  /** this &lt; value, bool. */ public Tensor lt(Number value) { return Dispatch.binary(Op.LT, this, value); }
  /** this &lt;= other, bool. */ public Tensor le(Tensor other) { return Dispatch.binary(Op.LE, this, other); }
  /** this &lt;= value, bool. */ public Tensor le(Number value) { return Dispatch.binary(Op.LE, this, value); }
  /** this &gt; other, bool. */ public Tensor gt(Tensor other) { return Dispatch.binary(Op.GT, this, other); }
  /** this &gt; value, bool. */ public Tensor gt(Number value) { return Dispatch.binary(Op.GT, this, value); }
  /** this &gt;= other, bool. */ public Tensor ge(Tensor other) { return Dispatch.binary(Op.GE, this, other); }
  /** this &gt;= value, bool. */ public Tensor ge(Number value) { return Dispatch.binary(Op.GE, this, value); }
  /** Logical and (nonzero is true). */ public Tensor logicalAnd(Tensor other) { return Dispatch.binary(Op.LOGICAL_AND, this, other); }
  /** Logical or (nonzero is true). */ public Tensor logicalOr(Tensor other) { return Dispatch.binary(Op.LOGICAL_OR, this, other); }
  /** Logical xor (nonzero is true). */ public Tensor logicalXor(Tensor other) { return Dispatch.binary(Op.LOGICAL_XOR, this, other); }
  /** Logical not (nonzero is true). */ public Tensor logicalNot() { return Dispatch.unary(Op.LOGICAL_NOT, this); }
  /** NaN test, bool. */ public Tensor isnan() { return Dispatch.unary(Op.ISNAN, this); }
  /** Infinity test, bool. */ public Tensor isinf() { return Dispatch.unary(Op.ISINF, this); }
  /** Finite test, bool. */ public Tensor isfinite() { return Dispatch.unary(Op.ISFINITE, this); }

  // in-place variants

  /** In-place add. */ public Tensor add_(Tensor other) { return Dispatch.binaryInPlace(Op.ADD, this, other); }
  /** In-place {@code this += alpha * other}. */ public Tensor add_(Tensor other, Number alpha) { return add_(other.mul(alpha)); }
  /** In-place add of a scalar. */ public Tensor add_(Number value) { return Dispatch.binaryInPlace(Op.ADD, this, scalarFor(value)); }
  /** In-place subtract. */ public Tensor sub_(Tensor other) { return Dispatch.binaryInPlace(Op.SUB, this, other); }
  /** In-place {@code this -= alpha * other}. */ public Tensor sub_(Tensor other, Number alpha) { return sub_(other.mul(alpha)); }
  /** In-place subtract of a scalar. */ public Tensor sub_(Number value) { return Dispatch.binaryInPlace(Op.SUB, this, scalarFor(value)); }
  /** In-place multiply. */ public Tensor mul_(Tensor other) { return Dispatch.binaryInPlace(Op.MUL, this, other); }
  /** In-place multiply by a scalar. */ public Tensor mul_(Number value) { return Dispatch.binaryInPlace(Op.MUL, this, scalarFor(value)); }
  /** In-place true division. */ public Tensor div_(Tensor other) { return Dispatch.binaryInPlace(Op.DIV, this, other); }
  /** In-place true division by a scalar. */ public Tensor div_(Number value) { return Dispatch.binaryInPlace(Op.DIV, this, scalarFor(value)); }
  /** In-place power. */ public Tensor pow_(Number exponent) { return Dispatch.binaryInPlace(Op.POW, this, scalarFor(exponent)); }
  /** In-place clamp. */ public Tensor clamp_(Number min, Number max) { return copy_(clamp(min, max)); }
  /** In-place negation. */ public Tensor neg_() { return Dispatch.unaryInPlace(Op.NEG, this); }
  /** In-place exp. */ public Tensor exp_() { return Dispatch.unaryInPlace(Op.EXP, this); }
  /** In-place log. */ public Tensor log_() { return Dispatch.unaryInPlace(Op.LOG, this); }
  /** In-place sqrt. */ public Tensor sqrt_() { return Dispatch.unaryInPlace(Op.SQRT, this); }
  /** In-place relu. */ public Tensor relu_() { return Dispatch.unaryInPlace(Op.RELU, this); }
  /** In-place sigmoid. */ public Tensor sigmoid_() { return Dispatch.unaryInPlace(Op.SIGMOID, this); }
  /** In-place tanh. */ public Tensor tanh_() { return Dispatch.unaryInPlace(Op.TANH, this); }
  /** In-place abs. */ public Tensor abs_() { return Dispatch.unaryInPlace(Op.ABS, this); }
  /** In-place floor. */ public Tensor floor_() { return Dispatch.unaryInPlace(Op.FLOOR, this); }

  /** Fills with {@code value} in place. */
  public Tensor fill_(Number value) {
    Dispatch.checkWritable("fill_", this);
    if (Dispatch.needsGrad(this)) return Dispatch.inPlaceWithGrad("fill_", this, fullLike(Dispatch.prepareInPlaceGrad("fill_", this), value).mul(1));
    if (numel() > 0) Dispatch.fill(this, value);
    version.bump();
    return this;
  }

  /** Fills with zeros in place. */
  public Tensor zero_() { return fill_(0); }

  /** Copies {@code src} (broadcast, any dtype, any device) into this tensor in place. */
  public Tensor copy_(Tensor src) { return Creation.copyInto(this, src); }

  /** Fills in place with uniform values in [from, to). */
  public Tensor uniform_(double from, double to, Generator generator) {
    return copy_(rand(shape(), dtype.isFloatingPoint() ? dtype : DType.FLOAT32, device(), generator).mul(to - from).add(from));
  }

  /** Fills in place with normal values of this mean and standard deviation. */
  public Tensor normal_(double mean, double std, Generator generator) {
    return copy_(randn(shape(), dtype.isFloatingPoint() ? dtype : DType.FLOAT32, device(), generator).mul(std).add(mean));
  }

  private Tensor scalarFor(Number value) {
    return Dispatch.scalar(value, Dispatch.resultType(dtype, Dispatch.kindOf(value)), device());
  }

  // =====================================================================================
  // Reductions
  // =====================================================================================

  /** Sum of all elements (int and bool give int64). */
  public Tensor sum() { return Reductions.sum(this, null, false); }
  /** Sum over one dim. */
  public Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }
  /** Sum over dims, optionally keeping them as size 1. */
  public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }
  /** Mean of all elements (floating point only). */
  public Tensor mean() { return Reductions.mean(this, null, false); }
  /** Mean over one dim. */
  public Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }
  /** Mean over dims. */
  public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }
  /** Product of all elements. */
  public Tensor prod() { return Reductions.reduce(Op.PROD, this, null, false); }
  /** Product over one dim. */
  public Tensor prod(int dim, boolean keepdim) { return Reductions.reduce(Op.PROD, this, new int[] {dim}, keepdim); }
  /** Variance of all elements with Bessel's correction. */
  public Tensor var() { return Reductions.var(this, null, 1, false); }
  /** Variance over dims with {@code correction} (1 = unbiased, 0 = population). */
  public Tensor var(int[] dims, int correction, boolean keepdim) { return Reductions.var(this, dims, correction, keepdim); }
  /** Standard deviation of all elements with Bessel's correction. */
  public Tensor std() { return var().sqrt(); }
  /** Standard deviation over dims. */
  public Tensor std(int[] dims, int correction, boolean keepdim) { return var(dims, correction, keepdim).sqrt(); }
  /** Maximum of all elements. */
  public Tensor max() { return Reductions.reduceAll(Op.MAX, this); }
  /** Minimum of all elements. */
  public Tensor min() { return Reductions.reduceAll(Op.MIN, this); }
  /** Maximum along {@code dim} with the index of the first maximum. */
  public ValuesIndices max(int dim, boolean keepdim) { return Reductions.maxMin(this, dim, keepdim, true); }
  /** Minimum along {@code dim} with the index of the first minimum. */
  public ValuesIndices min(int dim, boolean keepdim) { return Reductions.maxMin(this, dim, keepdim, false); }
  /** Maximum over dims (gradient shared evenly among ties). */
  public Tensor amax(int[] dims, boolean keepdim) { return Reductions.reduce(Op.MAX, this, dims, keepdim); }
  /** Minimum over dims (gradient shared evenly among ties). */
  public Tensor amin(int[] dims, boolean keepdim) { return Reductions.reduce(Op.MIN, this, dims, keepdim); }
  /** Flat index of the first maximum. */
  public Tensor argmax() { return Reductions.argAll(Op.ARGMAX, this); }
  /** Index of the first maximum along {@code dim}. */
  public Tensor argmax(int dim, boolean keepdim) { return Reductions.arg(Op.ARGMAX, this, dim, keepdim); }
  /** Flat index of the first minimum. */
  public Tensor argmin() { return Reductions.argAll(Op.ARGMIN, this); }
  /** Index of the first minimum along {@code dim}. */
  public Tensor argmin(int dim, boolean keepdim) { return Reductions.arg(Op.ARGMIN, this, dim, keepdim); }
  /** log(sum(exp(x))) over dims, computed stably. */
  public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }
  /** True if every element is nonzero. */
  public Tensor all() { return Reductions.reduceAll(Op.MIN, to(DType.BOOL)); }
  /** True along {@code dim} where every element is nonzero. */
  public Tensor all(int dim, boolean keepdim) { return Reductions.reduce(Op.MIN, to(DType.BOOL), new int[] {dim}, keepdim); }
  /** True if any element is nonzero. */
  public Tensor any() { return Reductions.reduceAll(Op.MAX, to(DType.BOOL)); }
  /** True along {@code dim} where any element is nonzero. */
  public Tensor any(int dim, boolean keepdim) { return Reductions.reduce(Op.MAX, to(DType.BOOL), new int[] {dim}, keepdim); }
  /** Running sum along {@code dim}. */
  public Tensor cumsum(int dim) { return Reductions.scan(Op.CUMSUM, this, dim); }
  /** Running product along {@code dim}. */
  public Tensor cumprod(int dim) { return Reductions.scan(Op.CUMPROD, this, dim); }
  /** The 2-norm of all elements. */
  public Tensor norm() { return norm(2, null, false); }
  /** The p-norm over dims (p may be +-infinity; null dims = all). */
  public Tensor norm(double p, int[] dims, boolean keepdim) { return Reductions.norm(this, p, dims, keepdim); }
  /** Softmax along {@code dim}, computed stably. */
  public Tensor softmax(int dim) { return Reductions.softmax(this, dim, false); }
  /** Log-softmax along {@code dim}, computed stably. */
  public Tensor logSoftmax(int dim) { return Reductions.softmax(this, dim, true); }

  /** Values and their indices, returned by {@link #max(int, boolean)} and {@link #min(int, boolean)}. */
  public record ValuesIndices(Tensor values, Tensor indices) {}

  // =====================================================================================
  // Linear algebra
  // =====================================================================================

  /** Dot product of two 1-D tensors. */
  public Tensor dot(Tensor other) { return LinAlg.dot(this, other); }
  /** Matrix-vector product. */
  public Tensor mv(Tensor vec) { return LinAlg.mv(this, vec); }
  /** Matrix product of two 2-D tensors. */
  public Tensor mm(Tensor other) { return LinAlg.mm(this, other); }
  /** Batched matrix product of two 3-D tensors. */
  public Tensor bmm(Tensor other) { return LinAlg.bmm(this, other); }
  /** {@code torch.matmul}: every rank combination, broadcasting batch dims. */
  public Tensor matmul(Tensor other) { return LinAlg.matmul(this, other); }
  /** Outer product of two 1-D tensors. */
  public Tensor outer(Tensor other) { return LinAlg.outer(this, other); }
  /** {@code beta * this + alpha * (mat1 @ mat2)}. */
  public Tensor addmm(Tensor mat1, Tensor mat2, double beta, double alpha) { return LinAlg.addmm(this, mat1, mat2, beta, alpha); }
  /** {@code this + mat1 @ mat2}. */
  public Tensor addmm(Tensor mat1, Tensor mat2) { return addmm(mat1, mat2, 1, 1); }
  /** {@code beta * this + alpha * bmm(batch1, batch2)}. */
  public Tensor baddbmm(Tensor batch1, Tensor batch2, double beta, double alpha) { return LinAlg.baddbmm(this, batch1, batch2, beta, alpha); }

  // =====================================================================================
  // Neural-network primitives (dl-nn's functional builds on these)
  // =====================================================================================

  /** 2-D convolution of an [N,C,H,W] (or [C,H,W]) input; bias may be null. */
  public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
    return NnOps.conv2d(this, weight, bias, stride, padding, dilation, groups);
  }

  /** 2-D convolution with {@code padding="same"} or {@code "valid"}. */
  public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
    return NnOps.conv2d(this, weight, bias, stride, padding, dilation, groups);
  }

  /** 1-D convolution of an [N,C,L] (or [C,L]) input; bias may be null. */
  public Tensor conv1d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    return NnOps.conv1d(this, weight, bias, stride, padding, dilation, groups);
  }

  /** Max pooling over [N,C,H,W] (or [C,H,W]); stride null means kernel size. */
  public Tensor maxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation) {
    return NnOps.maxPool2d(this, kernel, stride, padding, dilation).values();
  }

  /** Max pooling returning values and flat per-plane input indices, as {@code return_indices=True}. */
  public ValuesIndices maxPool2dWithIndices(int[] kernel, int[] stride, int[] padding, int[] dilation) {
    return NnOps.maxPool2d(this, kernel, stride, padding, dilation);
  }

  /** Average pooling (padding counted in the average, as PyTorch's default); stride null means kernel size. */
  public Tensor avgPool2d(int[] kernel, int[] stride, int[] padding) { return NnOps.avgPool2d(this, kernel, stride, padding); }

  /** Adaptive average pooling to an output of {@code outH x outW}. */
  public Tensor adaptiveAvgPool2d(int outH, int outW) { return NnOps.adaptiveAvgPool2d(this, outH, outW); }

  /** Unfolds image patches: [n,c,h,w] to columns [n, c*kh*kw, outH*outW] (low level; conv2d uses it). */
  public Tensor im2col(dev.dl.spi.ConvGeometry geometry) { return NnOps.im2col(this, geometry); }

  /** Folds columns back to [n,c,h,w], summing overlaps; the adjoint of {@link #im2col}. */
  public Tensor col2im(dev.dl.spi.ConvGeometry geometry) { return NnOps.col2im(this, geometry); }

  /**
   * The gradient of {@link #conv2d} with respect to its input, PyTorch's
   * {@code torch.nn.grad.conv2d_input}: from {@code gradOutput} [n, outC, outH, outW] and
   * {@code weight} [outC, c/groups, kh, kw] to [n, c, h, w], where {@code geometry} gives the
   * input's shape and the window. Runs the backend's fused kernel when nothing is being recorded,
   * otherwise a differentiable composite (col2im of weight-transposed products).
   */
  public static Tensor conv2dInputGrad(Tensor gradOutput, Tensor weight, dev.dl.spi.ConvGeometry geometry, int groups) {
    return NnOps.conv2dInputGrad(gradOutput, weight, geometry, groups);
  }

  /**
   * The gradient of {@link #conv2d} with respect to its weight, PyTorch's
   * {@code torch.nn.grad.conv2d_weight}: from {@code gradOutput} [n, outC, outH, outW] and the
   * {@code input} [n, c, h, w] described by {@code geometry} to [outC, c/groups, kh, kw], summed
   * over the batch. Fused or composite as {@link #conv2dInputGrad}.
   */
  public static Tensor conv2dWeightGrad(Tensor gradOutput, Tensor input, dev.dl.spi.ConvGeometry geometry, int groups) {
    return NnOps.conv2dWeightGrad(gradOutput, input, geometry, groups);
  }

  /** Rows of {@code weight} [num, dim] picked by this int64 index tensor: shape this.shape + [dim]. */
  public static Tensor embedding(Tensor indices, Tensor weight) { return NnOps.embedding(indices, weight); }

  /** One-hot int64 encoding of this int64 tensor; {@code numClasses} -1 infers max+1. */
  public Tensor oneHot(int numClasses) { return NnOps.oneHot(this, numClasses); }

  /** Inverted dropout: zeroes elements with probability p and scales the rest by 1/(1-p); identity if !training. */
  public Tensor dropout(double p, boolean training, Generator generator) { return NnOps.dropout(this, p, training, generator); }

  /** A bool mask, true with probability {@code 1 - p}, drawn from {@code generator} (for dropout). */
  public static Tensor dropoutMask(Shape shape, double p, Device device, Generator generator) {
    return NnOps.dropoutMask(shape, p, device, generator);
  }
}
