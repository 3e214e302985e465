package dev.dl;

import java.util.Arrays;

/** Whole-tensor comparisons that return Java booleans. */
final class Comparisons {
  private Comparisons() {}

  static boolean allclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
    if (rtol < 0 || atol < 0) throw new IllegalArgumentException("allclose: rtol and atol must be >= 0");
    Shape.broadcast(a.shape, b.shape, "allclose");
    try (var g = GradMode.noGrad()) {
      Tensor x = a.toDouble(), y = b.to(a.device()).toDouble();
      Tensor close = x.sub(y).abs().le(y.abs().mul(rtol).add(atol)).logicalOr(x.eq(y));
      if (equalNan) close = close.logicalOr(x.isnan().logicalAnd(y.isnan()));
      return close.numel() == 0 || close.all().itemLong() != 0;
    }
  }

  static boolean equal(Tensor a, Tensor b) {
    if (!Arrays.equals(a.shape, b.shape)) return false;
    try (var g = GradMode.noGrad()) {
      Tensor bb = b.to(a.device());
      return a.numel() == 0 || a.eq(bb).all().itemLong() != 0;
    }
  }
}
