package dev.dl;

import dev.dl.spi.Op;
import dev.dl.spi.OpCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Ops that assemble or rearrange whole tensors: cat, stack, split, flip, roll, repeat, pad, triangles. */
final class Joins {
  private Joins() {}

  static Tensor cat(List<Tensor> tensors, int dim) {
    if (tensors == null || tensors.isEmpty()) throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
    Tensor first = tensors.get(0);
    if (first.dim() == 0) {
      throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated; "
          + "use stack or unsqueeze first");
    }
    int d = Shape.normalizeDim(dim, first.dim(), "cat");
    DType type = first.dtype;
    int total = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      Dispatch.sameDevice("cat", first, t);
      if (t.dim() != first.dim()) {
        throw new IllegalArgumentException("cat: tensors must have same number of dimensions: got " + first.dim()
            + " (shape " + first.shapeString() + ") and " + t.dim() + " (shape " + t.shapeString() + ") at position " + i);
      }
      for (int j = 0; j < t.dim(); j++) {
        if (j != d && t.shape[j] != first.shape[j]) {
          throw new IllegalArgumentException("cat: sizes of tensors must match except in dimension " + d
              + ". Expected size " + first.shape[j] + " but got size " + t.shape[j] + " for tensor number " + i
              + " in the list (shapes " + first.shapeString() + " and " + t.shapeString() + ")");
        }
      }
      type = DType.promote(type, t.dtype);
      total += t.shape[d];
    }
    int[] shape = first.shape.clone();
    shape[d] = total;
    Tensor out = Dispatch.empty(shape, type, first.device());
    Tensor[] inputs = new Tensor[tensors.size()];
    int at = 0;
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = Dispatch.cast(tensors.get(i), type);
      inputs[i] = t;
      int n = t.shape[d];
      if (n > 0 && t.numel() > 0) {
        Tensor slot;
        try (var g = GradMode.noGrad()) {
          slot = out.narrow(d, at, n);
        }
        out.backend.copy(slot.operand(), t.operand());
      }
      at += n;
    }
    return Dispatch.record(new OpCall(Op.CAT, inputs, out, new int[] {d}, null));
  }

  static Tensor stack(List<Tensor> tensors, int dim) {
    if (tensors == null || tensors.isEmpty()) throw new IllegalArgumentException("stack: expects a non-empty list of tensors");
    Tensor first = tensors.get(0);
    int d = Shape.normalizeDim(dim, first.dim() + 1, "stack");
    List<Tensor> parts = new ArrayList<>(tensors.size());
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (!Arrays.equals(t.shape, first.shape)) {
        throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got " + first.shapeString()
            + " at entry 0 and " + t.shapeString() + " at entry " + i);
      }
      parts.add(t.unsqueeze(d));
    }
    return cat(parts, d);
  }

  static List<Tensor> split(Tensor t, int size, int dim) {
    int d = Shape.normalizeDim(dim, t.dim(), "split");
    if (size <= 0) throw new IllegalArgumentException("split: split_size must be positive, got " + size);
    int n = t.shape[d];
    List<Tensor> out = new ArrayList<>();
    for (int at = 0; at < n || (n == 0 && out.isEmpty()); at += size) out.add(t.narrow(d, at, Math.min(size, n - at)));
    return out;
  }

  static List<Tensor> split(Tensor t, int[] sizes, int dim) {
    int d = Shape.normalizeDim(dim, t.dim(), "split");
    int sum = 0;
    for (int s : sizes) {
      if (s < 0) throw new IllegalArgumentException("split: sizes must be non-negative, got " + Arrays.toString(sizes));
      sum += s;
    }
    if (sum != t.shape[d]) {
      throw new IllegalArgumentException("split: split_with_sizes expects split_sizes to sum exactly to " + t.shape[d]
          + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Arrays.toString(sizes));
    }
    List<Tensor> out = new ArrayList<>();
    int at = 0;
    for (int s : sizes) {
      out.add(t.narrow(d, at, s));
      at += s;
    }
    return out;
  }

  static List<Tensor> chunk(Tensor t, int chunks, int dim) {
    if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be greater than 0, got " + chunks);
    int d = Shape.normalizeDim(dim, t.dim(), "chunk");
    int size = Math.max(1, Math.ceilDiv(t.shape[d], chunks));
    return split(t, size, d);
  }

  static Tensor flip(Tensor t, int[] dims) {
    Tensor r = t;
    boolean[] seen = new boolean[Math.max(t.dim(), 1)];
    for (int dim : dims) {
      int d = Shape.normalizeDim(dim, t.dim(), "flip");
      if (seen[d]) throw new IllegalArgumentException("flip: dim " + d + " appears multiple times in " + Arrays.toString(dims));
      seen[d] = true;
      int n = r.shape[d];
      if (n > 1) r = Views.sliceRaw(r, d, n - 1, n, -1);
    }
    return r == t ? t.clone() : r.clone();
  }

  static Tensor roll(Tensor t, int[] shifts, int[] dims) {
    if (dims.length == 0) {
      if (shifts.length != 1) throw new IllegalArgumentException("roll: without dims, exactly one shift is expected");
      return roll(t.flatten(), shifts, new int[] {0}).view(t.shape);
    }
    if (shifts.length != dims.length) {
      throw new IllegalArgumentException("roll: shifts and dimensions must align, got shifts=" + Arrays.toString(shifts)
          + " and dims=" + Arrays.toString(dims));
    }
    Tensor r = t;
    for (int i = 0; i < dims.length; i++) {
      int d = Shape.normalizeDim(dims[i], t.dim(), "roll");
      int n = r.shape[d];
      if (n == 0) continue;
      int s = Math.floorMod(shifts[i], n);
      if (s == 0) continue;
      r = cat(List.of(r.narrow(d, n - s, s), r.narrow(d, 0, n - s)), d);
    }
    return r == t ? t.clone() : r;
  }

  static Tensor repeat(Tensor t, int[] repeats) {
    if (repeats.length < t.dim()) {
      throw new IllegalArgumentException("repeat: number of dimensions of repeat dims (" + repeats.length + ") can not be "
          + "smaller than number of dimensions of tensor (" + t.dim() + ", shape " + t.shapeString() + ")");
    }
    int n = repeats.length;
    int[] padded = new int[n];
    Arrays.fill(padded, 1);
    System.arraycopy(t.shape, 0, padded, n - t.dim(), t.dim());
    int[] interleaved = new int[2 * n];
    int[] expanded = new int[2 * n];
    int[] result = new int[n];
    for (int i = 0; i < n; i++) {
      if (repeats[i] < 0) throw new IllegalArgumentException("repeat: repeats must be non-negative, got " + Arrays.toString(repeats));
      interleaved[2 * i] = 1;
      interleaved[2 * i + 1] = padded[i];
      expanded[2 * i] = repeats[i];
      expanded[2 * i + 1] = padded[i];
      result[i] = repeats[i] * padded[i];
    }
    return t.reshape(interleaved).expand(expanded).reshape(result);
  }

  static Tensor triangle(Tensor t, int k, boolean lower) {
    if (t.dim() < 2) {
      throw new IllegalArgumentException((lower ? "tril" : "triu") + ": input tensor must have at least 2 dimensions, "
          + "got shape " + t.shapeString());
    }
    int rows = t.shape[t.dim() - 2], cols = t.shape[t.dim() - 1];
    Tensor r = Tensor.arange(rows).to(t.device()).unsqueeze(1);
    Tensor c = Tensor.arange(cols).to(t.device()).unsqueeze(0);
    Tensor diff = c.sub(r);
    Tensor keep = lower ? diff.le((long) k) : diff.ge((long) k);
    return Tensor.where(keep, t, Dispatch.scalar(0, t.dtype, t.device()));
  }

  static Tensor pad(Tensor t, int[] pads, double value) {
    if (pads.length % 2 != 0 || pads.length / 2 > t.dim()) {
      throw new IllegalArgumentException("pad: padding length must be even and at most 2*dim (" + 2 * t.dim()
          + "), got " + Arrays.toString(pads) + " for shape " + t.shapeString());
    }
    Tensor r = t;
    for (int i = 0; i < pads.length / 2; i++) {
      int d = t.dim() - 1 - i;
      int before = pads[2 * i], after = pads[2 * i + 1];
      if (before < 0) r = r.narrow(d, -before, r.shape[d] + before);
      if (after < 0) r = r.narrow(d, 0, r.shape[d] + after);
      if (r.shape[d] < 0 || (before < 0 && after < 0 && r.shape[d] == 0)) {
        throw new IllegalArgumentException("pad: negative padding " + Arrays.toString(pads) + " removes more than shape "
            + t.shapeString());
      }
      List<Tensor> parts = new ArrayList<>(3);
      if (before > 0) parts.add(block(r, d, before, value));
      parts.add(r);
      if (after > 0) parts.add(block(r, d, after, value));
      if (parts.size() > 1) r = cat(parts, d);
    }
    return r;
  }

  private static Tensor block(Tensor like, int d, int size, double value) {
    int[] shape = like.shape.clone();
    shape[d] = size;
    return Tensor.full(Shape.of(shape), value, like.dtype, like.device());
  }
}
