package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;

/**
 * GATHER, SCATTER and SCATTER_ADD along one dim. Each walks the index's shape with a view of the
 * target whose stride along {@code dim} is 0, then adds {@code index * stride[dim]}.
 */
final class Indexing {
  private final Parallel parallel;

  Indexing(Parallel parallel) { this.parallel = parallel; }

  void gather(Operand out, Operand x, int dim, Operand index) {
    int[] xStrides = x.strides().clone();
    int step = xStrides[dim];
    xStrides[dim] = 0;
    Object xd = CpuStorage.data(x);
    Object od = CpuStorage.data(out);
    long[] idx = (long[]) CpuStorage.data(index);
    Strided.of(index.shape(), new int[][] {out.strides(), index.strides(), xStrides},
        new int[] {out.offset(), index.offset(), x.offset()}).forEach(parallel, Parallel.GRAIN, (n, off, st) -> {
          for (int i = 0; i < n; i++) {
            int src = off[2] + i * st[2] + (int) idx[off[1] + i * st[1]] * step;
            Cast.move(xd, src, od, off[0] + i * st[0]);
          }
        });
  }

  /** Runs on the calling thread in index order: duplicate indexes then resolve deterministically. */
  void scatter(Op op, Operand out, int dim, Operand index, Operand src) {
    int[] oStrides = out.strides().clone();
    int step = oStrides[dim];
    oStrides[dim] = 0;
    Object od = CpuStorage.data(out);
    Object sd = CpuStorage.data(src);
    long[] idx = (long[]) CpuStorage.data(index);
    DType t = out.dtype();
    boolean add = op == Op.SCATTER_ADD;
    Strided.of(index.shape(), new int[][] {oStrides, index.strides(), src.strides()},
        new int[] {out.offset(), index.offset(), src.offset()}).forEachSequential((n, off, st) -> {
          for (int i = 0; i < n; i++) {
            int dst = off[0] + i * st[0] + (int) idx[off[1] + i * st[1]] * step;
            int s = off[2] + i * st[2];
            if (!add) {
              Cast.move(sd, s, od, dst);
            } else if (t.isFloatingPoint()) {
              Cast.setD(od, t, dst, Cast.getD(od, t, dst) + Cast.getD(sd, t, s));
            } else {
              Cast.setL(od, t, dst, Cast.getL(od, t, dst) + Cast.getL(sd, t, s));
            }
          }
        });
  }
}
