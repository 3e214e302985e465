package dev.dl.autograd;

import dev.dl.Tensor;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.GradAccess;
import dev.dl.spi.Op;

/**
 * The backward node of one recorded op; it is also the context its {@link Derivatives} rule reads:
 * saved inputs and output, input shapes, the op's attributes and which inputs need a gradient.
 */
final class OpNode extends Node {
  final Op op;
  private final String name;
  private final int[] args;
  private final ConvGeometry geometry;
  private final int[] outShape;
  private final Derivatives.Rule rule;
  /** Saved inputs (null where the rule does not need them) followed by the saved output. */
  private SavedTensor[] saved;
  private final boolean hadSaved;
  /** MATMUL only: bit i set when input i is a transposed (column-major) view, as a weight's {@code t()} is. */
  private final int columnMajor;

  OpNode(Op op, String name, Derivatives.Rule rule, Tensor[] inputs, Tensor output, int[] args, ConvGeometry geometry,
      Node[] next) {
    super(next, inputs, true);
    this.op = op;
    this.name = name;
    this.rule = rule;
    this.args = args;
    this.geometry = geometry;
    this.outShape = GradAccess.sizes(output);
    int mask = 0;
    for (int i = 0; i < next.length; i++) if (next[i] != null) mask |= rule.saves(i);
    SavedTensor[] s = null;
    if (mask != 0) {
      s = new SavedTensor[inputs.length + 1];
      for (int i = 0; i < inputs.length; i++) if ((mask & Derivatives.input(i)) != 0) s[i] = SavedTensor.of(inputs[i]);
      if ((mask & Derivatives.OUT) != 0) s[inputs.length] = SavedTensor.of(output);
    }
    saved = s;
    hadSaved = s != null;
    columnMajor = op == Op.MATMUL ? columnMajorMask(inputs) : 0;
  }

  private static int columnMajorMask(Tensor[] inputs) {
    int mask = 0;
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = inputs[i];
      int d = t.dim();
      if (d < 2) continue;
      int rows = t.size(d - 2), cols = t.size(d - 1);
      int[] st = t.stride();
      if (rows > 1 && cols > 1 && st[d - 2] == 1 && st[d - 1] == rows) mask |= 1 << i;
    }
    return mask;
  }

  @Override
  public String name() { return name; }

  @Override
  Tensor[] apply(Tensor grad) {
    if (hadSaved && saved == null) throw SavedTensor.freed(name);
    return rule.backward().apply(this, grad);
  }

  @Override
  void release() {
    saved = null;
    super.release();
  }

  // ---- what a rule reads ----

  /** Saved input {@code i}, checked against in-place modification. */
  Tensor in(int i) {
    SavedTensor[] s = saved;
    if (s == null) throw SavedTensor.freed(name);
    return s[i].unpack("input " + i + " of " + name);
  }

  /** The saved output, checked against in-place modification. */
  Tensor out() {
    SavedTensor[] s = saved;
    if (s == null) throw SavedTensor.freed(name);
    return s[s.length - 1].unpack("output 0 of " + name);
  }

  /**
   * True when MATMUL's input {@code i} was a transposed view (unit stride down its rows): its
   * gradient is then computed transposed too, so it arrives with the input's own layout and the
   * transposes back to the leaf give a contiguous gradient rather than one that must be copied.
   */
  boolean columnMajor(int i) { return (columnMajor & (1 << i)) != 0; }

  /** True when input {@code i} needs a gradient. */
  boolean needs(int i) { return next[i] != null; }

  int[] inShape(int i) { return inputShapes[i]; }

  int[] outShape() { return outShape; }

  int[] args() { return args; }

  int arg(int k) { return args[k]; }

  ConvGeometry geometry() { return geometry; }

  int inputCount() { return next.length; }
}
