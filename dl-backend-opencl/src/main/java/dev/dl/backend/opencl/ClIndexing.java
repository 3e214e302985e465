package dev.dl.backend.opencl;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;

/** GATHER, SCATTER, SCATTER_ADD (index.cl) and the Philox random fills (random.cl). */
final class ClIndexing {
  private final ClContext ctx;

  ClIndexing(ClContext ctx) { this.ctx = ctx; }

  void gather(Operand out, Operand x, int dim, Operand index) {
    int n = out.numel();
    if (n == 0) return;
    // A zero-dim gather is a one-element gather along a dim of size 1.
    int[] shape = atLeast1d(out.shape());
    int[] meta = Layout.concat(Layout.concat(new int[] {shape.length}, shape),
        Layout.concat(Layout.concat(atLeast1d(out.strides()), atLeast1d(index.strides())), atLeast1d(x.strides())));
    int xDimSize = x.dim() == 0 ? 1 : x.shape()[dim];
    ctx.launch("index", x.dtype(), "gather")
        .storage(OpenClBackend.st(x)).i(x.offset()).storage(OpenClBackend.st(index)).i(index.offset())
        .storage(OpenClBackend.st(out)).i(out.offset()).meta(meta).i(n).i(dim).i(xDimSize)
        .run1d(n);
  }

  void scatter(Op op, Operand out, int dim, Operand index, Operand src) {
    int[] shape = atLeast1d(index.shape());
    int n = Layout.product(shape);
    if (n == 0) return;
    int nLines = n / shape[dim];
    int[] meta = Layout.concat(Layout.concat(new int[] {shape.length}, shape),
        Layout.concat(Layout.concat(atLeast1d(index.strides()), atLeast1d(src.strides())), atLeast1d(out.strides())));
    int outDimSize = out.dim() == 0 ? 1 : out.shape()[dim];
    ctx.launch("index", src.dtype(), "scatter")
        .storage(OpenClBackend.st(out)).i(out.offset()).storage(OpenClBackend.st(index)).i(index.offset())
        .storage(OpenClBackend.st(src)).i(src.offset()).meta(meta).i(nLines).i(dim).i(outDimSize)
        .i(op == Op.SCATTER_ADD ? 1 : 0)
        .run1d(nLines);
  }

  void random(Op op, Operand out, long seed, long offset) {
    int n = out.numel();
    if (n == 0) return;
    DType dt = out.dtype();
    ctx.launch("random", dt, "random_fill")
        .storage(OpenClBackend.st(out)).i(out.offset()).i(n).l(seed).l(offset).i(op == Op.RANDOM_NORMAL ? 1 : 0)
        .run1d(n);
  }

  private static int[] atLeast1d(int[] a) { return a.length == 0 ? new int[] {1} : a; }
}
