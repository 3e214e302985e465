// gather / scatter / scatter_add along one dim. Index operands are int64; negative indices count
// from the end of the dim (the dispatcher has checked the range).
#include "common.cuh"

// Atomic accumulation for SCATTER_ADD. Types without a native atomicAdd (8- and 16-bit integers,
// bool) update their containing aligned 32-bit word with a compare-and-swap loop.
template <typename T> __device__ void atomic_accumulate(T* p, T v) {
  unsigned int* word = (unsigned int*) ((size_t) p & ~(size_t) 3);
  unsigned int shift = (unsigned int) (((size_t) p & 3) * 8);
  unsigned int mask = (sizeof(T) == 1 ? 0xFFu : 0xFFFFu) << shift;
  unsigned int old = *word, assumed;
  do {
    assumed = old;
    T cur;
    unsigned int bits = (assumed & mask) >> shift;
    if (sizeof(T) == 1) { unsigned char c = (unsigned char) bits; cur = *(T*) &c; }
    else { unsigned short s = (unsigned short) bits; cur = *(T*) &s; }
    T next = store<T>(load(cur) + load(v));
    unsigned int nbits = sizeof(T) == 1 ? (unsigned int) *(unsigned char*) &next
                                        : (unsigned int) *(unsigned short*) &next;
    old = atomicCAS(word, assumed, (assumed & ~mask) | ((nbits << shift) & mask));
  } while (old != assumed);
}
template <> __device__ void atomic_accumulate<f32_t>(f32_t* p, f32_t v) { atomicAdd(p, v); }
template <> __device__ void atomic_accumulate<f64_t>(f64_t* p, f64_t v) { atomicAdd(p, v); }
template <> __device__ void atomic_accumulate<f16_t>(f16_t* p, f16_t v) { atomicAdd(p, v); }
template <> __device__ void atomic_accumulate<bf16_t>(bf16_t* p, bf16_t v) { atomicAdd(p, v); }
template <> __device__ void atomic_accumulate<i32_t>(i32_t* p, i32_t v) { atomicAdd(p, v); }
template <> __device__ void atomic_accumulate<i64_t>(i64_t* p, i64_t v) {
  atomicAdd((unsigned long long*) p, (unsigned long long) v);  // two's complement: same bits
}

// Offset of the coordinates of linear i (over d) in an operand whose dim `dim` is replaced by idx.
__device__ __forceinline__ int offset_with(const Dims& d, const Strides& s, long long linear, int dim, int idx) {
  unsigned int i = (unsigned int) linear;
  int off = s.offset;
#pragma unroll
  for (int k = DL_MAX_DIMS - 1; k >= 0; k--) {  // constant indices: see offset_of
    if (k < d.ndim) {
      unsigned int n = (unsigned int) d.size[k];
      int c = (int) (i % n);
      i /= n;
      off += (k == dim ? idx : c) * s.s[k];
    }
  }
  return off;
}

// out has shape d; x has out's rank, strides sx, and size xDimSize along dim.
template <typename T>
__device__ void gather_impl(long long n, Dims d, Strides so, T* out, Strides sx, const T* x, int dim,
                            int xDimSize, Strides si, const long long* index) {
  GRID_LOOP(i, n) {
    long long idx = index[offset_of(d, si, i)];
    if (idx < 0) idx += xDimSize;
    out[offset_of(d, so, i)] = x[offset_with(d, sx, i, dim, (int) idx)];
  }
}

// d is index's (and src's) shape; out has outDimSize along dim.
template <typename T>
__device__ void scatter_impl(int op, long long n, Dims d, Strides so, T* out, int dim, int outDimSize,
                             Strides si, const long long* index, Strides ss, const T* src) {
  GRID_LOOP(i, n) {
    long long idx = index[offset_of(d, si, i)];
    if (idx < 0) idx += outDimSize;
    T* target = out + offset_with(d, so, i, dim, (int) idx);
    T v = src[offset_of(d, ss, i)];
    if (op == OP_SCATTER_ADD) atomic_accumulate<T>(target, v);
    else *target = v;
  }
}

#define INDEX(sfx, T)                                                                                    \
  extern "C" __global__ void gather_##sfx(long long n, Dims d, Strides so, T* out, Strides sx,          \
                                          const T* x, int dim, int xDimSize, Strides si,                 \
                                          const long long* index) {                                      \
    gather_impl<T>(n, d, so, out, sx, x, dim, xDimSize, si, index);                                      \
  }                                                                                                      \
  extern "C" __global__ void scatter_##sfx(int op, long long n, Dims d, Strides so, T* out, int dim,    \
                                           int outDimSize, Strides si, const long long* index,           \
                                           Strides ss, const T* src) {                                   \
    scatter_impl<T>(op, n, d, so, out, dim, outDimSize, si, index, ss, src);                             \
  }
FOR_EACH_DTYPE(INDEX)
