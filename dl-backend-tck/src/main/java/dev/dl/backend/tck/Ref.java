package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The independent reference: plain loops over row-major host arrays, doubles for floating dtypes
 * and longs for integers, written from PyTorch's documented semantics and sharing no code with
 * any backend. Results are rounded or wrapped to the output dtype only when stored.
 */
final class Ref {
  private Ref() {}

  // ---- layout helpers ----

  /** Strides that read an array of {@code in} shape as if broadcast to {@code out} (0 on broadcast dims). */
  static int[] broadcastStrides(int[] in, int[] out) {
    int[] s = new int[out.length];
    int[] cs = Nd.strides(in);
    for (int i = 0; i < in.length; i++) {
      int o = out.length - in.length + i;
      s[o] = in[i] == 1 && out[o] != 1 ? 0 : cs[i];
    }
    return s;
  }

  /** Flat offset of multi-index {@code idx} under {@code strides}. */
  static int offset(int[] idx, int[] strides) {
    int off = 0;
    for (int i = 0; i < idx.length; i++) off += idx[i] * strides[i];
    return off;
  }

  /** Advances a row-major multi-index in place. */
  static void next(int[] idx, int[] shape) {
    for (int d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) return;
      idx[d] = 0;
    }
  }

  static Nd broadcastTo(Nd x, int[] shape) {
    Nd r = Nd.zeros(x.dtype, shape);
    int[] s = broadcastStrides(x.shape, shape);
    int[] idx = new int[shape.length];
    for (int k = 0; k < r.numel(); k++, next(idx, shape)) r.copyFrom(x, offset(idx, s), k);
    return r;
  }

  /** The first slice along dim 0, keeping that dim with size 1. */
  static Nd firstRow(Nd x) {
    int[] src = x.shape.clone();
    src[0] = Math.min(1, src[0]);
    Nd r = Nd.zeros(x.dtype, src);
    for (int k = 0; k < r.numel(); k++) r.copyFrom(x, k, k);
    return r;
  }

  static Nd permute(Nd x, int[] perm) {
    int[] shape = new int[perm.length];
    int[] cs = Nd.strides(x.shape);
    int[] s = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      shape[i] = x.shape[perm[i]];
      s[i] = cs[perm[i]];
    }
    return gatherView(x, shape, s, 0);
  }

  /** Materialises the strided view (shape, strides, offset) of a row-major array. */
  static Nd gatherView(Nd x, int[] shape, int[] strides, int off) {
    Nd r = Nd.zeros(x.dtype, shape);
    int[] idx = new int[shape.length];
    for (int k = 0; k < r.numel(); k++, next(idx, shape)) r.copyFrom(x, off + offset(idx, strides), k);
    return r;
  }

  /** Python's {@code x[..., start:end:step, ...]} on one dim (bounds already in range). */
  static Nd slice(Nd x, int dim, int start, int end, int step) {
    int[] shape = x.shape.clone();
    shape[dim] = Math.max(0, (end - start + step - 1) / step);
    int[] s = Nd.strides(x.shape);
    int off = start * s[dim];
    s[dim] *= step;
    return gatherView(x, shape, s, shape[dim] == 0 ? 0 : off);
  }

  static Nd select(Nd x, int dim, int index) {
    Nd one = slice(x, dim, index, index + 1, 1);
    int[] shape = new int[x.dim() - 1];
    for (int i = 0, j = 0; i < x.dim(); i++) if (i != dim) shape[j++] = x.shape[i];
    return one.reshape(shape);
  }

  static Nd flip(Nd x, int... dims) {
    int[] s = Nd.strides(x.shape);
    int off = 0;
    for (int d : dims) {
      if (x.shape[d] > 0) off += (x.shape[d] - 1) * s[d];
      s[d] = -s[d];
    }
    return gatherView(x, x.shape, s, x.numel() == 0 ? 0 : off);
  }

  /** Concatenation along {@code dim}; shapes match elsewhere. */
  static Nd cat(List<Nd> parts, int dim) {
    int[] shape = parts.get(0).shape.clone();
    shape[dim] = 0;
    for (Nd p : parts) shape[dim] += p.shape[dim];
    Nd r = Nd.zeros(parts.get(0).dtype, shape);
    int[] rs = Nd.strides(shape);
    int start = 0;
    for (Nd p : parts) {
      int[] idx = new int[p.dim()];
      for (int k = 0; k < p.numel(); k++, next(idx, p.shape)) {
        int[] at = idx.clone();
        at[dim] += start;
        r.copyFrom(p, k, offset(at, rs));
      }
      start += p.shape[dim];
    }
    return r;
  }

  // ---- casts ----

  /** PyTorch's C++ cast of every element: floats truncate toward zero into integers, nonzero is true. */
  static Nd cast(Nd x, DType to) {
    Nd r = Nd.zeros(to, x.shape);
    for (int k = 0; k < x.numel(); k++) {
      if (x.isFloat()) r.set(k, x.f[k]);
      else r.setLong(k, x.l[k]);
    }
    return r;
  }

  // ---- elementwise ----

  /**
   * {@code out = f(x)} computed in doubles when x is floating (or g is null), else in longs; the
   * result is rounded or wrapped to {@code out}.
   */
  static Nd map(Nd x, DType out, DoubleUnaryOperator f, LongUnaryOperator g) {
    Nd r = Nd.zeros(out, x.shape);
    boolean inDoubles = x.isFloat() || g == null;
    for (int k = 0; k < x.numel(); k++) {
      if (inDoubles) r.set(k, f.applyAsDouble(x.get(k)));
      else r.setLong(k, g.applyAsLong(x.l[k]));
    }
    return r;
  }

  /** {@code out = f(a, b)} with broadcasting; a and b share a dtype (see {@link #map}). */
  static Nd zip(Nd a, Nd b, DType out, DoubleBinaryOperator f, LongBinaryOperator g) {
    int[] shape = broadcastShape(a.shape, b.shape);
    int[] sa = broadcastStrides(a.shape, shape);
    int[] sb = broadcastStrides(b.shape, shape);
    Nd r = Nd.zeros(out, shape);
    boolean inDoubles = a.isFloat() || g == null;
    int[] idx = new int[shape.length];
    for (int k = 0; k < r.numel(); k++, next(idx, shape)) {
      int ia = offset(idx, sa);
      int ib = offset(idx, sb);
      if (inDoubles) r.set(k, f.applyAsDouble(a.get(ia), b.get(ib)));
      else r.setLong(k, g.applyAsLong(a.l[ia], b.l[ib]));
    }
    return r;
  }

  static Nd where(Nd cond, Nd a, Nd b) {
    int[] shape = broadcastShape(broadcastShape(cond.shape, a.shape), b.shape);
    Nd c = broadcastTo(cond, shape);
    Nd x = broadcastTo(a, shape);
    Nd y = broadcastTo(b, shape);
    Nd r = Nd.zeros(a.dtype, shape);
    for (int k = 0; k < r.numel(); k++) r.copyFrom(c.l[k] != 0 ? x : y, k, k);
    return r;
  }

  static int[] broadcastShape(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** |x| elementwise in float64 (magnitudes for tolerance scales). */
  static Nd magnitude(Nd x) {
    Nd r = Nd.zeros(DType.FLOAT64, x.shape);
    for (int k = 0; k < x.numel(); k++) r.f[k] = Math.abs(x.get(k));
    return r;
  }

  // ---- reductions and scans ----

  /**
   * SUM, PROD, MAX, MIN, ARGMAX or ARGMIN of x over {@code dims} (null: all dims), result in
   * {@code out}. Integer inputs accumulate in longs with wrap-around, floats in doubles;
   * ARG* pick the first extreme, NaN counting as the extreme (as PyTorch).
   */
  static Nd reduce(Op op, Nd x, int[] dims, boolean keepdim, DType out) {
    boolean[] reduced = new boolean[x.dim()];
    if (dims == null) Arrays.fill(reduced, true);
    else for (int d : dims) reduced[d < 0 ? d + x.dim() : d] = true;
    int[] kshape = x.shape.clone();
    for (int d = 0; d < x.dim(); d++) if (reduced[d]) kshape[d] = 1;
    int m = Nd.zeros(DType.INT64, kshape).numel();
    boolean arg = op == Op.ARGMAX || op == Op.ARGMIN;
    double[] acc = new double[m];
    long[] lacc = new long[m];
    long[] pos = new long[m];
    boolean[] seen = new boolean[m];
    int[] ks = Nd.strides(kshape);
    int[] xs = Nd.strides(x.shape);
    int[] idx = new int[x.dim()];
    for (int k = 0; k < x.numel(); k++, next(idx, x.shape)) {
      int o = 0;
      long along = 0;
      for (int d = 0; d < x.dim(); d++) {
        if (reduced[d]) along += (long) idx[d] * (dims == null ? xs[d] : 1);
        else o += idx[d] * ks[d];
      }
      if (x.isFloat()) {
        double v = x.f[k];
        if (!seen[o]) {
          acc[o] = v;
          pos[o] = along;
        } else {
          switch (op) {
            case SUM -> acc[o] += v;
            case PROD -> acc[o] *= v;
            case MAX -> acc[o] = Math.max(acc[o], v);
            case MIN -> acc[o] = Math.min(acc[o], v);
            case ARGMAX, ARGMIN -> {
              boolean better = !Double.isNaN(acc[o])
                  && (Double.isNaN(v) || (op == Op.ARGMAX ? v > acc[o] : v < acc[o]));
              if (better) {
                acc[o] = v;
                pos[o] = along;
              }
            }
            default -> throw new IllegalArgumentException(op.name());
          }
        }
      } else {
        long v = x.l[k];
        if (!seen[o]) {
          lacc[o] = v;
          pos[o] = along;
        } else {
          switch (op) {
            case SUM -> lacc[o] += v;
            case PROD -> lacc[o] *= v;
            case MAX -> lacc[o] = Math.max(lacc[o], v);
            case MIN -> lacc[o] = Math.min(lacc[o], v);
            case ARGMAX, ARGMIN -> {
              if (op == Op.ARGMAX ? v > lacc[o] : v < lacc[o]) {
                lacc[o] = v;
                pos[o] = along;
              }
            }
            default -> throw new IllegalArgumentException(op.name());
          }
        }
      }
      seen[o] = true;
    }
    Nd r = Nd.zeros(out, kshape);
    for (int o = 0; o < m; o++) {
      if (!seen[o]) {
        // Reducing an empty dim gives the identity.
        r.setLong(o, op == Op.PROD ? 1 : 0);
      } else if (arg) {
        r.setLong(o, pos[o]);
      } else if (x.isFloat()) {
        r.set(o, acc[o]);
      } else {
        r.setLong(o, lacc[o]);
      }
    }
    return keepdim ? r : r.reshape(dropped(kshape, reduced));
  }

  private static int[] dropped(int[] shape, boolean[] reduced) {
    int n = 0;
    for (boolean b : reduced) if (!b) n++;
    int[] out = new int[n];
    for (int d = 0, j = 0; d < shape.length; d++) if (!reduced[d]) out[j++] = shape[d];
    return out;
  }

  /** CUMSUM or CUMPROD along {@code dim}, result in {@code out}. */
  static Nd scan(Op op, Nd x, int dim, DType out) {
    Nd r = Nd.zeros(out, x.shape);
    if (x.dim() == 0) {
      r.copyFrom(cast(x, out), 0, 0);
      return r;
    }
    int[] s = Nd.strides(x.shape);
    int[] idx = new int[x.dim()];
    for (int k = 0; k < x.numel(); k++, next(idx, x.shape)) {
      if (idx[dim] != 0) continue;
      double acc = op == Op.CUMSUM ? 0 : 1;
      long lacc = op == Op.CUMSUM ? 0 : 1;
      for (int j = 0; j < x.shape[dim]; j++) {
        int at = k + j * s[dim];
        if (x.isFloat()) {
          acc = op == Op.CUMSUM ? acc + x.f[at] : acc * x.f[at];
          r.set(at, acc);
        } else {
          lacc = op == Op.CUMSUM ? lacc + x.l[at] : lacc * x.l[at];
          r.setLong(at, lacc);
        }
      }
    }
    return r;
  }

  /** Softmax or log-softmax along {@code dim}, computed stably in doubles. */
  static Nd softmax(Nd x, int dim, boolean log) {
    Nd r = Nd.zeros(x.dtype, x.shape);
    if (x.dim() == 0) {
      r.set(0, log ? 0 : 1);
      return r;
    }
    int[] s = Nd.strides(x.shape);
    int[] idx = new int[x.dim()];
    int len = x.shape[dim];
    for (int k = 0; k < x.numel(); k++, next(idx, x.shape)) {
      if (idx[dim] != 0) continue;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < len; j++) max = Math.max(max, x.f[k + j * s[dim]]);
      double sum = 0;
      for (int j = 0; j < len; j++) sum += Math.exp(x.f[k + j * s[dim]] - max);
      for (int j = 0; j < len; j++) {
        double v = x.f[k + j * s[dim]] - max;
        r.set(k + j * s[dim], log ? v - Math.log(sum) : Math.exp(v) / sum);
      }
    }
    return r;
  }

  // ---- linear algebra ----

  /** {@code torch.matmul} for every rank combination, batch dims broadcast, accumulated in doubles. */
  static Nd matmul(Nd a, Nd b) {
    Nd a2 = a.dim() == 1 ? a.reshape(1, a.shape[0]) : a;
    Nd b2 = b.dim() == 1 ? b.reshape(b.shape[0], 1) : b;
    int m = a2.shape[a2.dim() - 2];
    int k = a2.shape[a2.dim() - 1];
    int n = b2.shape[b2.dim() - 1];
    int[] batch = broadcastShape(Arrays.copyOf(a2.shape, a2.dim() - 2), Arrays.copyOf(b2.shape, b2.dim() - 2));
    Nd ab = broadcastTo(a2, concat(batch, m, k));
    Nd bb = broadcastTo(b2, concat(batch, k, n));
    int nb = Nd.zeros(DType.INT64, batch).numel();
    Nd r = Nd.zeros(a.dtype, concat(batch, m, n));
    for (int q = 0; q < nb; q++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double acc = 0;
          for (int p = 0; p < k; p++) acc += ab.get(q * m * k + i * k + p) * bb.get(q * k * n + p * n + j);
          r.set(q * m * n + i * n + j, acc);
        }
      }
    }
    int[] outShape = r.shape;
    if (a.dim() == 1) outShape = remove(outShape, outShape.length - 2);
    if (b.dim() == 1) outShape = remove(outShape, outShape.length - 1);
    return r.reshape(outShape);
  }

  private static int[] concat(int[] head, int... tail) {
    int[] r = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, r, head.length, tail.length);
    return r;
  }

  private static int[] remove(int[] shape, int dim) {
    int[] r = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) if (i != dim) r[j++] = shape[i];
    return r;
  }

  // ---- convolution and pooling ----

  /** Image row of kernel tap {@code i} for output row {@code oy}, or -1 in the padding. */
  private static int tapRow(ConvGeometry g, int oy, int i) {
    int y = oy * g.strideH() - g.padH() + i * g.dilationH();
    return y >= 0 && y < g.h() ? y : -1;
  }

  private static int tapCol(ConvGeometry g, int ox, int j) {
    int x = ox * g.strideW() - g.padW() + j * g.dilationW();
    return x >= 0 && x < g.w() ? x : -1;
  }

  /** [n,c,h,w] to columns [n, c*kh*kw, outH*outW]; padding reads 0. */
  static Nd im2col(Nd x, ConvGeometry g) {
    int oh = g.outH();
    int ow = g.outW();
    Nd r = Nd.zeros(x.dtype, g.n(), g.colRows(), oh * ow);
    for (int n = 0; n < g.n(); n++) {
      for (int c = 0; c < g.c(); c++) {
        for (int i = 0; i < g.kh(); i++) {
          for (int j = 0; j < g.kw(); j++) {
            int row = (c * g.kh() + i) * g.kw() + j;
            for (int oy = 0; oy < oh; oy++) {
              for (int ox = 0; ox < ow; ox++) {
                int y = tapRow(g, oy, i);
                int xx = tapCol(g, ox, j);
                double v = y < 0 || xx < 0 ? 0 : x.f[((n * g.c() + c) * g.h() + y) * g.w() + xx];
                r.f[(n * g.colRows() + row) * oh * ow + oy * ow + ox] = v;
              }
            }
          }
        }
      }
    }
    return r;
  }

  /** The adjoint of {@link #im2col}: columns summed back into [n,c,h,w]. */
  static Nd col2im(Nd cols, ConvGeometry g) {
    int oh = g.outH();
    int ow = g.outW();
    double[] acc = new double[g.n() * g.c() * g.h() * g.w()];
    for (int n = 0; n < g.n(); n++) {
      for (int c = 0; c < g.c(); c++) {
        for (int i = 0; i < g.kh(); i++) {
          for (int j = 0; j < g.kw(); j++) {
            int row = (c * g.kh() + i) * g.kw() + j;
            for (int oy = 0; oy < oh; oy++) {
              for (int ox = 0; ox < ow; ox++) {
                int y = tapRow(g, oy, i);
                int xx = tapCol(g, ox, j);
                if (y >= 0 && xx >= 0) {
                  acc[((n * g.c() + c) * g.h() + y) * g.w() + xx] += cols.f[(n * g.colRows() + row) * oh * ow + oy * ow + ox];
                }
              }
            }
          }
        }
      }
    }
    return Nd.ofDoubles(cols.dtype, new int[] {g.n(), g.c(), g.h(), g.w()}, acc);
  }

  /**
   * Direct 2-D convolution (cross-correlation, as PyTorch) of x [n,c,h,w] with weight
   * [oc, c/groups, kh, kw] plus an optional bias [oc]; {@code magnitudes} sums |terms| instead.
   */
  static Nd conv2d(Nd x, Nd w, Nd bias, int[] stride, int[] pad, int[] dil, int groups, boolean magnitudes) {
    int n = x.shape[0];
    int c = x.shape[1];
    int oc = w.shape[0];
    int cg = w.shape[1];
    ConvGeometry g = new ConvGeometry(n, c, x.shape[2], x.shape[3], w.shape[2], w.shape[3],
        stride[0], stride[1], pad[0], pad[1], dil[0], dil[1]);
    int oh = g.outH();
    int ow = g.outW();
    int ocg = oc / groups;
    Nd r = Nd.zeros(magnitudes ? DType.FLOAT64 : x.dtype, n, oc, oh, ow);
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < oc; o++) {
        int group = o / ocg;
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double acc = bias == null ? 0 : (magnitudes ? Math.abs(bias.f[o]) : bias.f[o]);
            for (int ci = 0; ci < cg; ci++) {
              int ch = group * cg + ci;
              for (int i = 0; i < g.kh(); i++) {
                int y = tapRow(g, oy, i);
                if (y < 0) continue;
                for (int j = 0; j < g.kw(); j++) {
                  int xx = tapCol(g, ox, j);
                  if (xx < 0) continue;
                  double t = x.f[((b * c + ch) * g.h() + y) * g.w() + xx] * w.f[((o * cg + ci) * g.kh() + i) * g.kw() + j];
                  acc += magnitudes ? Math.abs(t) : t;
                }
              }
            }
            r.set(((b * oc + o) * oh + oy) * ow + ox, acc);
          }
        }
      }
    }
    return r;
  }

  /**
   * The gradients of {@link #conv2d} written straight from its definition out[b,o,oy,ox] = sum
   * x[b, ch, y, x'] * w[o, ci, i, j]: each in-image term sends {@code gradOut * w} to the input
   * position and {@code gradOut * x} to the weight position. Returns {grad input, grad weight}
   * (float64 magnitudes when {@code magnitudes}), in gradOut's dtype.
   */
  static Nd[] conv2dGrads(Nd gradOut, Nd x, Nd w, ConvGeometry g, int groups, boolean magnitudes) {
    int oc = w.shape[0];
    int cg = w.shape[1];
    int ocg = oc / groups;
    int oh = g.outH();
    int ow = g.outW();
    double[] gx = new double[x.numel()];
    double[] gw = new double[w.numel()];
    for (int b = 0; b < g.n(); b++) {
      for (int o = 0; o < oc; o++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double go = gradOut.f[((b * oc + o) * oh + oy) * ow + ox];
            for (int ci = 0; ci < cg; ci++) {
              int ch = (o / ocg) * cg + ci;
              for (int i = 0; i < g.kh(); i++) {
                int y = tapRow(g, oy, i);
                if (y < 0) continue;
                for (int j = 0; j < g.kw(); j++) {
                  int xx = tapCol(g, ox, j);
                  if (xx < 0) continue;
                  int xi = ((b * g.c() + ch) * g.h() + y) * g.w() + xx;
                  int wi = ((o * cg + ci) * g.kh() + i) * g.kw() + j;
                  double tx = go * w.f[wi];
                  double tw = go * x.f[xi];
                  gx[xi] += magnitudes ? Math.abs(tx) : tx;
                  gw[wi] += magnitudes ? Math.abs(tw) : tw;
                }
              }
            }
          }
        }
      }
    }
    DType t = magnitudes ? DType.FLOAT64 : gradOut.dtype;
    return new Nd[] {Nd.ofDoubles(t, x.shape, gx), Nd.ofDoubles(t, w.shape, gw)};
  }

  /**
   * Max pooling with indices over [n,c,h,w] with padding and dilation, as PyTorch's
   * max_pool2d_with_indices: padded taps never win, a NaN wins (the first one), the first of equal
   * maxima wins; indices are {@code row * w + col} in the plane. Returns {values, int64 indices}.
   */
  static Nd[] maxPool2d(Nd x, ConvGeometry g) {
    int oh = g.outH();
    int ow = g.outW();
    Nd values = Nd.zeros(x.dtype, g.n(), g.c(), oh, ow);
    Nd indices = Nd.zeros(DType.INT64, g.n(), g.c(), oh, ow);
    for (int p = 0; p < g.n() * g.c(); p++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          double best = 0;
          long at = -1;
          for (int i = 0; i < g.kh(); i++) {
            int y = tapRow(g, oy, i);
            for (int j = 0; j < g.kw() && y >= 0; j++) {
              int xx = tapCol(g, ox, j);
              if (xx < 0) continue;
              double v = x.f[(p * g.h() + y) * g.w() + xx];
              if (at < 0 || (!Double.isNaN(best) && (Double.isNaN(v) || v > best))) {
                best = v;
                at = (long) y * g.w() + xx;
              }
            }
          }
          int k = (p * oh + oy) * ow + ox;
          values.set(k, best);
          indices.l[k] = at;
        }
      }
    }
    return new Nd[] {values, indices};
  }

  /** Max pooling's input gradient: each output gradient added at its index in the input plane. */
  static Nd maxPool2dBackward(Nd gradOut, Nd indices, int[] xShape) {
    int plane = xShape[2] * xShape[3];
    int per = gradOut.shape[2] * gradOut.shape[3];
    double[] acc = new double[xShape[0] * xShape[1] * plane];
    for (int k = 0; k < gradOut.numel(); k++) acc[(k / per) * plane + (int) indices.l[k]] += gradOut.f[k];
    return Nd.ofDoubles(gradOut.dtype, xShape, acc);
  }

  /** Max or average pooling of [n,c,h,w]; the average counts padding (PyTorch's default). */
  static Nd pool2d(Nd x, int[] kernel, int[] stride, int[] pad, boolean max) {
    int n = x.shape[0];
    int c = x.shape[1];
    ConvGeometry g = new ConvGeometry(n, c, x.shape[2], x.shape[3], kernel[0], kernel[1],
        stride[0], stride[1], pad[0], pad[1], 1, 1);
    int oh = g.outH();
    int ow = g.outW();
    Nd r = Nd.zeros(x.dtype, n, c, oh, ow);
    for (int p = 0; p < n * c; p++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          for (int i = 0; i < g.kh(); i++) {
            int y = tapRow(g, oy, i);
            if (y < 0) continue;
            for (int j = 0; j < g.kw(); j++) {
              int xx = tapCol(g, ox, j);
              if (xx < 0) continue;
              double v = x.f[(p * g.h() + y) * g.w() + xx];
              acc = max ? Math.max(acc, v) : acc + v;
            }
          }
          r.set((p * oh + oy) * ow + ox, max ? acc : acc / (g.kh() * g.kw()));
        }
      }
    }
    return r;
  }

  // ---- indexing ----

  /** {@code out[p] = x[p with dim replaced by index[p]]}; out has index's shape. */
  static Nd gather(Nd x, int dim, Nd index) {
    Nd r = Nd.zeros(x.dtype, index.shape);
    int[] xs = Nd.strides(x.shape);
    int[] idx = new int[index.dim()];
    for (int k = 0; k < r.numel(); k++, next(idx, index.shape)) {
      int[] at = idx.clone();
      at[dim] = (int) index.l[k];
      r.copyFrom(x, offset(at, xs), k);
    }
    return r;
  }

  /** A copy of self with {@code self[p with dim replaced by index[p]] (+)= src[p]} for every index position p. */
  static Nd scatter(Nd self, int dim, Nd index, Nd src, boolean add) {
    Nd r = cast(self, self.dtype);
    int[] rs = Nd.strides(self.shape);
    int[] ss = Nd.strides(src.shape);
    int[] idx = new int[index.dim()];
    for (int k = 0; k < index.numel(); k++, next(idx, index.shape)) {
      int[] at = idx.clone();
      at[dim] = (int) index.l[k];
      int o = offset(at, rs);
      int s = offset(idx, ss);
      if (!add) r.copyFrom(src, s, o);
      else if (r.isFloat()) r.set(o, r.f[o] + src.f[s]);
      else r.setLong(o, r.l[o] + src.l[s]);
    }
    return r;
  }

  /** Slices along {@code dim} picked by a 1-D index. */
  static Nd indexSelect(Nd x, int dim, Nd index) {
    int[] shape = x.shape.clone();
    shape[dim] = index.numel();
    Nd r = Nd.zeros(x.dtype, shape);
    int[] xs = Nd.strides(x.shape);
    int[] idx = new int[shape.length];
    for (int k = 0; k < r.numel(); k++, next(idx, shape)) {
      int[] at = idx.clone();
      at[dim] = (int) index.l[idx[dim]];
      r.copyFrom(x, offset(at, xs), k);
    }
    return r;
  }

  // ---- special functions ----

  /**
   * The error function to about 1e-15: for |x| &lt; 6 the everywhere-positive series
   * {@code erf(x) = 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (1*3*...*(2n+1))} (no cancellation);
   * beyond that erf is 1 to double precision.
   */
  static double erf(double x) {
    if (Double.isNaN(x)) return x;
    double ax = Math.abs(x);
    if (ax >= 6) return Math.signum(x);
    double term = ax;
    double sum = ax;
    for (int n = 1; n < 500; n++) {
      term *= 2 * ax * ax / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    double r = 2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum;
    return x < 0 ? -r : r;
  }

  /** x * Phi(x), the exact GELU. */
  static double gelu(double x) { return x * 0.5 * (1 + erf(x / Math.sqrt(2))); }

  static double sigmoid(double x) { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }

  /** log(1 + e^x) without overflow. */
  static double softplus(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
}
