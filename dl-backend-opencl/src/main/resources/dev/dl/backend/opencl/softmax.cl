// Fused SOFTMAX / LOG_SOFTMAX along one dim: one work-group per line, two tree reductions in local
// memory (the max, then the sum of exponentials), accumulated in ACCI.
// meta = [nd, lineShape[nd], xStrides[nd], outStrides[nd]] over the other dims.

__kernel void softmax(__global const TI* x, int xOff, __global TO* out, int outOff, __constant const int* meta,
                      int len, int xStep, int outStep, int logSoftmax) {
  __local ACCI red[RED_WG];
  int line = get_group_id(0);
  int lid = get_local_id(0);
  int wg = get_local_size(0);
  int off[2] = {xOff, outOff};
  strided_offsets(line, meta, 2, off);
  ACCI m = -INFINITY;
  for (int j = lid; j < len; j += wg) {
    ACCI v = (ACCI) LDI(x, off[0] + j * xStep);
    m = isnan(m) ? m : (isnan(v) || v > m) ? v : m;
  }
  red[lid] = m;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int s = wg / 2; s > 0; s >>= 1) {
    if (lid < s) {
      ACCI a = red[lid], b = red[lid + s];
      red[lid] = isnan(a) ? a : (isnan(b) || b > a) ? b : a;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  m = red[0];
  // A line of -inf has no finite max: shift by 0 so exp gives 0s and the result is NaN, as PyTorch.
  ACCI shift = isinf(m) ? (ACCI) 0 : m;
  barrier(CLK_LOCAL_MEM_FENCE);
  ACCI sum = 0;
  for (int j = lid; j < len; j += wg) sum += exp((ACCI) LDI(x, off[0] + j * xStep) - shift);
  red[lid] = sum;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int s = wg / 2; s > 0; s >>= 1) {
    if (lid < s) red[lid] += red[lid + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  sum = red[0];
  ACCI logSum = log(sum);
  for (int j = lid; j < len; j += wg) {
    ACCI v = (ACCI) LDI(x, off[0] + j * xStep) - shift;
    STO(out, off[1] + j * outStep, logSoftmax ? v - logSum : exp(v) / sum);
  }
}
