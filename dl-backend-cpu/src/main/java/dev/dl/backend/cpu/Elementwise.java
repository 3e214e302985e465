package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import java.util.Arrays;

/**
 * FILL, COPY, the unary and binary ops, and WHERE. Each walks its operands with {@link Strided};
 * dense float32/float64 runs go to the {@link Simd} loops, everything else to per-element code in
 * the double or long domain ({@link Scalars}, {@link Cast}).
 */
final class Elementwise {
  private final Simd simd;
  private final Parallel parallel;

  Elementwise(Simd simd, Parallel parallel) {
    this.simd = simd;
    this.parallel = parallel;
  }


  void fill(Operand out, Number value) {
    Object o = CpuStorage.data(out);
    DType t = out.dtype();
    Strided.of(out.shape(), out).forEach(parallel, Parallel.GRAIN, (n, off, step) -> {
      int s = step[0];
      int base = off[0];
      if (s == 1) {
        fillDense(o, t, base, n, value);
      } else if (t.isFloatingPoint()) {
        double v = value.doubleValue();
        for (int i = 0; i < n; i++) Cast.setD(o, t, base + i * s, v);
      } else {
        long v = value.longValue();
        for (int i = 0; i < n; i++) Cast.setL(o, t, base + i * s, v);
      }
    });
  }

  private static void fillDense(Object o, DType t, int from, int n, Number value) {
    int to = from + n;
    switch (t) {
      case FLOAT32 -> Arrays.fill((float[]) o, from, to, (float) value.doubleValue());
      case FLOAT64 -> Arrays.fill((double[]) o, from, to, value.doubleValue());
      case FLOAT16 -> Arrays.fill((short[]) o, from, to, Cast.floatToF16((float) value.doubleValue()));
      case BFLOAT16 -> Arrays.fill((short[]) o, from, to, Cast.floatToBf16((float) value.doubleValue()));
      case INT8, UINT8 -> Arrays.fill((byte[]) o, from, to, (byte) value.longValue());
      case BOOL -> Arrays.fill((byte[]) o, from, to, (byte) (value.doubleValue() != 0 ? 1 : 0));
      case INT16 -> Arrays.fill((short[]) o, from, to, (short) value.longValue());
      case INT32 -> Arrays.fill((int[]) o, from, to, (int) value.longValue());
      case INT64 -> Arrays.fill((long[]) o, from, to, value.longValue());
    }
  }

  void copy(Operand out, Operand x) {
    Object o = CpuStorage.data(out);
    Object s = CpuStorage.data(x);
    DType ot = out.dtype();
    DType xt = x.dtype();
    Strided walk = Strided.of(out.shape(), out, x);
    // A copy within one storage (overlapping views) must not be split across threads.
    if (o == s) {
      walk.forEachSequential((n, off, step) -> Cast.convertRun(s, xt, off[1], step[1], o, ot, off[0], step[0], n));
      return;
    }
    if (o instanceof float[] of && s instanceof float[] sf && transposeF32(walk, of, sf)) return;
    walk.forEach(parallel, Parallel.GRAIN,
        (n, off, step) -> Cast.convertRun(s, xt, off[1], step[1], o, ot, off[0], step[0], n));
  }

  /** Tile edge of the blocked transpose: a 32 x 32 float tile is 4 KiB, well inside L1. */
  private static final int TILE = 32;

  /**
   * Makes a transposed float32 matrix contiguous ({@code out[r][c] = x[c][r]}, as cloning a
   * {@code .t()} view does) tile by tile: the element-by-element walk would read x with a stride
   * of a whole row and miss the cache on nearly every element.
   */
  private boolean transposeF32(Strided walk, float[] out, float[] x) {
    int[] sz = walk.sizes();
    if (sz.length != 2 || walk.stride(0, 1) != 1 || walk.stride(0, 0) != sz[1] || walk.stride(1, 0) != 1) return false;
    int rows = sz[0], cols = sz[1], ld = walk.stride(1, 1);
    if (rows < TILE || cols < TILE) return false;
    int oo = walk.base(0), xo = walk.base(1);
    int rowTiles = (rows + TILE - 1) / TILE;
    parallel.forRange(rowTiles, Math.max(1, Parallel.GRAIN / (TILE * cols)), (lo, hi) -> {
      for (int rt = lo; rt < hi; rt++) {
        int r0 = rt * TILE, r1 = Math.min(rows, r0 + TILE);
        for (int c0 = 0; c0 < cols; c0 += TILE) {
          int c1 = Math.min(cols, c0 + TILE);
          for (int c = c0; c < c1; c++) {
            int src = xo + c * ld;
            for (int r = r0; r < r1; r++) out[oo + r * cols + c] = x[src + r];
          }
        }
      }
    });
    return true;
  }

  void unary(Op op, Operand out, Operand x) {
    Object o = CpuStorage.data(out);
    Object s = CpuStorage.data(x);
    DType ot = out.dtype();
    DType xt = x.dtype();
    boolean floating = xt.isFloatingPoint();
    Strided.Run body = (n, off, step) -> {
      int oo = off[0], os = step[0], xo = off[1], xs = step[1];
      if (os == 1 && xs == 1 && ot == xt) {
        if (xt == DType.FLOAT32 && simd.unaryF32(op, n, (float[]) s, xo, (float[]) o, oo)) return;
        if (xt == DType.FLOAT64 && simd.unaryF64(op, n, (double[]) s, xo, (double[]) o, oo)) return;
      }
      if (xt == DType.FLOAT32 && ot == DType.FLOAT32) {
        float[] xa = (float[]) s;
        float[] oa = (float[]) o;
        for (int i = 0; i < n; i++) oa[oo + i * os] = (float) Scalars.unaryFloat(op, xa[xo + i * xs]);
      } else if (xt == DType.FLOAT64) {
        for (int i = 0; i < n; i++) Cast.setD(o, ot, oo + i * os, Scalars.unary(op, Cast.getD(s, xt, xo + i * xs)));
      } else if (floating) {
        for (int i = 0; i < n; i++) {
          Cast.setD(o, ot, oo + i * os, Scalars.unaryFloat(op, Cast.getD(s, xt, xo + i * xs)));
        }
      } else {
        for (int i = 0; i < n; i++) {
          Cast.setL(o, ot, oo + i * os, Scalars.unary(op, Cast.getL(s, xt, xo + i * xs), xt));
        }
      }
    };
    if (!runDense(body, out, x)) Strided.of(out.shape(), out, x).forEach(parallel, Parallel.GRAIN, body);
  }

  /**
   * Runs a small kernel whose operands are all dense as one run on the calling thread: tiny
   * tensors then skip the walk planning and the pool. Returns false when it did not apply.
   */
  private static boolean runDense(Strided.Run body, Operand... ops) {
    int n = ops[0].numel();
    if (n > Parallel.GRAIN || n == 0) return false;
    int[] off = new int[ops.length];
    for (int k = 0; k < ops.length; k++) {
      if (n != 1 && !ops[k].isContiguous()) return false;
      off[k] = ops[k].offset();
    }
    int[] step = new int[ops.length];
    Arrays.fill(step, 1);
    body.run(n, off, step);
    return true;
  }

  void binary(Op op, Operand out, Operand a, Operand b) {
    Object o = CpuStorage.data(out);
    Object aa = CpuStorage.data(a);
    Object ba = CpuStorage.data(b);
    DType ot = out.dtype();
    DType t = a.dtype();
    boolean floating = t.isFloatingPoint();
    Strided.Run body = (n, off, step) -> {
      int oo = off[0], os = step[0], ao = off[1], as = step[1], bo = off[2], bs = step[2];
      if (os == 1 && as <= 1 && as >= 0 && bs <= 1 && bs >= 0 && ot == t) {
        if (t == DType.FLOAT32 && simd.binaryF32(op, n, (float[]) aa, ao, as, (float[]) ba, bo, bs, (float[]) o, oo)) {
          return;
        }
        if (t == DType.FLOAT64
            && simd.binaryF64(op, n, (double[]) aa, ao, as, (double[]) ba, bo, bs, (double[]) o, oo)) {
          return;
        }
      }
      if (t == DType.FLOAT32 && ot == DType.BOOL && compareF32(op, n, (float[]) aa, ao, as, (float[]) ba, bo, bs,
          (byte[]) o, oo, os)) {
        return;
      }
      if (t == DType.INT64 && ot == DType.INT64 && arithmeticI64(op, n, (long[]) aa, ao, as, (long[]) ba, bo, bs,
          (long[]) o, oo, os)) {
        return;
      }
      if (t == DType.FLOAT32 && ot == DType.FLOAT32) {
        // Strided float32 (transposed or broadcast views): typed loads, no per-element dtype switch.
        float[] af = (float[]) aa;
        float[] bf = (float[]) ba;
        float[] of = (float[]) o;
        for (int i = 0; i < n; i++) of[oo + i * os] = (float) Scalars.binary(op, af[ao + i * as], bf[bo + i * bs]);
      } else if (t == DType.FLOAT64 && ot == DType.FLOAT64) {
        double[] ad = (double[]) aa;
        double[] bd = (double[]) ba;
        double[] od = (double[]) o;
        for (int i = 0; i < n; i++) od[oo + i * os] = Scalars.binary(op, ad[ao + i * as], bd[bo + i * bs]);
      } else if (floating) {
        for (int i = 0; i < n; i++) {
          double r = Scalars.binary(op, Cast.getD(aa, t, ao + i * as), Cast.getD(ba, t, bo + i * bs));
          Cast.setD(o, ot, oo + i * os, r);
        }
      } else {
        for (int i = 0; i < n; i++) {
          long r = Scalars.binary(op, Cast.getL(aa, t, ao + i * as), Cast.getL(ba, t, bo + i * bs), t);
          Cast.setL(o, ot, oo + i * os, r);
        }
      }
    };
    if (!runDense(body, out, a, b)) Strided.of(out.shape(), out, a, b).forEach(parallel, Parallel.GRAIN, body);
  }

  /**
   * float32 comparisons writing bool (relu's and max-pooling's masks in backward): typed loops, one
   * per operator, instead of the generic per-element path. Returns false for other ops.
   */
  private static boolean compareF32(Op op, int n, float[] a, int ao, int as, float[] b, int bo, int bs, byte[] o, int oo,
      int os) {
    switch (op) {
      case GT -> { for (int i = 0; i < n; i++) o[oo + i * os] = (byte) (a[ao + i * as] > b[bo + i * bs] ? 1 : 0); }
      case GE -> { for (int i = 0; i < n; i++) o[oo + i * os] = (byte) (a[ao + i * as] >= b[bo + i * bs] ? 1 : 0); }
      case LT -> { for (int i = 0; i < n; i++) o[oo + i * os] = (byte) (a[ao + i * as] < b[bo + i * bs] ? 1 : 0); }
      case LE -> { for (int i = 0; i < n; i++) o[oo + i * os] = (byte) (a[ao + i * as] <= b[bo + i * bs] ? 1 : 0); }
      case EQ -> { for (int i = 0; i < n; i++) o[oo + i * os] = (byte) (a[ao + i * as] == b[bo + i * bs] ? 1 : 0); }
      case NE -> { for (int i = 0; i < n; i++) o[oo + i * os] = (byte) (a[ao + i * as] != b[bo + i * bs] ? 1 : 0); }
      default -> { return false; }
    }
    return true;
  }

  /**
   * int64 index arithmetic (add, subtract, multiply, floor division, Python remainder) as typed
   * loops; false for other ops, and for a zero divisor so the generic path reports it.
   */
  private static boolean arithmeticI64(Op op, int n, long[] a, int ao, int as, long[] b, int bo, int bs, long[] o, int oo,
      int os) {
    if (op == Op.FLOOR_DIVIDE || op == Op.REMAINDER) {
      for (int i = 0; i < (bs == 0 ? 1 : n); i++) {
        if (b[bo + i * bs] == 0) return false;
      }
    }
    switch (op) {
      case FLOOR_DIVIDE -> { for (int i = 0; i < n; i++) o[oo + i * os] = Math.floorDiv(a[ao + i * as], b[bo + i * bs]); }
      case REMAINDER -> { for (int i = 0; i < n; i++) o[oo + i * os] = Math.floorMod(a[ao + i * as], b[bo + i * bs]); }
      case ADD -> { for (int i = 0; i < n; i++) o[oo + i * os] = a[ao + i * as] + b[bo + i * bs]; }
      case SUB -> { for (int i = 0; i < n; i++) o[oo + i * os] = a[ao + i * as] - b[bo + i * bs]; }
      case MUL -> { for (int i = 0; i < n; i++) o[oo + i * os] = a[ao + i * as] * b[bo + i * bs]; }
      default -> { return false; }
    }
    return true;
  }

  /**
   * float32 where (gradients of relu, clamp, max-pooling), in its own method so it is compiled on
   * its own; the usual shapes (everything dense, or a scalar other branch) run as Simd loops.
   */
  private void whereF32(int n, float[] o, int oo, int os, byte[] c, int co, int cs, float[] a, int ao, int as,
      float[] b, int bo, int bs) {
    if (os == 1 && cs == 1 && as == 1 && (bs == 0 || bs == 1)) {
      simd.whereF32(n, c, co, a, ao, b, bo, bs, o, oo);
    } else {
      for (int i = 0; i < n; i++) o[oo + i * os] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }
  }

  void where(Operand out, Operand cond, Operand a, Operand b) {
    Object o = CpuStorage.data(out);
    byte[] c = (byte[]) CpuStorage.data(cond);
    Object aa = CpuStorage.data(a);
    Object ba = CpuStorage.data(b);
    Strided.of(out.shape(), out, cond, a, b).forEach(parallel, Parallel.GRAIN, (n, off, step) -> {
      if (o instanceof float[] of) {
        whereF32(n, of, off[0], step[0], c, off[1], step[1], (float[]) aa, off[2], step[2], (float[]) ba, off[3], step[3]);
        return;
      }
      for (int i = 0; i < n; i++) {
        if (c[off[1] + i * step[1]] != 0) {
          Cast.move(aa, off[2] + i * step[2], o, off[0] + i * step[0]);
        } else {
          Cast.move(ba, off[3] + i * step[3], o, off[0] + i * step[0]);
        }
      }
    });
  }
}
