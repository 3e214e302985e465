// Reductions, arg-reductions, scans and the fused softmax.
//
// The Java side splits x's dims into "kept" dims (the output's index space) and "reduced" dims;
// each block produces one output element (grid-stride over outputs), its threads stride over the
// reduced elements and combine through shared memory. Block sizes are powers of two <= 256.
#include "common.cuh"

// The accumulator type: float32 sums and products accumulate in float64, 16-bit floats in float32,
// integers and bool in int64.
template <typename T> struct Acc { typedef typename Compute<T>::type type; };
template <> struct Acc<f32_t> { typedef double type; };

template <typename A> __device__ __forceinline__ A combine(int op, A a, A b) {
  switch (op) {
    case OP_SUM: return a + b;
    case OP_PROD: return a * b;
    case OP_MAX: return is_nan(a) ? a : (is_nan(b) ? b : (a > b ? a : b));
    case OP_MIN: return is_nan(a) ? a : (is_nan(b) ? b : (a < b ? a : b));
    default: return a;
  }
}
template <> __device__ __forceinline__ long long combine<long long>(int op, long long a, long long b) {
  typedef unsigned long long U;
  switch (op) {
    case OP_SUM: return (long long) ((U) a + (U) b);
    case OP_PROD: return (long long) ((U) a * (U) b);
    case OP_MAX: return a > b ? a : b;
    case OP_MIN: return a < b ? a : b;
    default: return a;
  }
}

// Only SUM and PROD have identities that matter (empty reductions); MAX/MIN never see an empty set
// because every thread's first element seeds its accumulator.
template <typename A> __device__ __forceinline__ A identity(int op) { return op == OP_PROD ? (A) 1 : (A) 0; }

template <typename T>
__device__ void reduce_impl(int op, long long nOut, Dims kept, Strides so, T* out, Strides sxKept,
                            Dims red, Strides sxRed, long long nRed, const T* x) {
  typedef typename Acc<T>::type A;
  __shared__ A partial[256];
  __shared__ bool partialSet[256];
  for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {
    int base = offset_of(kept, sxKept, o);
    A acc = identity<A>(op);
    bool set = false;
    for (long long r = threadIdx.x; r < nRed; r += blockDim.x) {
      A v = (A) load(x[base + offset_of(red, sxRed, r)]);
      acc = set ? combine(op, acc, v) : v;
      set = true;
    }
    partial[threadIdx.x] = acc;
    partialSet[threadIdx.x] = set;
    __syncthreads();
    for (int width = blockDim.x / 2; width > 0; width >>= 1) {
      if (threadIdx.x < width && partialSet[threadIdx.x + width]) {
        A other = partial[threadIdx.x + width];
        partial[threadIdx.x] = partialSet[threadIdx.x] ? combine(op, partial[threadIdx.x], other) : other;
        partialSet[threadIdx.x] = true;
      }
      __syncthreads();
    }
    if (threadIdx.x == 0) out[offset_of(kept, so, o)] = store<T>(partialSet[0] ? partial[0] : identity<A>(op));
    __syncthreads();
  }
}

// ARGMAX/ARGMIN: the first index of the extreme value; NaN counts as the extreme (first NaN wins),
// matching PyTorch.
template <typename C> __device__ __forceinline__ bool better(bool isMax, C v, long long i, C bv, long long bi) {
  if (bi < 0) return true;
  bool vn = is_nan(v), bn = is_nan(bv);
  if (bn) return vn && i < bi;
  if (vn) return true;
  if (v == bv) return i < bi;
  return isMax ? v > bv : v < bv;
}

template <typename T>
__device__ void argreduce_impl(int op, long long nOut, Dims kept, Strides so, long long* out,
                               Strides sxKept, long long nRed, int redStride, const T* x) {
  typedef typename Compute<T>::type C;
  __shared__ C bestV[256];
  __shared__ long long bestI[256];
  const bool isMax = op == OP_ARGMAX;
  for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {
    int base = offset_of(kept, sxKept, o);
    C bv = (C) 0;
    long long bi = -1;
    for (long long r = threadIdx.x; r < nRed; r += blockDim.x) {
      C v = load(x[base + (int) r * redStride]);
      if (better(isMax, v, r, bv, bi)) { bv = v; bi = r; }
    }
    bestV[threadIdx.x] = bv;
    bestI[threadIdx.x] = bi;
    __syncthreads();
    for (int width = blockDim.x / 2; width > 0; width >>= 1) {
      if (threadIdx.x < width) {
        long long oi = bestI[threadIdx.x + width];
        if (oi >= 0 && better(isMax, bestV[threadIdx.x + width], oi, bestV[threadIdx.x], bestI[threadIdx.x])) {
          bestV[threadIdx.x] = bestV[threadIdx.x + width];
          bestI[threadIdx.x] = oi;
        }
      }
      __syncthreads();
    }
    if (threadIdx.x == 0) out[offset_of(kept, so, o)] = bestI[0] < 0 ? 0 : bestI[0];
    __syncthreads();
  }
}

// Scans: one thread per line; lines are independent, so parallelism comes from their number.
template <typename T>
__device__ void scan_impl(int op, long long nLines, Dims lines, Strides soLine, T* out, Strides sxLine,
                          const T* x, int len, int outStride, int xStride) {
  typedef typename Acc<T>::type A;
  GRID_LOOP(l, nLines) {
    int ob = offset_of(lines, soLine, l), xb = offset_of(lines, sxLine, l);
    A acc = op == OP_CUMPROD ? (A) 1 : (A) 0;
    for (int k = 0; k < len; k++) {
      A v = (A) load(x[xb + k * xStride]);
      acc = combine(op == OP_CUMPROD ? OP_PROD : OP_SUM, acc, v);
      out[ob + k * outStride] = store<T>(acc);
    }
  }
}

// Softmax along one dim: one block per row, three passes (max, sum of exponentials, write).
template <typename T>
__device__ void softmax_impl(int op, long long nRows, Dims rows, Strides soRow, T* out, Strides sxRow,
                             const T* x, int len, int outStride, int xStride) {
  typedef typename Compute<T>::type C;
  __shared__ C red[256];
  for (long long row = blockIdx.x; row < nRows; row += gridDim.x) {
    int ob = offset_of(rows, soRow, row), xb = offset_of(rows, sxRow, row);
    C m = (C) (-1.0 / 0.0);
    for (int k = threadIdx.x; k < len; k += blockDim.x) {
      C v = load(x[xb + k * xStride]);
      m = (is_nan(v) || v > m) ? v : m;
    }
    red[threadIdx.x] = m;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
      if (threadIdx.x < w) {
        C o = red[threadIdx.x + w];
        if (is_nan(o) || o > red[threadIdx.x]) red[threadIdx.x] = o;
      }
      __syncthreads();
    }
    m = red[0];
    __syncthreads();
    // A row of -inf would give (-inf) - (-inf) = NaN; subtracting 0 instead leaves exp(-inf) = 0.
    C shift = (m == (C) (-1.0 / 0.0)) ? (C) 0 : m;
    C s = (C) 0;
    for (int k = threadIdx.x; k < len; k += blockDim.x) s += exp(load(x[xb + k * xStride]) - shift);
    red[threadIdx.x] = s;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
      if (threadIdx.x < w) red[threadIdx.x] += red[threadIdx.x + w];
      __syncthreads();
    }
    s = red[0];
    __syncthreads();
    C logS = log(s);
    for (int k = threadIdx.x; k < len; k += blockDim.x) {
      C v = load(x[xb + k * xStride]) - shift;
      out[ob + k * outStride] = store<T>(op == OP_LOG_SOFTMAX ? v - logS : exp(v) / s);
    }
    __syncthreads();
  }
}

#define REDUCE(sfx, T)                                                                                   \
  extern "C" __global__ void reduce_##sfx(int op, long long nOut, Dims kept, Strides so, T* out,        \
                                          Strides sxKept, Dims red, Strides sxRed, long long nRed,       \
                                          const T* x) {                                                  \
    reduce_impl<T>(op, nOut, kept, so, out, sxKept, red, sxRed, nRed, x);                                \
  }                                                                                                      \
  extern "C" __global__ void argreduce_##sfx(int op, long long nOut, Dims kept, Strides so,             \
                                             long long* out, Strides sxKept, long long nRed,             \
                                             int redStride, const T* x) {                                \
    argreduce_impl<T>(op, nOut, kept, so, out, sxKept, nRed, redStride, x);                              \
  }                                                                                                      \
  extern "C" __global__ void scan_##sfx(int op, long long nLines, Dims lines, Strides soLine, T* out,   \
                                        Strides sxLine, const T* x, int len, int outStride,              \
                                        int xStride) {                                                   \
    scan_impl<T>(op, nLines, lines, soLine, out, sxLine, x, len, outStride, xStride);                    \
  }
FOR_EACH_DTYPE(REDUCE)

#define SOFTMAX(sfx, T)                                                                                  \
  extern "C" __global__ void softmax_##sfx(int op, long long nRows, Dims rows, Strides soRow, T* out,   \
                                           Strides sxRow, const T* x, int len, int outStride,            \
                                           int xStride) {                                                \
    softmax_impl<T>(op, nRows, rows, soRow, out, sxRow, x, len, outStride, xStride);                     \
  }
FOR_EACH_FLOAT_DTYPE(SOFTMAX)
