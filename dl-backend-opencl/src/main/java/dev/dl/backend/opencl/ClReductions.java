package dev.dl.backend.opencl;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;

/** Reductions over dim sets, scans and the fused softmax (reduce.cl, softmax.cl). */
final class ClReductions {
  /** Below this many elements per output a work-item reduces serially; above, a work-group builds a tree. */
  private static final int TREE_THRESHOLD = 64;

  private final ClContext ctx;

  ClReductions(ClContext ctx) { this.ctx = ctx; }

  void reduce(Op op, Operand out, Operand x, int[] dims) {
    int nOut = out.numel();
    if (nOut == 0) return;
    boolean[] reduced = new boolean[x.dim()];
    for (int d : dims) reduced[d] = true;
    int[] keptShape = Layout.select(x.shape(), reduced, false);
    int[] redShape = Layout.select(x.shape(), reduced, true);
    int[] kept = Layout.meta(keptShape, Layout.select(x.strides(), reduced, false),
        Layout.select(out.strides(), reduced, false));
    int[] red = Layout.meta(redShape, Layout.select(x.strides(), reduced, true));
    int nRed = Layout.product(redShape);
    boolean tree = nRed >= TREE_THRESHOLD;
    String kernel = (op == Op.ARGMAX || op == Op.ARGMIN ? "arg" : "") + (tree ? "reduce_tree" : "reduce_serial");
    Launch l = ctx.launch("reduce", x.dtype(), kernel)
        .storage(OpenClBackend.st(x)).i(x.offset()).storage(OpenClBackend.st(out)).i(out.offset())
        .meta(Layout.concat(kept, red)).i(nOut).i(nRed).i(op.ordinal());
    if (tree) {
      long local = Math.min(ctx.reduceLocal, Integer.highestOneBit(Math.max(1, nRed - 1)) * 2L);
      l.run(new long[] {nOut * local}, new long[] {local});
    } else {
      l.run1d(nOut);
    }
  }

  void scan(Op op, Operand out, Operand x, int dim) {
    int n = out.numel();
    if (n == 0) return;
    int[] meta = lines(out, x, dim);
    int nLines = n / x.shape()[dim];
    ctx.launch("reduce", x.dtype(), "scan")
        .storage(OpenClBackend.st(x)).i(x.offset()).storage(OpenClBackend.st(out)).i(out.offset()).meta(meta)
        .i(nLines).i(x.shape()[dim]).i(x.strides()[dim]).i(out.strides()[dim]).i(op.ordinal())
        .run1d(nLines);
  }

  boolean softmax(Op op, Operand out, Operand x, int dim) {
    DType dt = x.dtype();
    if (!dt.isFloatingPoint()) return false;
    int n = out.numel();
    if (n == 0) return true;
    int len = x.shape()[dim];
    int nLines = n / len;
    long local = Math.min(ctx.reduceLocal, Integer.highestOneBit(Math.max(1, len - 1)) * 2L);
    ctx.launch("softmax", dt, "softmax")
        .storage(OpenClBackend.st(x)).i(x.offset()).storage(OpenClBackend.st(out)).i(out.offset())
        .meta(lines(out, x, dim)).i(len).i(x.strides()[dim]).i(out.strides()[dim]).i(op == Op.LOG_SOFTMAX ? 1 : 0)
        .run(new long[] {nLines * local}, new long[] {local});
    return true;
  }

  /** The lines along {@code dim}: metadata over every other dim, for x and out. */
  private static int[] lines(Operand out, Operand x, int dim) {
    boolean[] along = new boolean[x.dim()];
    along[dim] = true;
    return Layout.meta(Layout.select(x.shape(), along, false), Layout.select(x.strides(), along, false),
        Layout.select(out.strides(), along, false));
  }
}
