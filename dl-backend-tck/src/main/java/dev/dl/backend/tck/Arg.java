package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import java.util.Random;

/**
 * One input of a test case: its logical shape and how the device tensor is laid out. Whatever the
 * layout, the tensor's logical values equal the reference's array, so the reference never needs
 * to know about strides.
 */
record Arg(int[] shape, Layout layout) {
  /** How the device tensor holding an input is built. */
  enum Layout {
    /** Dense row-major. */
    CONTIGUOUS(""),
    /** The last two dims swapped in storage and transposed back (a non-contiguous view). */
    TRANSPOSED("T"),
    /** Every second element of a longer last dim, starting at storage offset 1. */
    SLICED("S"),
    /** A size-1 first dim broadcast with stride 0. */
    EXPANDED("E");

    final String tag;

    Layout(String tag) { this.tag = tag; }
  }

  /** Layouts that need dims: transposed two, sliced and expanded one. */
  Arg {
    if (layout == Layout.TRANSPOSED && shape.length < 2) throw new IllegalArgumentException("transposed needs 2 dims");
    if (layout == Layout.SLICED && shape.length < 1) throw new IllegalArgumentException("sliced needs 1 dim");
    if (layout == Layout.EXPANDED && shape.length < 1) throw new IllegalArgumentException("expanded needs 1 dim");
  }

  static Arg of(int... shape) { return new Arg(shape, Layout.CONTIGUOUS); }

  static Arg transposed(int... shape) { return new Arg(shape, Layout.TRANSPOSED); }

  static Arg sliced(int... shape) { return new Arg(shape, Layout.SLICED); }

  static Arg expanded(int... shape) { return new Arg(shape, Layout.EXPANDED); }

  /** Label for test names, e.g. {@code [5,13]T}. */
  String label() { return Nd.label(shape) + layout.tag; }

  /** Draws the values: an expanded input draws one row and repeats it. */
  Nd draw(Random r, DType dtype, Domain domain) {
    if (layout != Layout.EXPANDED) return domain.draw(r, dtype, shape);
    int[] src = shape.clone();
    src[0] = 1;
    return Ref.broadcastTo(domain.draw(r, dtype, src), shape);
  }

  /** A device tensor with exactly {@code values} (which has this arg's shape) in this layout. */
  Tensor build(Nd values, Device device) {
    int n = shape.length;
    return switch (layout) {
      case CONTIGUOUS -> DTypes.upload(values, device);
      case TRANSPOSED -> {
        int[] perm = identity(n);
        perm[n - 2] = n - 1;
        perm[n - 1] = n - 2;
        yield DTypes.upload(Ref.permute(values, perm), device).transpose(n - 2, n - 1);
      }
      case SLICED -> {
        int[] wide = shape.clone();
        int last = shape[n - 1];
        wide[n - 1] = 2 * last + 1;
        Nd storage = Nd.zeros(values.dtype, wide);
        for (int k = 0; k < storage.numel(); k++) {
          // Filler the op must never read: NaN (floats) or 77 shows up in any wrong result.
          if (storage.isFloat()) storage.f[k] = Double.NaN;
          else storage.setLong(k, 77);
        }
        for (int k = 0; k < values.numel(); k++) {
          int row = k / Math.max(last, 1);
          int col = k % Math.max(last, 1);
          storage.copyFrom(values, k, row * (2 * last + 1) + 1 + 2 * col);
        }
        yield DTypes.upload(storage, device).slice(n - 1, 1, 2 * last + 1, 2);
      }
      case EXPANDED -> {
        yield DTypes.upload(Ref.firstRow(values), device).expand(shape);
      }
    };
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    return p;
  }
}
