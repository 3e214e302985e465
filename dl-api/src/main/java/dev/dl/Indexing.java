package dev.dl;

import dev.dl.spi.Op;
import dev.dl.spi.OpCall;
import java.util.Arrays;

/** Subscripts, gather/scatter and masked selection. */
final class Indexing {
  private Indexing() {}

  static Object[] parse(String spec) {
    if (spec == null) throw new IllegalArgumentException("index: spec must not be null");
    String[] parts = spec.split(",", -1);
    Object[] out = new Object[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      try {
        if (p.equals("...")) {
          out[i] = Index.ELLIPSIS;
        } else if (p.equals("None")) {
          out[i] = Index.NEW_AXIS;
        } else if (p.contains(":")) {
          String[] f = p.split(":", -1);
          if (f.length > 3) throw new IllegalArgumentException("too many ':'");
          out[i] = Index.slice(num(f[0]), num(f[1]), f.length == 3 ? num(f[2]) : null);
        } else {
          out[i] = Integer.parseInt(p);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("index: cannot parse '" + p + "' in \"" + spec
            + "\"; use integers, start:end:step, '...' or 'None' separated by commas", e);
      }
    }
    return out;
  }

  private static Integer num(String s) {
    String t = s.trim();
    return t.isEmpty() ? null : Integer.valueOf(t);
  }

  static Tensor index(Tensor t, Object[] indices) {
    int consumed = 0;
    int ellipses = 0;
    for (Object o : indices) {
      if (o == Index.ELLIPSIS) ellipses++;
      else if (o == Index.NEW_AXIS) continue;
      else if (o instanceof Tensor m && m.dtype == DType.BOOL) consumed += m.dim();
      else consumed++;
    }
    if (ellipses > 1) throw new IllegalArgumentException("index: an index can only have a single ellipsis ('...')");
    if (consumed > t.dim()) {
      throw new IndexOutOfBoundsException("index: too many indices for tensor of dimension " + t.dim() + " (shape "
          + t.shapeString() + "): got " + consumed + " in " + Arrays.toString(indices));
    }
    Tensor r = t;
    int dim = 0;
    Tensor advanced = null;
    int advancedDim = -1;
    for (Object o : indices) {
      if (o == Index.ELLIPSIS) {
        dim += t.dim() - consumed;
      } else if (o == Index.NEW_AXIS) {
        r = r.unsqueeze(dim);
        dim++;
      } else if (o instanceof Index s) {
        r = r.slice(dim, s.start == null ? 0 : s.start, s.end == null ? Integer.MAX_VALUE : s.end,
            s.step == null ? 1 : s.step);
        dim++;
      } else if (o instanceof Integer || o instanceof Long) {
        long i = ((Number) o).longValue();
        if (i < Integer.MIN_VALUE || i > Integer.MAX_VALUE) {
          throw new IndexOutOfBoundsException("index " + i + " is out of bounds for dimension " + dim);
        }
        int n = r.shape[dim];
        if (i < -n || i >= n) {
          throw new IndexOutOfBoundsException("index " + i + " is out of bounds for dimension " + dim + " with size " + n);
        }
        r = r.select(dim, (int) i);
      } else if (o instanceof Tensor idx) {
        if (advanced != null) {
          throw new IllegalArgumentException("index: only one tensor index per call is supported; index again with the "
              + "second one, or combine them with gather");
        }
        advanced = idx;
        advancedDim = dim;
        dim += idx.dtype == DType.BOOL ? idx.dim() : 1;
      } else {
        throw new IllegalArgumentException("index: unsupported index " + o + " ("
            + (o == null ? "null" : o.getClass().getSimpleName()) + "); use integers, Index.slice, Index.ALL, "
            + "Index.ELLIPSIS, Index.NEW_AXIS or a tensor");
      }
    }
    if (advanced == null) return r;
    if (advanced.dtype == DType.BOOL) return maskIndex(r, advancedDim, advanced);
    return tensorIndex(r, advancedDim, advanced);
  }

  /** x[..., idx, ...] with an integer index tensor: the indexed dim is replaced by idx's shape. */
  private static Tensor tensorIndex(Tensor x, int dim, Tensor idx) {
    if (idx.dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("index: tensors used as indices must be long, int or bool tensors, got "
          + idx.dtype);
    }
    Tensor wrapped = checkRange("index", asIndex("index", idx).reshape(-1), x.shape[dim], dim, true);
    Tensor flat = x.indexSelect(dim, wrapped);
    int[] shape = new int[x.dim() - 1 + idx.dim()];
    System.arraycopy(x.shape, 0, shape, 0, dim);
    System.arraycopy(idx.shape, 0, shape, dim, idx.dim());
    System.arraycopy(x.shape, dim + 1, shape, dim + idx.dim(), x.dim() - dim - 1);
    return flat.reshape(shape);
  }

  /** x[..., mask, ...]: the dims covered by the mask collapse into one dim of selected entries. */
  private static Tensor maskIndex(Tensor x, int dim, Tensor mask) {
    for (int i = 0; i < mask.dim(); i++) {
      if (mask.shape[i] != x.shape[dim + i]) {
        throw new IndexOutOfBoundsException("index: the shape of the mask " + mask.shapeString() + " at index " + i
            + " does not match the shape of the indexed tensor " + x.shapeString() + " at index " + (dim + i));
      }
    }
    Tensor merged = x.flatten(dim, dim + Math.max(mask.dim(), 1) - 1);
    if (mask.dim() == 0) merged = x.unsqueeze(dim);
    Tensor positions = nonzeroFlat(mask.reshape(-1));
    return merged.indexSelect(dim, positions);
  }

  static Tensor maskedSelect(Tensor t, Tensor mask) {
    if (mask.dtype != DType.BOOL) {
      throw new IllegalArgumentException("maskedSelect: expected a bool mask, got " + mask.dtype + " (shape "
          + mask.shapeString() + ")");
    }
    int[] shape = Shape.broadcast(t.shape, mask.shape, "maskedSelect");
    Tensor values = t.expand(shape).reshape(-1);
    Tensor positions = nonzeroFlat(mask.expand(shape).reshape(-1));
    return values.indexSelect(0, positions);
  }

  /** Flat positions where a 1-D mask is true. */
  private static Tensor nonzeroFlat(Tensor flatMask) { return nonzero(flatMask).reshape(-1); }

  static Tensor nonzero(Tensor t) {
    boolean[] m = t.to(DType.BOOL).toBooleanArray();
    int count = 0;
    for (boolean b : m) if (b) count++;
    int d = t.dim();
    long[] out = new long[count * d];
    int[] strides = Shape.contiguousStrides(t.shape);
    int k = 0;
    for (int i = 0; i < m.length; i++) {
      if (!m[i]) continue;
      int rem = i;
      for (int j = 0; j < d; j++) {
        out[k++] = rem / strides[j];
        rem %= strides[j];
      }
    }
    return HostArrays.fromHost(out, DType.INT64, new int[] {count, d}, t.device());
  }

  static Tensor asIndex(String op, Tensor index) {
    if (index.dtype == DType.INT64) return index;
    if (index.dtype.isInteger()) return index.to(DType.INT64);
    throw new IllegalArgumentException(op + ": expected an int64 index tensor, got " + index.dtype + " (shape "
        + index.shapeString() + ")");
  }

  /** Checks every index lies in [0, size), as gather, indexSelect and scatter require. */
  static Tensor checkRange(String op, Tensor index, int size, int dim) { return checkRange(op, index, size, dim, false); }

  /**
   * Checks every index lies in [0, size); with {@code wrapNegative} (tensor subscripts, like
   * Python's {@code x[idx]}) indices in [-size, 0) count from the end and are wrapped.
   */
  static Tensor checkRange(String op, Tensor index, int size, int dim, boolean wrapNegative) {
    if (index.numel() == 0) return index;
    long min, max;
    try (var g = GradMode.noGrad()) {
      min = index.min().itemLong();
      max = index.max().itemLong();
    }
    if (min < (wrapNegative ? -size : 0) || max >= size) {
      long bad = max >= size ? max : min;
      throw new IndexOutOfBoundsException(op + ": index " + bad + " is out of bounds for dimension " + dim
          + " with size " + size);
    }
    if (min < 0) {
      try (var g = GradMode.noGrad()) {
        return Tensor.where(index.lt(0), index.add((long) size), index);
      }
    }
    return index;
  }

  static Tensor indexSelect(Tensor t, int dim, Tensor index) {
    int d = Shape.normalizeDim(dim, Math.max(t.dim(), 1), "indexSelect");
    if (index.dim() > 1) {
      throw new IllegalArgumentException("indexSelect: index should have at most 1 dimension, got shape "
          + index.shapeString());
    }
    Dispatch.sameDevice("indexSelect", t, index);
    Tensor x = t.dim() == 0 ? t.reshape(1) : t;
    Tensor idx = checkRange("indexSelect", asIndex("indexSelect", index).reshape(-1), x.shape[d], d);
    int[] shape = x.shape.clone();
    shape[d] = idx.numel();
    int[] view = new int[x.dim()];
    Arrays.fill(view, 1);
    view[d] = idx.numel();
    Tensor expanded = idx.view(view).expand(shape);
    Tensor r = gatherUnchecked(x, d, expanded);
    return t.dim() == 0 ? r.reshape() : r;
  }

  static Tensor gather(Tensor t, int dim, Tensor index) {
    int d = Shape.normalizeDim(dim, Math.max(t.dim(), 1), "gather");
    Dispatch.sameDevice("gather", t, index);
    Tensor idx = asIndex("gather", index);
    if (idx.dim() != t.dim()) {
      throw new IllegalArgumentException("gather: index tensor must have the same number of dimensions as input "
          + "tensor: input " + t.shapeString() + ", index " + idx.shapeString());
    }
    for (int i = 0; i < t.dim(); i++) {
      if (i != d && idx.shape[i] > t.shape[i]) {
        throw new IllegalArgumentException("gather: size does not match at dimension " + i + ": expected index "
            + idx.shapeString() + " to be no larger than self " + t.shapeString() + " apart from dimension " + d);
      }
    }
    if (t.dim() == 0) return gatherUnchecked(t.reshape(1), 0, checkRange("gather", idx.reshape(1), 1, 0)).reshape();
    idx = checkRange("gather", idx, t.shape[d], d);
    return gatherUnchecked(t, d, idx);
  }

  static Tensor gatherUnchecked(Tensor t, int dim, Tensor index) {
    Tensor r = Dispatch.empty(index.shape, t.dtype, t.device());
    if (r.numel() > 0) t.backend.gather(r.operand(), t.operand(), dim, index.operand());
    return Dispatch.record(new OpCall(Op.GATHER, new Tensor[] {t, index}, r, new int[] {dim}, null));
  }

  private static int checkScatter(String op, Tensor t, int dim, Tensor index, Tensor src) {
    int d = Shape.normalizeDim(dim, Math.max(t.dim(), 1), op);
    Dispatch.sameDevice(op, t, index);
    Dispatch.sameDevice(op, t, src);
    if (index.dim() != t.dim() || src.dim() != t.dim()) {
      throw new IllegalArgumentException(op + ": index and src must have the same number of dimensions as self: self "
          + t.shapeString() + ", index " + index.shapeString() + ", src " + src.shapeString());
    }
    for (int i = 0; i < t.dim(); i++) {
      if (index.shape[i] > src.shape[i] || (i != d && index.shape[i] > t.shape[i])) {
        throw new IllegalArgumentException(op + ": expected index " + index.shapeString() + " to be no larger than self "
            + t.shapeString() + " apart from dimension " + d + " and to be no larger than src " + src.shapeString());
      }
    }
    return d;
  }

  static Tensor scatter(Tensor t, Op op, int dim, Tensor index, Tensor src) {
    String name = op == Op.SCATTER ? "scatter" : "scatterAdd";
    Tensor idx = asIndex(name, index);
    int d = checkScatter(name, t, dim, idx, src);
    idx = t.dim() == 0 ? idx : checkRange(name, idx, t.shape[d], d);
    Tensor s = Dispatch.cast(src, t.dtype);
    Tensor r = Dispatch.emptyLike(t, t.dtype);
    if (r.numel() > 0) t.backend.copy(r.operand(), t.operand());
    Tensor srcView = narrowTo(s, idx.shape);
    if (idx.numel() > 0) t.backend.scatter(op, r.operand(), d, idx.operand(), srcView.operand());
    return Dispatch.record(new OpCall(op, new Tensor[] {t, idx, srcView}, r, new int[] {d}, null));
  }

  static Tensor scatterInPlace(Tensor t, Op op, int dim, Tensor index, Tensor src) {
    String name = op == Op.SCATTER ? "scatter_" : "scatterAdd_";
    if (Dispatch.needsGrad(t, src)) {
      return Dispatch.inPlaceWithGrad(name, t, scatter(Dispatch.prepareInPlaceGrad(name, t), op, dim, index, src));
    }
    Dispatch.checkWritable(name, t);
    Tensor idx = asIndex(name, index);
    int d = checkScatter(name, t, dim, idx, src);
    idx = t.dim() == 0 ? idx : checkRange(name, idx, t.shape[d], d);
    Tensor s = narrowTo(Dispatch.cast(src, t.dtype), idx.shape);
    if (idx.numel() > 0) t.backend.scatter(op, t.operand(), d, idx.operand(), s.operand());
    t.version.bump();
    return t;
  }

  /** The leading {@code shape} block of {@code t} (scatter reads src only where index is defined). */
  private static Tensor narrowTo(Tensor t, int[] shape) {
    Tensor r = t;
    for (int i = 0; i < shape.length; i++) if (r.shape[i] != shape[i]) r = r.narrow(i, 0, shape[i]);
    return r;
  }

  /** Positions {@code start + i*step} along {@code dim}, expanded to {@code shape}, for slice scatters. */
  static Tensor slicePositions(int[] shape, int dim, int start, int step, Device device) {
    long[] pos = new long[shape[dim]];
    for (int i = 0; i < pos.length; i++) pos[i] = start + (long) i * step;
    int[] view = new int[shape.length];
    Arrays.fill(view, 1);
    view[dim] = pos.length;
    return HostArrays.fromHost(pos, DType.INT64, new int[] {pos.length}, device).view(view).expand(shape);
  }
}
