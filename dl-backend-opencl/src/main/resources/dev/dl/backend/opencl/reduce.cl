// Reductions over an arbitrary dim set, and scans. The host splits x's dims into "kept" dims (one
// output element per coordinate) and "reduced" dims, each group coalesced. meta =
// [nk, keptShape[nk], keptXStrides[nk], keptOutStrides[nk], nr, redShape[nr], redXStrides[nr]].
// ARGMAX/ARGMIN have exactly one reduced dim, so the reduced linear index is the position.

#define NO_INDEX LONG_MAX

inline ACCI identity(int op) {
  switch (op) {
    case OP_SUM: return 0;
    case OP_PROD: return 1;
#if I_FLOAT
    case OP_MAX: case OP_ARGMAX: return -INFINITY;
    default: return INFINITY;
#else
    case OP_MAX: case OP_ARGMAX: return LONG_MIN;
    default: return LONG_MAX;
#endif
  }
}

inline ACCI combine(int op, ACCI a, ACCI b) {
  switch (op) {
    case OP_SUM: return a + b;
    case OP_PROD: return a * b;
#if I_FLOAT
    case OP_MAX: return isnan(a) ? a : isnan(b) ? b : (a > b ? a : b);
    default: return isnan(a) ? a : isnan(b) ? b : (a < b ? a : b);
#else
    case OP_MAX: return a > b ? a : b;
    default: return a < b ? a : b;
#endif
  }
}

// True when (vb, ib) beats (va, ia) for ARGMAX/ARGMIN: NaN is the extreme, ties go to the lower index.
inline bool arg_better(int op, ACCI va, long ia, ACCI vb, long ib) {
  if (ib == NO_INDEX) return false;
  if (ia == NO_INDEX) return true;
#if I_FLOAT
  bool na = isnan(va), nb = isnan(vb);
  if (na || nb) return nb && (!na || ib < ia);
#endif
  if (vb == va) return ib < ia;
  return op == OP_ARGMAX ? vb > va : vb < va;
}

inline void kept_offsets(int o, __constant const int* meta, int* xBase, int* oOff) {
  int nk = meta[0];
  for (int d = nk - 1; d >= 0; d--) {
    int s = meta[1 + d];
    int q = o / s;
    int r = o - q * s;
    o = q;
    *xBase += r * meta[1 + nk + d];
    *oOff += r * meta[1 + 2 * nk + d];
  }
}

inline int reduced_offset(int r, __constant const int* meta) {
  __constant const int* m = meta + 1 + 3 * meta[0];
  int nr = m[0];
  int off = 0;
  for (int d = nr - 1; d >= 0; d--) {
    int s = m[1 + d];
    int q = r / s;
    off += (r - q * s) * m[1 + nr + d];
    r = q;
  }
  return off;
}

// ARGMAX/ARGMIN write int64 through outIdx, the others x's dtype through out (the unused one is 0):
// both kinds live in one program per dtype.
inline void store_result(__global TO* out, __global long* outIdx, int oOff, ACCI v, long idx) {
  if (outIdx) {
    outIdx[oOff] = idx;
  } else {
    STO(out, oOff, v);
  }
}

inline void reduce_serial_body(__global const TI* x, int xOff, __global TO* out, __global long* outIdx, int outOff,
                               __constant const int* meta, int nOut, int nRed, int op) {
  int o = get_global_id(0);
  if (o >= nOut) return;
  int xb = xOff, oo = outOff;
  kept_offsets(o, meta, &xb, &oo);
  bool arg = op == OP_ARGMAX || op == OP_ARGMIN;
  ACCI acc = identity(op);
  long idx = NO_INDEX;
  for (int r = 0; r < nRed; r++) {
    ACCI v = (ACCI) LDI(x, xb + reduced_offset(r, meta));
    if (arg) {
      if (arg_better(op, acc, idx, v, r)) { acc = v; idx = r; }
    } else {
      acc = combine(op, acc, v);
    }
  }
  store_result(out, outIdx, oo, acc, idx);
}

inline void reduce_tree_body(__global const TI* x, int xOff, __global TO* out, __global long* outIdx, int outOff,
                             __constant const int* meta, int nRed, int op, __local ACCI* sval, __local long* sidx) {
  int o = get_group_id(0);
  int lid = get_local_id(0);
  int wg = get_local_size(0);
  int xb = xOff, oo = outOff;
  kept_offsets(o, meta, &xb, &oo);
  bool arg = op == OP_ARGMAX || op == OP_ARGMIN;
  ACCI acc = identity(op);
  long idx = NO_INDEX;
  for (int r = lid; r < nRed; r += wg) {
    ACCI v = (ACCI) LDI(x, xb + reduced_offset(r, meta));
    if (arg) {
      if (arg_better(op, acc, idx, v, r)) { acc = v; idx = r; }
    } else {
      acc = combine(op, acc, v);
    }
  }
  sval[lid] = acc;
  sidx[lid] = idx;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int s = wg / 2; s > 0; s >>= 1) {
    if (lid < s) {
      if (arg) {
        if (arg_better(op, sval[lid], sidx[lid], sval[lid + s], sidx[lid + s])) {
          sval[lid] = sval[lid + s];
          sidx[lid] = sidx[lid + s];
        }
      } else {
        sval[lid] = combine(op, sval[lid], sval[lid + s]);
      }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) store_result(out, outIdx, oo, sval[0], sidx[0]);
}

// One work-item per output element: for short reductions with many outputs.
__kernel void reduce_serial(__global const TI* x, int xOff, __global TO* out, int outOff, __constant const int* meta,
                            int nOut, int nRed, int op) {
  reduce_serial_body(x, xOff, out, 0, outOff, meta, nOut, nRed, op);
}

__kernel void argreduce_serial(__global const TI* x, int xOff, __global long* out, int outOff,
                               __constant const int* meta, int nOut, int nRed, int op) {
  reduce_serial_body(x, xOff, 0, out, outOff, meta, nOut, nRed, op);
}

// One work-group per output element with a tree reduction in local memory: for long reductions.
// The local size is a power of two no larger than RED_WG.
__kernel void reduce_tree(__global const TI* x, int xOff, __global TO* out, int outOff, __constant const int* meta,
                          int nOut, int nRed, int op) {
  __local ACCI sval[RED_WG];
  __local long sidx[RED_WG];
  reduce_tree_body(x, xOff, out, 0, outOff, meta, nRed, op, sval, sidx);
}

__kernel void argreduce_tree(__global const TI* x, int xOff, __global long* out, int outOff,
                             __constant const int* meta, int nOut, int nRed, int op) {
  __local ACCI sval[RED_WG];
  __local long sidx[RED_WG];
  reduce_tree_body(x, xOff, 0, out, outOff, meta, nRed, op, sval, sidx);
}

// CUMSUM / CUMPROD: one work-item per line along the scanned dim, accumulating in ACCI.
// meta = [nd, lineShape[nd], xStrides[nd], outStrides[nd]] over the other dims.
__kernel void scan(__global const TI* x, int xOff, __global TO* out, int outOff, __constant const int* meta,
                   int nLines, int len, int xStep, int outStep, int op) {
  int line = get_global_id(0);
  if (line >= nLines) return;
  int off[2] = {xOff, outOff};
  strided_offsets(line, meta, 2, off);
  ACCI acc = op == OP_CUMPROD ? 1 : 0;
  for (int j = 0; j < len; j++) {
    ACCI v = (ACCI) LDI(x, off[0] + j * xStep);
    acc = op == OP_CUMPROD ? acc * v : acc + v;
    STO(out, off[1] + j * outStep, acc);
  }
}
