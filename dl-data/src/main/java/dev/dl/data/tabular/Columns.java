package dev.dl.data.tabular;

import dev.dl.DType;
import dev.dl.Tensor;

/** A 2-D numeric tensor as host doubles, and back, for the scalers. */
final class Columns {
  private Columns() {}

  static double[] rows(Tensor x, String op) {
    if (x.dim() != 2) {
      throw new IllegalArgumentException(op + ": expected a 2-D tensor [samples, features], got shape " + x.shape()
          + "; use reshape(-1, 1) for a single feature");
    }
    if (x.dtype() == DType.BOOL) throw new IllegalArgumentException(op + ": expected a numeric tensor, got bool");
    return x.toDoubleArray();
  }

  static Tensor back(double[] data, Tensor like) {
    DType dtype = like.dtype().isFloatingPoint() ? like.dtype() : DType.FLOAT32;
    Tensor t = Tensor.of(data, like.size(0), like.size(1));
    return dtype == DType.FLOAT64 ? t : t.to(dtype);
  }

  static void checkWidth(int features, int expected, String op) {
    if (features != expected) {
      throw new IllegalArgumentException(op + ": X has " + features + " features, but the scaler was fitted with "
          + expected + " features");
    }
  }

  static void checkFitted(Object state, String op) {
    if (state == null) throw new IllegalStateException(op + ": this instance is not fitted yet; call fit(x) first");
  }
}
