package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.nn.init.Init;

/** Shared helpers for layer construction. */
final class Layers {
  private Layers() {}

  /**
   * PyTorch's default for Linear and Conv layers: kaiming_uniform(a=sqrt(5)) on the weight (so
   * U(-1/sqrt(fanIn), 1/sqrt(fanIn))) and U(-1/sqrt(fanIn), 1/sqrt(fanIn)) on the bias.
   */
  static void resetLinearLike(Parameter weight, Parameter bias, Generator g) {
    Init.kaimingUniform_(weight.tensor(), Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", g);
    if (bias != null) {
      int fanIn = Init.fans(weight.tensor()).fanIn();
      double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      Init.uniform_(bias.tensor(), -bound, bound, g);
    }
  }

  static int[] pair(int v) { return new int[] {v, v}; }

  static void positive(String op, String what, int... values) {
    for (int v : values) {
      if (v <= 0) throw new IllegalArgumentException(op + ": " + what + " must be positive, got " + v);
    }
  }

  static void checkDim(String op, Tensor x, int... allowed) {
    for (int a : allowed) if (x.dim() == a) return;
    StringBuilder sb = new StringBuilder();
    for (int a : allowed) sb.append(sb.isEmpty() ? "" : " or ").append(a).append("-D");
    throw new IllegalArgumentException(op + ": expected " + sb + " input, got shape " + x.shape());
  }
}
