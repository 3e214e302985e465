package dev.dl;

import dev.dl.spi.Backend;
import dev.dl.spi.GradRecorder;
import dev.dl.spi.Op;
import dev.dl.spi.OpCall;
import dev.dl.spi.Operand;
import java.util.Arrays;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The one dispatcher every op goes through: checks devices, promotes dtypes, broadcasts,
 * allocates, runs the backend kernel, and hands differentiable calls to the grad recorder.
 */
final class Dispatch {
  /** The args of ops that have none (a zero-length array cannot be modified, so one is shared). */
  static final int[] NO_ARGS = new int[0];

  private static volatile GradRecorder recorder;
  private static volatile boolean recorderLooked;

  private Dispatch() {}

  // ---- grad recorder ----

  static GradRecorder recorder() {
    if (!recorderLooked) {
      synchronized (Dispatch.class) {
        if (!recorderLooked) {
          Iterator<GradRecorder> it = ServiceLoader.load(GradRecorder.class, Dispatch.class.getClassLoader()).iterator();
          recorder = it.hasNext() ? it.next() : null;
          recorderLooked = true;
        }
      }
    }
    return recorder;
  }

  static GradRecorder requireRecorder(String what) {
    GradRecorder r = recorder();
    if (r == null) {
      throw new IllegalStateException(what + " needs autograd, which is not on the class path: add the dependency "
          + "dev.dl:dl-autograd (tensors without it work for inference only)");
    }
    return r;
  }

  /** True when an op over these inputs must be recorded. */
  static boolean needsGrad(Tensor... inputs) {
    if (!GradMode.isEnabled()) return false;
    for (Tensor t : inputs) if (t != null && t.requiresGrad) return true;
    return false;
  }

  /** Records {@code out = op(inputs)} when grad mode is on and an input requires grad. */
  static Tensor record(Op op, Tensor out, int[] args, Tensor... inputs) {
    if (needsGrad(inputs) && !Op.NON_DIFFERENTIABLE.contains(op) && out.dtype.isFloatingPoint()) {
      recorder().record(new OpCall(op, inputs, out, args, null));
    }
    return out;
  }

  static Tensor record(OpCall call) {
    if (needsGrad(call.inputs()) && call.output().dtype.isFloatingPoint()) recorder().record(call);
    return call.output();
  }

  // ---- allocation ----

  static Tensor empty(int[] shape, DType dtype, Device device) { return empty(Backends.backend(device), shape, dtype); }

  /** Allocates on a backend already at hand (an input's), without looking it up by device. */
  static Tensor empty(Backend b, int[] shape, DType dtype) {
    if (!b.dtypes().contains(dtype)) {
      throw new IllegalArgumentException("device " + b.device() + " does not support dtype " + dtype + "; supported: "
          + b.dtypes());
    }
    int n = Shape.numel(shape);
    return new Tensor(b, b.allocate(dtype, n), shape.clone(), Shape.contiguousStrides(shape), 0, null);
  }

  static Tensor emptyLike(Tensor t, DType dtype) { return empty(t.backend, t.shape, dtype); }

  static Tensor scalar(Number value, DType dtype, Device device) {
    Tensor t = empty(new int[0], dtype, device);
    fill(t, value);
    return t;
  }

  static void fill(Tensor t, Number value) {
    Number v = fillValue(value, t.dtype);
    t.backend.fill(t.operand(), v);
  }

  /** Normalises a Java number to what Backend.fill expects for {@code dtype}. */
  static Number fillValue(Number value, DType dtype) {
    if (dtype.isFloatingPoint()) return value.doubleValue();
    if (dtype == DType.BOOL) return (value.doubleValue() != 0 || Double.isNaN(value.doubleValue())) ? 1L : 0L;
    if (value instanceof Double || value instanceof Float) {
      double d = value.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("cannot convert " + d + " to integer dtype " + dtype);
      }
      return (long) d;
    }
    return value.longValue();
  }

  // ---- promotion ----

  /** The dtype category of a Java scalar: boolean -> BOOL, integral -> INT, otherwise FLOAT. */
  static DType.Kind kindOf(Object scalar) {
    if (scalar instanceof Boolean) return DType.Kind.BOOL;
    if (scalar instanceof Long || scalar instanceof Integer || scalar instanceof Short || scalar instanceof Byte) {
      return DType.Kind.INT;
    }
    return DType.Kind.FLOAT;
  }

  /** PyTorch's result_type for a tensor and a Java scalar (a "wrapped number"). */
  static DType resultType(DType t, DType.Kind scalarKind) {
    if (scalarKind.ordinal() <= t.kind().ordinal()) return t;
    return scalarKind == DType.Kind.FLOAT ? DType.defaultFloat() : DType.INT64;
  }

  /** PyTorch's result_type for two tensors: tensors with dims outrank zero-dim ones within a category. */
  static DType resultType(Tensor a, Tensor b) {
    boolean az = a.dim() == 0, bz = b.dim() == 0;
    if (az == bz) return DType.promote(a.dtype, b.dtype);
    Tensor dimmed = az ? b : a, zero = az ? a : b;
    if (zero.dtype.kind().ordinal() > dimmed.dtype.kind().ordinal()) return zero.dtype;
    return dimmed.dtype;
  }

  static Tensor cast(Tensor t, DType dtype) {
    return t.dtype == dtype ? t : t.to(dtype);
  }

  static void sameDevice(String op, Tensor a, Tensor b) {
    if (a.backend != b.backend && !a.device().equals(b.device())) {
      throw new IllegalArgumentException(op + ": expected all tensors on the same device, but found " + a.device()
          + " and " + b.device() + " (shapes " + a.shapeString() + " and " + b.shapeString()
          + "); move one with .to(device)");
    }
  }

  /** A zero-dim CPU tensor follows the other operand to its device, as in PyTorch. */
  static Tensor alignDevice(Tensor scalarCandidate, Tensor other) {
    if (scalarCandidate.dim() == 0 && !scalarCandidate.device().equals(other.device())
        && scalarCandidate.device().equals(Device.CPU)) {
      return scalarCandidate.to(other.device());
    }
    return scalarCandidate;
  }

  // ---- elementwise ----

  /** The dtype a unary op's kernel reads: bool for logical ops, float32 for float-only ops on integers. */
  private static DType unaryInputType(Op op, DType x) {
    if (Op.LOGICAL.contains(op)) return DType.BOOL;
    if (Op.FLOAT_ONLY.contains(op) && !x.isFloatingPoint()) return DType.defaultFloat();
    return x;
  }

  /** The dtype a unary op writes. */
  private static DType unaryResultType(Op op, DType x) {
    return Op.PREDICATE.contains(op) ? DType.BOOL : unaryInputType(op, x);
  }

  private static void checkUnaryDtype(Op op, Tensor x) {
    if (x.dtype == DType.BOOL && (op == Op.NEG || op == Op.SIGN || op == Op.ABS)) {
      throw new IllegalArgumentException(op.methodName() + " is not supported on bool tensors (shape "
          + x.shapeString() + "); use logicalNot() or cast with to(DType)");
    }
  }

  static Tensor unary(Op op, Tensor x) {
    DType in = unaryInputType(op, x.dtype);
    DType out = unaryResultType(op, x.dtype);
    checkUnaryDtype(op, x);
    Tensor xin = cast(x, in);
    Tensor r = emptyLike(x, out);
    if (r.numel() > 0) x.backend.unary(op, r.operand(), xin.operand());
    return record(op, r, NO_ARGS, xin);
  }

  /** The dtype an arithmetic binary op computes in. */
  static DType computeType(Op op, DType promoted) {
    if (Op.LOGICAL.contains(op)) return DType.BOOL;
    if (op == Op.DIV && !promoted.isFloatingPoint()) return DType.defaultFloat();
    return promoted;
  }

  static Tensor binary(Op op, Tensor a, Tensor b) {
    a = alignDevice(a, b);
    b = alignDevice(b, a);
    sameDevice(op.methodName(), a, b);
    DType compute = computeType(op, resultType(a, b));
    checkBinaryDtype(op, compute, a, b);
    // Same shapes (the common case) need no broadcast array; the shape is only read below.
    int[] shape = Arrays.equals(a.shape, b.shape) ? a.shape : Shape.broadcast(a.shape, b.shape, op.methodName());
    Tensor ac = cast(a, compute), bc = cast(b, compute);
    Tensor r = empty(a.backend, shape, Op.COMPARISON.contains(op) ? DType.BOOL : compute);
    if (r.numel() > 0) a.backend.binary(op, r.operand(), ac.broadcastOperand(shape), bc.broadcastOperand(shape));
    return record(op, r, NO_ARGS, ac, bc);
  }

  static Tensor binary(Op op, Tensor a, Number scalar) {
    DType t = resultType(a.dtype, kindOf(scalar));
    return binary(op, a, scalar(scalar, t, a.device()));
  }

  private static void checkBinaryDtype(Op op, DType compute, Tensor a, Tensor b) {
    if (compute == DType.BOOL && (op == Op.SUB || op == Op.DIV || op == Op.POW || op == Op.FLOOR_DIVIDE
        || op == Op.FMOD || op == Op.REMAINDER)) {
      throw new IllegalArgumentException(op.methodName() + " is not supported on bool tensors (shapes "
          + a.shapeString() + " and " + b.shapeString() + "); cast to an integer or float dtype first");
    }
  }

  /**
   * Runs {@code self = op(self, other)} in place with PyTorch's rules: the broadcast shape must be
   * self's shape and the result dtype must be castable to self's dtype.
   */
  static Tensor binaryInPlace(Op op, Tensor self, Tensor other) {
    other = alignDevice(other, self);
    String name = op.methodName() + "_";
    sameDevice(name, self, other);
    DType compute = computeType(op, resultType(self, other));
    checkBinaryDtype(op, compute, self, other);
    DType outType = Op.COMPARISON.contains(op) ? DType.BOOL : compute;
    checkCastable(name, outType, self);
    int[] shape = Shape.broadcast(self.shape, other.shape, name);
    if (!Arrays.equals(shape, self.shape)) {
      throw new IllegalArgumentException(name + ": output with shape " + self.shapeString()
          + " doesn't match the broadcast shape " + Arrays.toString(shape));
    }
    checkNoPartialOverlap(name, self, other);
    if (needsGrad(self, other)) {
      return inPlaceWithGrad(name, self, binary(op, prepareInPlaceGrad(name, self), other));
    }
    checkWritable(name, self);
    if (outType == self.dtype && compute == self.dtype) {
      Tensor oc = cast(other, compute);
      if (self.numel() > 0) self.backend.binary(op, self.operand(), self.operand(), oc.broadcastOperand(shape));
    } else {
      Tensor r = binary(op, self, other);
      self.backend.copy(self.operand(), r.operand());
    }
    self.version.bump();
    return self;
  }

  static Tensor unaryInPlace(Op op, Tensor self) {
    String name = op.methodName() + "_";
    if (needsGrad(self)) return inPlaceWithGrad(name, self, unary(op, prepareInPlaceGrad(name, self)));
    checkWritable(name, self);
    checkUnaryDtype(op, self);
    if (unaryResultType(op, self.dtype) == self.dtype) {
      // Elementwise kernels may write where they read, so no temporary is needed.
      if (self.numel() > 0) self.backend.unary(op, self.operand(), self.operand());
    } else {
      Tensor r = unary(op, self);
      checkCastable(name, r.dtype, self);
      if (r.numel() > 0) self.backend.copy(self.operand(), r.operand());
    }
    self.version.bump();
    return self;
  }

  static void checkCastable(String op, DType result, Tensor self) {
    if (result.kind().ordinal() > self.dtype.kind().ordinal()) {
      throw new IllegalArgumentException(op + ": result type " + result + " can't be cast to the desired output type "
          + self.dtype + " (tensor shape " + self.shapeString() + ")");
    }
  }

  /**
   * An in-place op reading a different layout of the memory it writes (x.add_(x.t())) would read
   * elements it has already overwritten; PyTorch refuses it, and so do we.
   */
  static void checkNoPartialOverlap(String op, Tensor self, Tensor other) {
    if (self.storage != other.storage || self.numel() == 0 || other.numel() == 0) return;
    if (self.offset == other.offset && Arrays.equals(self.shape, other.shape)
        && Arrays.equals(self.strides, other.strides)) {
      return;
    }
    int[] a = span(self), b = span(other);
    if (a[0] <= b[1] && b[0] <= a[1]) {
      throw new IllegalArgumentException(op + ": unsupported operation: some elements of the input tensor (shape "
          + other.shapeString() + ") and the written-to tensor (shape " + self.shapeString() + ") refer to a single "
          + "memory location; call .clone() on the input before the in-place op");
    }
  }

  /** The lowest and highest storage index a tensor touches. */
  private static int[] span(Tensor t) {
    int lo = t.offset, hi = t.offset;
    for (int i = 0; i < t.shape.length; i++) {
      int reach = (t.shape[i] - 1) * t.strides[i];
      if (reach < 0) lo += reach;
      else hi += reach;
    }
    return new int[] {lo, hi};
  }

  /** In-place writes into a broadcast (stride-0) view would write one element many times. */
  static void checkWritable(String op, Tensor self) {
    for (int i = 0; i < self.shape.length; i++) {
      if (self.strides[i] == 0 && self.shape[i] > 1) {
        throw new IllegalArgumentException(op + ": unsupported operation: more than one element of the written-to "
            + "tensor (shape " + self.shapeString() + ", an expanded view) refers to a single memory location; "
            + "call .clone() before writing");
      }
    }
  }

  /** Checks that an in-place op under autograd is legal and returns the value to compute from. */
  static Tensor prepareInPlaceGrad(String op, Tensor self) {
    if (self.requiresGrad && self.isLeaf()) {
      throw new IllegalStateException(op + ": a leaf Variable that requires grad is being used in an in-place "
          + "operation (shape " + self.shapeString() + "); wrap it in GradMode.noGrad() or use the out-of-place op");
    }
    if (self.base != null && (self.requiresGrad || self.base.requiresGrad)) {
      throw new IllegalStateException(op + ": in-place modification of a view (shape " + self.shapeString()
          + ") of a tensor that requires grad is not supported; use the out-of-place op");
    }
    checkWritable(op, self);
    // The recorded op reads a clone, so the values it saves survive the overwrite below.
    return self.requiresGrad ? self.cloneRecorded() : self;
  }

  /** Writes {@code result} into {@code self} and makes self take result's place in the graph. */
  static Tensor inPlaceWithGrad(String op, Tensor self, Tensor result) {
    checkCastable(op, result.dtype, self);
    if (result.numel() > 0) self.backend.copy(self.operand(), result.operand());
    self.version.bump();
    Tensor src = self.dtype == result.dtype ? result : result.to(self.dtype);
    self.requiresGrad = src.requiresGrad;
    self.gradFn = src.gradFn;
    self.gradMeta = src.gradMeta;
    return self;
  }

  // ---- where ----

  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    if (cond.dtype != DType.BOOL) {
      throw new IllegalArgumentException("where: expected condition to be a bool tensor, but got " + cond.dtype
          + " (shape " + cond.shapeString() + "); compare with e.g. gt(0) first");
    }
    a = alignDevice(a, cond);
    b = alignDevice(b, cond);
    sameDevice("where", cond, a);
    sameDevice("where", cond, b);
    DType t = resultType(a, b);
    int[] shape = Shape.broadcast(Shape.broadcast(cond.shape, a.shape, "where"), b.shape, "where");
    Tensor ac = cast(a, t), bc = cast(b, t);
    Tensor r = empty(shape, t, cond.device());
    if (r.numel() > 0) {
      cond.backend.where(r.operand(), cond.broadcastOperand(shape), ac.broadcastOperand(shape),
          bc.broadcastOperand(shape));
    }
    return record(Op.WHERE, r, NO_ARGS, cond, ac, bc);
  }
}
