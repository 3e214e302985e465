package dev.dl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** PyTorch's tensor repr: same number formats, summarisation of large tensors and suffixes. */
final class Printer {
  private static final int THRESHOLD = 1000;
  private static final int EDGE_ITEMS = 3;
  private static final int LINE_WIDTH = 80;
  private static final String PREFIX = "tensor(";

  private Printer() {}

  static String print(Tensor t) {
    StringBuilder sb = new StringBuilder(PREFIX);
    List<String> suffixes = new ArrayList<>();
    if (t.numel() == 0 && t.dim() > 0) {
      sb.append("[]");
      if (t.dim() != 1) suffixes.add("size=(" + joinShape(t.shape) + ")");
    } else {
      double[] values = t.dtype == DType.INT64 ? null : t.toDoubleArray();
      long[] longs = t.dtype == DType.INT64 ? t.toLongArray() : null;
      boolean summarize = t.numel() > THRESHOLD;
      Formatter f = new Formatter(t, values, longs, summarize);
      format(sb, t.shape, Shape.contiguousStrides(t.shape), 0, 0, f, summarize, PREFIX.length());
    }
    if (!t.device().equals(Device.CPU)) suffixes.add("device='" + t.device() + "'");
    if (t.dtype != DType.FLOAT32 && t.dtype != DType.INT64 && t.dtype != DType.BOOL
        || (t.numel() == 0 && t.dtype != DType.FLOAT32)) {
      suffixes.add("dtype=torch." + t.dtype.torchName());
    }
    if (t.gradFn != null) suffixes.add("grad_fn=<" + t.gradFn.name() + ">");
    else if (t.requiresGrad) suffixes.add("requires_grad=True");
    for (String s : suffixes) sb.append(", ").append(s);
    return sb.append(')').toString();
  }

  private static String joinShape(int[] shape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
    return sb.toString();
  }

  private static void format(StringBuilder sb, int[] shape, int[] strides, int dim, int offset, Formatter f,
      boolean summarize, int indent) {
    if (shape.length == 0) {
      sb.append(f.format(offset).strip());
      return;
    }
    int n = shape[dim];
    boolean cut = summarize && n > 2 * EDGE_ITEMS;
    sb.append('[');
    if (dim == shape.length - 1) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (cut && i == EDGE_ITEMS) {
          items.add(" ...");
          i = n - EDGE_ITEMS;
        }
        items.add(f.format(offset + i * strides[dim]));
      }
      int perLine = Math.max(1, (LINE_WIDTH - indent - 1) / (f.width + 2));
      for (int k = 0; k < items.size(); k++) {
        if (k > 0) {
          sb.append(',');
          if (k % perLine == 0) sb.append('\n').append(" ".repeat(indent + 1));
          else sb.append(' ');
        }
        sb.append(items.get(k));
      }
    } else {
      String sep = "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(indent + 1);
      for (int i = 0; i < n; i++) {
        if (cut && i == EDGE_ITEMS) {
          sb.append(sep).append("...");
          i = n - EDGE_ITEMS;
        }
        if (i > 0) sb.append(sep);
        format(sb, shape, strides, dim + 1, offset + i * strides[dim], f, summarize, indent + 1);
      }
    }
    sb.append(']');
  }

  /** Chooses one number format for the whole tensor, as PyTorch's _Formatter does. */
  private static final class Formatter {
    private final DType dtype;
    private final double[] values;
    private final long[] longs;
    private final boolean intMode;
    private final boolean sciMode;
    final int width;

    Formatter(Tensor t, double[] values, long[] longs, boolean summarize) {
      this.dtype = t.dtype;
      this.values = values;
      this.longs = longs;
      boolean allInt = true;
      double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
      if (dtype.isFloatingPoint()) {
        for (double v : values) {
          if (!Double.isFinite(v)) continue;
          if (v != Math.ceil(v)) allInt = false;
          double a = Math.abs(v);
          if (a != 0) {
            maxAbs = Math.max(maxAbs, a);
            minAbs = Math.min(minAbs, a);
          }
        }
      }
      this.intMode = allInt;
      boolean anyNonZero = maxAbs > 0;
      this.sciMode = dtype.isFloatingPoint() && anyNonZero && (allInt ? maxAbs > 1e8
          : (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4));
      // As PyTorch: floats size the column from finite nonzero values only, so nan/inf/0 never widen it.
      int w = 1;
      int n = values != null ? values.length : longs.length;
      for (int i = 0; i < n; i++) {
        if (dtype.isFloatingPoint() && (!Double.isFinite(values[i]) || values[i] == 0)) continue;
        w = Math.max(w, raw(i).length());
      }
      this.width = w;
    }

    private String raw(int i) {
      if (longs != null) return Long.toString(longs[i]);
      double v = values[i];
      if (dtype == DType.BOOL) return v != 0 ? "True" : "False";
      if (!dtype.isFloatingPoint()) return Long.toString((long) v);
      if (Double.isNaN(v)) return "nan";
      if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
      if (sciMode) return String.format(Locale.ROOT, "%.4e", v);
      if (intMode) return String.format(Locale.ROOT, "%.0f.", v);
      return String.format(Locale.ROOT, "%.4f", v);
    }

    String format(int i) {
      String s = raw(i);
      return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
  }
}
