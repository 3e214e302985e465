package dev.dl.backend.opencl;

import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Operand;

/** The tiled GEMM (gemm.cl) and the im2col / col2im pair convolutions are built from (conv.cl). */
final class ClLinalg {
  private final ClContext ctx;

  ClLinalg(ClContext ctx) { this.ctx = ctx; }

  void matmul(Operand out, Operand a, Operand b) {
    int batch = out.shape()[0], m = out.shape()[1], n = out.shape()[2], k = a.shape()[2];
    if (batch == 0 || m == 0 || n == 0) return;
    int tile = ctx.gemmTile;
    int threads = tile / ctx.gemmWpt;
    int[] sa = a.strides(), sb = b.strides(), sc = out.strides();
    ctx.launch("gemm", a.dtype(), "gemm")
        .storage(OpenClBackend.st(a)).i(a.offset()).i(sa[0]).i(sa[1]).i(sa[2])
        .storage(OpenClBackend.st(b)).i(b.offset()).i(sb[0]).i(sb[1]).i(sb[2])
        .storage(OpenClBackend.st(out)).i(out.offset()).i(sc[0]).i(sc[1]).i(sc[2])
        .i(m).i(n).i(k)
        .run(new long[] {(long) (n + tile - 1) / tile * threads, (long) (m + tile - 1) / tile * threads, batch},
            new long[] {threads, threads, 1});
  }

  void im2col(Operand out, Operand x, ConvGeometry g) {
    int total = out.numel();
    if (total == 0) return;
    int[] s = x.strides();
    ctx.launch("conv", x.dtype(), "im2col")
        .storage(OpenClBackend.st(x)).i(x.offset()).storage(OpenClBackend.st(out)).i(out.offset())
        .meta(geometry(g, s[0], s[1], s[2], s[3], 0, 0, 0)).i(total)
        .run1d(total);
  }

  void col2im(Operand out, Operand cols, ConvGeometry g) {
    int total = out.numel();
    if (total == 0) return;
    int[] s = cols.strides();
    ctx.launch("conv", cols.dtype(), "col2im")
        .storage(OpenClBackend.st(cols)).i(cols.offset()).storage(OpenClBackend.st(out)).i(out.offset())
        .meta(geometry(g, 0, 0, 0, 0, s[0], s[1], s[2])).i(total)
        .run1d(total);
  }

  private static int[] geometry(ConvGeometry g, int... strides) {
    int[] head = {g.n(), g.c(), g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(), g.padH(), g.padW(),
        g.dilationH(), g.dilationW(), g.outH(), g.outW()};
    return Layout.concat(head, strides);
  }
}
