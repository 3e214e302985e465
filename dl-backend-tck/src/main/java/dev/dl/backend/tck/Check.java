package dev.dl.backend.tck;

import static org.junit.jupiter.api.Assertions.fail;

import dev.dl.DType;
import dev.dl.Tensor;
import java.util.Arrays;

/** Compares a backend's result with the reference and fails with the first differing elements. */
final class Check {
  private Check() {}

  /**
   * Per-dtype tolerance: an element passes when {@code |actual - expected| <= atol + rtol * scale},
   * where scale is {@code |expected|}, or for ops that add many terms the sum of their magnitudes
   * (so cancellation does not demand more precision than the dtype has).
   */
  record Tol(double rtol, double atol) {
    /** The tolerance for results of {@code dtype}; transcendental functions get a little more room. */
    static Tol of(DType dtype, boolean transcendental) {
      return switch (dtype) {
        // half: 11-bit mantissa (half an ulp is 4.9e-4); results are computed in float32 and rounded once.
        case FLOAT16 -> new Tol(5e-3, 1e-3);
        // bfloat16: 8-bit mantissa (half an ulp is 2e-3).
        case BFLOAT16 -> new Tol(2e-2, 1e-2);
        case FLOAT32 -> transcendental ? new Tol(2e-5, 1e-6) : new Tol(1e-5, 1e-6);
        // float64 libm functions are within a few ulps; erf/gelu implementations a little more.
        case FLOAT64 -> transcendental ? new Tol(1e-10, 1e-12) : new Tol(1e-12, 1e-12);
        default -> new Tol(0, 0);
      };
    }
  }

  /** Checks dtype, shape and every element of {@code actual} against {@code expected}. */
  static void close(String what, Nd expected, Tensor actual, boolean transcendental) {
    close(what, expected, null, actual, Tol.of(expected.dtype, transcendental));
  }

  /** As {@link #close(String, Nd, Tensor, boolean)} with an explicit per-element scale (may be null). */
  static void close(String what, Nd expected, Nd scale, Tensor actual, Tol tol) {
    if (actual.dtype() != expected.dtype) {
      fail(what + ": result dtype is " + actual.dtype() + " but PyTorch gives " + expected.dtype);
    }
    int[] shape = actual.shape().toArray();
    if (!Arrays.equals(shape, expected.shape)) {
      fail(what + ": result shape is " + Arrays.toString(shape) + " but expected " + Arrays.toString(expected.shape));
    }
    values(what, expected, scale, DTypes.download(actual), tol);
  }

  /** Element comparison of two host arrays of one dtype and shape. */
  static void values(String what, Nd expected, Nd scale, Nd actual, Tol tol) {
    int n = expected.numel();
    int bad = 0;
    StringBuilder first = new StringBuilder();
    for (int k = 0; k < n; k++) {
      boolean ok;
      String e;
      String a;
      if (expected.isFloat()) {
        double x = expected.f[k];
        double y = actual.f[k];
        double s = scale == null ? Math.abs(x) : Math.max(Math.abs(x), Math.abs(scale.get(k)));
        ok = Double.isNaN(x) ? Double.isNaN(y)
            : Double.isInfinite(x) ? x == y
            : Math.abs(y - x) <= tol.atol() + tol.rtol() * s;
        e = Double.toString(x);
        a = Double.toString(y);
      } else {
        ok = expected.l[k] == actual.l[k];
        e = Long.toString(expected.l[k]);
        a = Long.toString(actual.l[k]);
      }
      if (!ok) {
        if (bad < 4) {
          first.append("\n  at ").append(Arrays.toString(Nd.unravel(k, expected.shape)))
              .append(": expected ").append(e).append(" but got ").append(a);
        }
        bad++;
      }
    }
    if (bad > 0) {
      String tolText = expected.isFloat() ? " (rtol " + tol.rtol() + ", atol " + tol.atol() + ")" : " (exact)";
      fail(what + ": " + bad + " of " + n + " elements differ" + tolText + first);
    }
  }
}
