package dev.dl;

import dev.dl.spi.Op;
import java.util.Arrays;

/** Reductions, scans, norms and softmax. */
final class Reductions {
  private Reductions() {}

  /** Sorted, distinct, non-negative dims; null or empty means all dims. */
  static int[] normalizeDims(Tensor t, int[] dims, String op) {
    if (dims == null || dims.length == 0) {
      int[] all = new int[t.dim()];
      for (int i = 0; i < all.length; i++) all[i] = i;
      return all;
    }
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) out[i] = Shape.normalizeDim(dims[i], t.dim(), op);
    Arrays.sort(out);
    for (int i = 1; i < out.length; i++) {
      if (out[i] == out[i - 1]) {
        throw new IllegalArgumentException(op + ": dim " + out[i] + " appears multiple times in the list of dims "
            + Arrays.toString(dims));
      }
    }
    return out;
  }

  static Tensor reduce(Op op, Tensor t, int[] dims, boolean keepdim) {
    String name = op.methodName();
    if (t.dim() == 0) {
      if (dims != null) for (int d : dims) Shape.normalizeDim(d, 0, name);
      return reduce(op, t.reshape(1), new int[] {0}, false);
    }
    int[] ds = normalizeDims(t, dims, name);
    if (op == Op.MAX || op == Op.MIN) {
      for (int d : ds) {
        if (t.shape[d] == 0) {
          throw new IllegalArgumentException(name + "(): expected reduction dim " + d + " to have non-zero size (shape "
              + t.shapeString() + ")");
        }
      }
    }
    DType type = (op == Op.SUM || op == Op.PROD) && !t.dtype.isFloatingPoint() ? DType.INT64 : t.dtype;
    Tensor x = Dispatch.cast(t, type);
    int[] keepShape = x.shape.clone();
    for (int d : ds) keepShape[d] = 1;
    Tensor out = Dispatch.empty(x.backend, keepShape, type);
    if (out.numel() > 0) x.backend.reduce(op, out.operand(), x.operand(), ds);
    Dispatch.record(op, out, ds, x);
    return keepdim ? out : out.view(squeezedShape(keepShape, ds));
  }

  static int[] squeezedShape(int[] keepShape, int[] dims) {
    int[] shape = new int[keepShape.length - dims.length];
    int k = 0;
    for (int i = 0, j = 0; i < keepShape.length; i++) {
      if (j < dims.length && dims[j] == i) j++;
      else shape[k++] = keepShape[i];
    }
    return shape;
  }

  static Tensor reduceAll(Op op, Tensor t) { return reduce(op, t, null, false); }

  static Tensor sum(Tensor t, int[] dims, boolean keepdim) { return reduce(Op.SUM, t, dims, keepdim); }

  static Tensor mean(Tensor t, int[] dims, boolean keepdim) {
    if (!t.dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating "
          + "point or complex dtype. Got: " + t.dtype + " (shape " + t.shapeString() + "); cast with toFloat() first");
    }
    int count = reducedCount(t, dims, "mean");
    return sum(t, dims, keepdim).div((double) count);
  }

  static int reducedCount(Tensor t, int[] dims, String op) {
    if (t.dim() == 0) return 1;
    int count = 1;
    for (int d : normalizeDims(t, dims, op)) count *= t.shape[d];
    return count;
  }

  static Tensor var(Tensor t, int[] dims, int correction, boolean keepdim) {
    if (!t.dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("var(): expected a floating point input, got " + t.dtype + " (shape "
          + t.shapeString() + ")");
    }
    int n = reducedCount(t, dims, "var");
    Tensor centered = t.sub(mean(t, dims, true));
    return sum(centered.mul(centered), dims, keepdim).div((double) Math.max(0, n - correction));
  }

  static Tensor.ValuesIndices maxMin(Tensor t, int dim, boolean keepdim, boolean max) {
    Tensor idx = arg(max ? Op.ARGMAX : Op.ARGMIN, t, dim, true);
    if (t.dim() == 0) return new Tensor.ValuesIndices(t.clone(), idx.reshape());
    int d = Shape.normalizeDim(dim, t.dim(), max ? "max" : "min");
    Tensor values = Indexing.gatherUnchecked(t, d, idx);
    return keepdim ? new Tensor.ValuesIndices(values, idx)
        : new Tensor.ValuesIndices(values.squeeze(d), idx.squeeze(d));
  }

  static Tensor arg(Op op, Tensor t, int dim, boolean keepdim) {
    String name = op.methodName();
    if (t.dim() == 0) {
      Shape.normalizeDim(dim, 0, name);
      return Dispatch.scalar(0L, DType.INT64, t.device());
    }
    int d = Shape.normalizeDim(dim, t.dim(), name);
    if (t.shape[d] == 0) {
      throw new IllegalArgumentException(name + "(): expected reduction dim " + d + " to have non-zero size (shape "
          + t.shapeString() + ")");
    }
    if (t.dtype == DType.BOOL) t = t.to(DType.UINT8);
    int[] keepShape = t.shape.clone();
    keepShape[d] = 1;
    Tensor out = Dispatch.empty(keepShape, DType.INT64, t.device());
    if (out.numel() > 0) t.backend.reduce(op, out.operand(), t.operand(), new int[] {d});
    return keepdim ? out : out.view(Views.remove(keepShape, d));
  }

  static Tensor argAll(Op op, Tensor t) {
    if (t.numel() == 0) {
      throw new IllegalArgumentException(op.methodName() + "(): cannot reduce an empty tensor (shape "
          + t.shapeString() + ")");
    }
    return arg(op, t.reshape(-1), 0, false);
  }

  static Tensor logsumexp(Tensor t, int[] dims, boolean keepdim) {
    Tensor x = t.dtype.isFloatingPoint() ? t : t.toFloat();
    Tensor m;
    try (var g = GradMode.noGrad()) {
      m = x.amax(dims, true);
      m = Tensor.where(m.isinf(), Dispatch.scalar(0, m.dtype, m.device()), m);
    }
    Tensor r = sum(x.sub(m).exp(), dims, true).log().add(m);
    return keepdim ? r : r.view(squeezedShape(r.shape, normalizeDims(x, dims, "logsumexp")));
  }

  static Tensor scan(Op op, Tensor t, int dim) {
    String name = op.methodName();
    if (t.dim() == 0) {
      Shape.normalizeDim(dim, 0, name);
      return scan(op, t.reshape(1), 0).reshape();
    }
    int d = Shape.normalizeDim(dim, t.dim(), name);
    DType type = t.dtype.isFloatingPoint() ? t.dtype : DType.INT64;
    Tensor x = Dispatch.cast(t, type);
    Tensor out = Dispatch.emptyLike(x, type);
    if (out.numel() > 0) x.backend.scan(op, out.operand(), x.operand(), d);
    return Dispatch.record(op, out, new int[] {d}, x);
  }

  static Tensor norm(Tensor t, double p, int[] dims, boolean keepdim) {
    Tensor x = t.dtype.isFloatingPoint() ? t : t.toFloat();
    if (p == 2) return sum(x.mul(x), dims, keepdim).sqrt();
    if (p == 1) return sum(x.abs(), dims, keepdim);
    if (p == Double.POSITIVE_INFINITY) return reduce(Op.MAX, x.abs(), dims, keepdim);
    if (p == Double.NEGATIVE_INFINITY) return reduce(Op.MIN, x.abs(), dims, keepdim);
    if (p == 0) return sum(x.ne(0).to(x.dtype), dims, keepdim);
    return sum(x.abs().pow(p), dims, keepdim).pow(1.0 / p);
  }

  static Tensor softmax(Tensor t, int dim, boolean log) {
    String name = log ? "logSoftmax" : "softmax";
    if (!t.dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(name + ": expected a floating point input, got " + t.dtype + " (shape "
          + t.shapeString() + "); cast with toFloat() first");
    }
    if (t.dim() == 0) {
      Shape.normalizeDim(dim, 0, name);
      return softmax(t.reshape(1), 0, log).reshape();
    }
    int d = Shape.normalizeDim(dim, t.dim(), name);
    Op op = log ? Op.LOG_SOFTMAX : Op.SOFTMAX;
    Tensor out = Dispatch.emptyLike(t, t.dtype);
    if (out.numel() == 0) return out;
    if (t.backend.softmax(op, out.operand(), t.operand(), d)) return Dispatch.record(op, out, new int[] {d}, t);
    Tensor m;
    try (var g = GradMode.noGrad()) {
      m = t.amax(new int[] {d}, true);
    }
    Tensor shifted = t.sub(m);
    Tensor e = shifted.exp();
    Tensor s = sum(e, new int[] {d}, true);
    return log ? shifted.sub(s.log()) : e.div(s);
  }
}
