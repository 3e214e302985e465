// COPY with a dtype conversion. One program per input dtype with the output dtype as a run-time
// switch (DT_<NAME> are dev.dl.DType ordinals): 10 small builds cover all 100 pairs, where a
// program per pair made a cold start pay for 100 compilations. Stores follow STO's rules.

__kernel void cast(__global const TI* x, int xOff, __global uchar* out, int outOff, __constant const int* meta, int n,
                   int outType) {
  int i = get_global_id(0);
  if (i >= n) return;
  int off[2] = {outOff, xOff};
  strided_offsets(i, meta, 2, off);
  CI v = LDI(x, off[1]);
  int o = off[0];
  switch (outType) {
    case DT_FLOAT32: ((__global float*) out)[o] = (float) v; break;
#if HAS_FP64
    case DT_FLOAT64: ((__global double*) out)[o] = (double) v; break;
#endif
    case DT_FLOAT16: vstore_half_rte((HALF_SRC) v, o, (__global half*) out); break;
    case DT_BFLOAT16: ((__global ushort*) out)[o] = float_to_bf16((float) v); break;
    case DT_INT8: ((__global char*) out)[o] = (char) (long) v; break;
    case DT_UINT8: ((__global uchar*) out)[o] = (uchar) (long) v; break;
    case DT_INT16: ((__global short*) out)[o] = (short) (long) v; break;
    case DT_INT32: ((__global int*) out)[o] = (int) (long) v; break;
    case DT_INT64: ((__global long*) out)[o] = (long) v; break;
    default: out[o] = (uchar) (v != 0); break;
  }
}
