package dev.dl;

import dev.dl.spi.Op;
import java.util.Arrays;

/** Movement ops: new shape/strides/offset over the same storage, recorded for autograd. */
final class Views {
  private Views() {}

  static Tensor make(Tensor t, int[] shape, int[] strides, int offset) {
    return new Tensor(t.backend, t.storage, shape, strides, offset, t);
  }

  /** Strides that read {@code t} broadcast to {@code target} (0 on broadcast dims). */
  static int[] broadcastStrides(Tensor t, int[] target) {
    int[] out = new int[target.length];
    int lead = target.length - t.shape.length;
    for (int i = 0; i < target.length; i++) {
      int j = i - lead;
      out[i] = j < 0 || (t.shape[j] == 1 && target[i] != 1) ? 0 : t.strides[j];
    }
    return out;
  }

  /** Resolves one -1 in {@code shape} against {@code numel}, or explains why the shape is invalid. */
  static int[] inferShape(int[] shape, int numel, String op) {
    int infer = -1;
    long known = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1) {
        if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be inferred, got shape "
            + Arrays.toString(shape));
        infer = i;
      } else if (shape[i] < 0) {
        throw new IllegalArgumentException(op + ": invalid shape dimension " + shape[i] + " in " + Arrays.toString(shape));
      } else {
        known *= shape[i];
      }
    }
    int[] out = shape.clone();
    if (infer >= 0) {
      if (known == 0 || numel % known != 0) {
        throw new IllegalArgumentException(op + ": shape '" + Arrays.toString(shape) + "' is invalid for input of size "
            + numel);
      }
      out[infer] = (int) (numel / known);
    } else if (known != numel) {
      throw new IllegalArgumentException(op + ": shape '" + Arrays.toString(shape) + "' is invalid for input of size "
          + numel);
    }
    return out;
  }

  /** PyTorch's computeStride: strides for viewing (oldShape, oldStrides) as newShape, or null if impossible. */
  static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
    int[] newStrides = new int[newShape.length];
    if (Shape.numel(oldShape) == 0 || oldShape.length == 0) return Shape.contiguousStrides(newShape);
    int viewD = newShape.length - 1;
    long chunkBaseStride = oldStrides[oldStrides.length - 1];
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
      tensorNumel *= oldShape[tensorD];
      if (tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
          newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
          viewNumel *= newShape[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) return null;
        if (tensorD > 0) {
          chunkBaseStride = oldStrides[tensorD - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    return viewD == -1 ? newStrides : null;
  }

  static Tensor view(Tensor t, int[] shape) {
    int[] s = inferShape(shape, t.numel(), "view");
    int[] st = viewStrides(t.shape, t.strides, s);
    if (st == null) {
      throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride (at least one "
          + "dimension spans across two contiguous subspaces): cannot view " + t.shapeString() + " with strides "
          + Arrays.toString(t.strides) + " as " + Arrays.toString(s) + "; use .reshape(...) instead");
    }
    return Dispatch.record(Op.VIEW, make(t, s, st, t.offset), Dispatch.NO_ARGS, t);
  }

  static Tensor reshape(Tensor t, int[] shape) {
    int[] s = inferShape(shape, t.numel(), "reshape");
    int[] st = viewStrides(t.shape, t.strides, s);
    if (st != null) return Dispatch.record(Op.VIEW, make(t, s, st, t.offset), Dispatch.NO_ARGS, t);
    return view(t.clone(), s);
  }

  static Tensor flatten(Tensor t, int start, int end) {
    if (t.dim() == 0) return view(t, new int[] {1});
    int s = Shape.normalizeDim(start, t.dim(), "flatten");
    int e = Shape.normalizeDim(end, t.dim(), "flatten");
    if (s > e) throw new IllegalArgumentException("flatten: start_dim (" + start + ") cannot come after end_dim (" + end + ")");
    if (s == e) return t;
    int[] shape = new int[t.dim() - (e - s)];
    int k = 0;
    for (int i = 0; i < s; i++) shape[k++] = t.shape[i];
    int prod = 1;
    for (int i = s; i <= e; i++) prod *= t.shape[i];
    shape[k++] = prod;
    for (int i = e + 1; i < t.dim(); i++) shape[k++] = t.shape[i];
    return reshape(t, shape);
  }

  static Tensor unflatten(Tensor t, int dim, int[] sizes) {
    int d = Shape.normalizeDim(dim, t.dim(), "unflatten");
    if (sizes.length == 0) throw new IllegalArgumentException("unflatten: sizes must be non-empty");
    int[] resolved = inferShape(sizes, t.shape[d], "unflatten");
    int[] shape = new int[t.dim() - 1 + resolved.length];
    System.arraycopy(t.shape, 0, shape, 0, d);
    System.arraycopy(resolved, 0, shape, d, resolved.length);
    System.arraycopy(t.shape, d + 1, shape, d + resolved.length, t.dim() - d - 1);
    return view(t, shape);
  }

  static Tensor permute(Tensor t, int[] dims) {
    if (dims.length != t.dim()) {
      throw new IllegalArgumentException("permute: number of dims don't match: the tensor has " + t.dim()
          + " dims (shape " + t.shapeString() + ") but " + dims.length + " were given " + Arrays.toString(dims));
    }
    int[] perm = new int[dims.length];
    boolean[] seen = new boolean[dims.length];
    for (int i = 0; i < dims.length; i++) {
      perm[i] = Shape.normalizeDim(dims[i], t.dim(), "permute");
      if (seen[perm[i]]) throw new IllegalArgumentException("permute: repeated dim " + dims[i] + " in " + Arrays.toString(dims));
      seen[perm[i]] = true;
    }
    int[] shape = new int[perm.length];
    int[] strides = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      shape[i] = t.shape[perm[i]];
      strides[i] = t.strides[perm[i]];
    }
    return Dispatch.record(Op.PERMUTE, make(t, shape, strides, t.offset), perm, t);
  }

  static Tensor transpose(Tensor t, int d0, int d1) {
    if (t.dim() == 0) return t;
    int a = Shape.normalizeDim(d0, t.dim(), "transpose");
    int b = Shape.normalizeDim(d1, t.dim(), "transpose");
    int[] perm = new int[t.dim()];
    for (int i = 0; i < perm.length; i++) perm[i] = i;
    perm[a] = b;
    perm[b] = a;
    return permute(t, perm);
  }

  static Tensor squeeze(Tensor t) {
    int n = 0;
    for (int s : t.shape) if (s != 1) n++;
    int[] shape = new int[n];
    int[] strides = new int[n];
    int k = 0;
    for (int i = 0; i < t.dim(); i++) {
      if (t.shape[i] != 1) {
        shape[k] = t.shape[i];
        strides[k++] = t.strides[i];
      }
    }
    return Dispatch.record(Op.VIEW, make(t, shape, strides, t.offset), Dispatch.NO_ARGS, t);
  }

  static Tensor squeeze(Tensor t, int dim) {
    if (t.dim() == 0) {
      Shape.normalizeDim(dim, 0, "squeeze");
      return t;
    }
    int d = Shape.normalizeDim(dim, t.dim(), "squeeze");
    if (t.shape[d] != 1) return t;
    return Dispatch.record(Op.VIEW, make(t, remove(t.shape, d), remove(t.strides, d), t.offset), Dispatch.NO_ARGS, t);
  }

  static Tensor unsqueeze(Tensor t, int dim) {
    int d = Shape.normalizeDim(dim, t.dim() + 1, "unsqueeze");
    int stride = d < t.dim() ? t.shape[d] * t.strides[d] : 1;
    return Dispatch.record(Op.VIEW, make(t, insert(t.shape, d, 1), insert(t.strides, d, stride), t.offset),
        Dispatch.NO_ARGS, t);
  }

  static Tensor expand(Tensor t, int[] sizes) {
    if (sizes.length < t.dim()) {
      throw new IllegalArgumentException("expand: the number of sizes provided (" + sizes.length + ") must be greater "
          + "or equal to the number of dimensions in the tensor (" + t.dim() + "), shape " + t.shapeString());
    }
    int[] shape = new int[sizes.length];
    int lead = sizes.length - t.dim();
    for (int i = 0; i < sizes.length; i++) {
      int j = i - lead;
      int want = sizes[i];
      if (j < 0) {
        if (want < 0) throw new IllegalArgumentException("expand: the expanded size -1 isn't allowed in a leading, "
            + "non-existing dimension " + i + " (sizes " + Arrays.toString(sizes) + ")");
        shape[i] = want;
      } else if (want == -1 || want == t.shape[j]) {
        shape[i] = t.shape[j];
      } else if (t.shape[j] == 1 && want >= 0) {
        shape[i] = want;
      } else {
        throw new IllegalArgumentException("expand: the expanded size of the tensor (" + want + ") must match the "
            + "existing size (" + t.shape[j] + ") at non-singleton dimension " + i + ". Target sizes: "
            + Arrays.toString(sizes) + ". Tensor sizes: " + t.shapeString());
      }
    }
    if (Arrays.equals(shape, t.shape)) return t;
    return Dispatch.record(Op.EXPAND, make(t, shape, broadcastStrides(t, shape), t.offset), Dispatch.NO_ARGS, t);
  }

  /** Python slicing semantics on one dim: bounds clamp, step must be positive. */
  static Tensor slice(Tensor t, int dim, int start, int end, int step) {
    if (t.dim() == 0) throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor");
    int d = Shape.normalizeDim(dim, t.dim(), "slice");
    if (step <= 0) throw new IllegalArgumentException("slice: step must be greater than zero, got " + step);
    int n = t.shape[d];
    int s = clampIndex(start, n);
    int e = clampIndex(end, n);
    int len = e <= s ? 0 : (e - s + step - 1) / step;
    return sliceRaw(t, d, s, len, step);
  }

  /** PyTorch's narrow: a negative start counts from the end; the range must lie inside the dim. */
  static Tensor narrow(Tensor t, int dim, int start, int length) {
    if (t.dim() == 0) throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor");
    int d = Shape.normalizeDim(dim, t.dim(), "narrow");
    int n = t.shape[d];
    if (start < -n || start > n) {
      throw new IndexOutOfBoundsException("narrow(): start " + start + " out of range for dimension " + d + " of size "
          + n + " (tensor " + t.shapeString() + ")");
    }
    int s = start < 0 ? start + n : start;
    if (length < 0 || s + length > n) {
      throw new IllegalArgumentException("narrow(): start (" + s + ") + length (" + length + ") exceeds dimension "
          + d + " of size " + n + " (tensor " + t.shapeString() + "); length must be in [0, " + (n - s) + "]");
    }
    return sliceRaw(t, d, s, length, 1);
  }

  private static int clampIndex(int i, int n) {
    if (i < 0) i += n;
    return Math.max(0, Math.min(i, n));
  }

  /** A strided slice without bound normalisation; step may be negative (used by flip). */
  static Tensor sliceRaw(Tensor t, int d, int start, int length, int step) {
    int[] shape = t.shape.clone();
    int[] strides = t.strides.clone();
    shape[d] = length;
    strides[d] = t.strides[d] * step;
    int offset = length == 0 ? t.offset : t.offset + start * t.strides[d];
    return Dispatch.record(Op.SLICE, make(t, shape, strides, offset), new int[] {d, start, length, step}, t);
  }

  static Tensor select(Tensor t, int dim, int index) {
    if (t.dim() == 0) throw new IllegalArgumentException("select() cannot be applied to a 0-dim tensor");
    int d = Shape.normalizeDim(dim, t.dim(), "select");
    int n = t.shape[d];
    if (index < -n || index >= n) {
      throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size "
          + t.shapeString() + " at dimension " + d);
    }
    int i = index < 0 ? index + n : index;
    return squeeze(sliceRaw(t, d, i, 1, 1), d);
  }

  static int[] remove(int[] a, int i) {
    int[] out = new int[a.length - 1];
    System.arraycopy(a, 0, out, 0, i);
    System.arraycopy(a, i + 1, out, i, a.length - i - 1);
    return out;
  }

  static int[] insert(int[] a, int i, int v) {
    int[] out = new int[a.length + 1];
    System.arraycopy(a, 0, out, 0, i);
    out[i] = v;
    System.arraycopy(a, i, out, i + 1, a.length - i);
    return out;
  }
}
