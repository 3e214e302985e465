// Shared header of every program. The host defines, per program:
//   TI / CI: storage and compute type of the input role ("I"), TO / CO for the output role ("O");
//   I_FLOAT, I_DOUBLE, I_HALF, I_BF16, I_BOOL, I_SIGNED (and the same with O_) as 0/1 flags;
//   ACCI: the accumulator for reductions and scans of I; HAS_FP64 when the device has doubles;
//   OP_<NAME>: the ordinal of every dev.dl.spi.Op, so kernels switch on the Java op codes.
// float16 is stored as half and reached only through vload_half/vstore_half (core in 1.2, no
// cl_khr_fp16 needed); bfloat16 is stored as its ushort bit pattern. Both compute in float.

#if HAS_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// Round-to-nearest-even float -> bfloat16 bits, keeping NaNs quiet (as PyTorch's c10::BFloat16).
inline ushort float_to_bf16(float f) {
  uint u = as_uint(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return (ushort) ((u >> 16) | 0x40u);
  u += 0x7fffu + ((u >> 16) & 1u);
  return (ushort) (u >> 16);
}

#if I_HALF
#define LDI(p, i) vload_half((i), (p))
#elif I_BF16
#define LDI(p, i) as_float(((uint) (p)[i]) << 16)
#else
#define LDI(p, i) ((CI) (p)[i])
#endif

// The widest float the source role computes in: vstore_half has float and double overloads only.
#if I_DOUBLE
#define HALF_SRC double
#else
#define HALF_SRC float
#endif

#if O_HALF
#define STO(p, i, v) vstore_half_rte((HALF_SRC) (v), (i), (p))
#elif O_BF16
#define STO(p, i, v) ((p)[i] = float_to_bf16((float) (v)))
#elif O_BOOL
#define STO(p, i, v) ((p)[i] = (uchar) ((v) != 0))
#elif O_FLOAT
#define STO(p, i, v) ((p)[i] = (TO) (v))
#else
// Through long so that a float source truncates toward zero and then wraps like a C cast.
#define STO(p, i, v) ((p)[i] = (TO) (long) (v))
#endif

// Strided addressing. meta = [nd, shape[nd], strides of operand 0 [nd], strides of operand 1 [nd], ...].
// off[j] starts at operand j's base offset; the linear index is split into coordinates from the
// innermost dim outwards.
inline void strided_offsets(int lin, __constant const int* meta, int k, int* off) {
  int nd = meta[0];
  if (nd == 1) {
    // The common case after merging (contiguous or evenly strided): no division at all.
    for (int j = 0; j < k; j++) off[j] += lin * meta[2 + j];
    return;
  }
  for (int d = nd - 1; d >= 0; d--) {
    int s = meta[1 + d];
    int q = lin / s;
    int r = lin - q * s;
    lin = q;
    for (int j = 0; j < k; j++) off[j] += r * meta[1 + nd * (1 + j) + d];
  }
}
