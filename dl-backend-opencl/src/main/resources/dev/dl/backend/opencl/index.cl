// GATHER and SCATTER / SCATTER_ADD along one dim. Indices are int64; negative ones count from the end.

// meta = [nd, outShape[nd], outStrides[nd], indexStrides[nd], xStrides[nd]]
__kernel void gather(__global const TI* x, int xOff, __global const long* index, int iOff, __global TO* out, int outOff,
                     __constant const int* meta, int n, int dim, int xDimSize) {
  int lin = get_global_id(0);
  if (lin >= n) return;
  int nd = meta[0];
  int oo = outOff, io = iOff, xo = xOff;
  for (int d = nd - 1; d >= 0; d--) {
    int s = meta[1 + d];
    int q = lin / s;
    int r = lin - q * s;
    lin = q;
    oo += r * meta[1 + nd + d];
    io += r * meta[1 + 2 * nd + d];
    if (d != dim) xo += r * meta[1 + 3 * nd + d];
  }
  long k = index[io];
  if (k < 0) k += xDimSize;
  xo += (int) k * meta[1 + 3 * nd + dim];
  STO(out, oo, LDI(x, xo));
}

// One work-item per line of index along dim, walking the line in order: writes to one output line
// come from one work-item only, so SCATTER's last-write-wins and SCATTER_ADD's sums are
// deterministic without atomics. meta = [nd, indexShape[nd], indexStrides[nd], srcStrides[nd], outStrides[nd]].
__kernel void scatter(__global TO* out, int outOff, __global const long* index, int iOff, __global const TI* src, int sOff,
                      __constant const int* meta, int nLines, int dim, int outDimSize, int add) {
  int lin = get_global_id(0);
  if (lin >= nLines) return;
  int nd = meta[0];
  int io = iOff, so = sOff, oo = outOff;
  for (int d = nd - 1; d >= 0; d--) {
    if (d == dim) continue;
    int s = meta[1 + d];
    int q = lin / s;
    int r = lin - q * s;
    lin = q;
    io += r * meta[1 + nd + d];
    so += r * meta[1 + 2 * nd + d];
    oo += r * meta[1 + 3 * nd + d];
  }
  int len = meta[1 + dim];
  for (int j = 0; j < len; j++) {
    long k = index[io + j * meta[1 + nd + dim]];
    if (k < 0) k += outDimSize;
    int target = oo + (int) k * meta[1 + 3 * nd + dim];
    CI v = LDI(src, so + j * meta[1 + 2 * nd + dim]);
    if (add) v += (CI) LDI(out, target);
    STO(out, target, v);
  }
}
