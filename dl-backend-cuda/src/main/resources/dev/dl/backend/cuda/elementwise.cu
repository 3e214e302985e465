// Elementwise kernels: fill, copy with dtype conversion, unary, binary, comparisons and where.
// Every operand is strided (broadcast dims have stride 0); the op is a run-time switch so one
// kernel per dtype serves the whole op group (the branch is uniform across a launch).
#include "common.cuh"

// ---------------------------------------------------------------- unary math in compute type

#ifdef __CUDA_ARCH__
__device__ __forceinline__ float rsqrt_(float x) { return rsqrtf(x); }
__device__ __forceinline__ double rsqrt_(double x) { return rsqrt(x); }
#else
inline float rsqrt_(float x) { return 1.0f / sqrtf(x); }
inline double rsqrt_(double x) { return 1.0 / sqrt(x); }
#endif

template <typename C> DL_HD C unary_float(int op, C x) {
  const C zero = (C) 0, one = (C) 1;
  switch (op) {
    case OP_NEG: return -x;
    case OP_ABS: return fabs(x);
    case OP_SIGN: return x > zero ? one : (x < zero ? -one : (x == zero ? zero : x));  // +0 for -0, NaN stays
    case OP_EXP: return exp(x);
    case OP_LOG: return log(x);
    case OP_LOG1P: return log1p(x);
    case OP_EXPM1: return expm1(x);
    case OP_SQRT: return sqrt(x);
    case OP_RSQRT: return rsqrt_(x);
    case OP_SIN: return sin(x);
    case OP_COS: return cos(x);
    case OP_TAN: return tan(x);
    case OP_TANH: return tanh(x);
    case OP_SIGMOID: return one / (one + exp(-x));
    case OP_RELU: return x < zero ? zero : x;  // NaN passes through, as in PyTorch
    case OP_GELU: return (C) 0.5 * x * (one + erf(x * (C) 0.70710678118654752440));
    case OP_SILU: return x / (one + exp(-x));
    case OP_SOFTPLUS: return fmax(x, zero) + log1p(exp(-fabs(x)));  // no overflow for large |x|
    case OP_ERF: return erf(x);
    case OP_FLOOR: return floor(x);
    case OP_CEIL: return ceil(x);
    case OP_ROUND: return rint(x);  // half to even
    case OP_TRUNC: return trunc(x);
    case OP_RECIPROCAL: return one / x;
    default: return x;
  }
}

// Out of line: the six integer kernels share one copy of the double-precision op code.
__host__ __device__ __noinline__ double unary_float_outlined(int op, double x) { return unary_float<double>(op, x); }

DL_HD long long unary_int(int op, long long x) {
  switch (op) {
    case OP_NEG: return (long long) (0ULL - (unsigned long long) x);
    case OP_ABS: return x < 0 ? (long long) (0ULL - (unsigned long long) x) : x;
    case OP_SIGN: return x > 0 ? 1 : (x < 0 ? -1 : 0);
    case OP_RELU: return x < 0 ? 0 : x;
    case OP_FLOOR: case OP_CEIL: case OP_ROUND: case OP_TRUNC: return x;
    // The dispatcher promotes integers to float for the transcendental ops; computing them in
    // double here keeps a direct call meaningful rather than silently wrong.
    default: return (long long) unary_float_outlined(op, (double) x);
  }
}

DL_HD float unary_op(int op, float x) { return unary_float<float>(op, x); }
DL_HD double unary_op(int op, double x) { return unary_float<double>(op, x); }
DL_HD long long unary_op(int op, long long x) { return unary_int(op, x); }

template <typename C> DL_HD bool predicate(int op, C x) {
  switch (op) {
    case OP_LOGICAL_NOT: return x == (C) 0;
    case OP_ISNAN: return is_nan(x);
    case OP_ISINF: return !is_nan(x) && (x == (C) (1.0 / 0.0) || x == (C) (-1.0 / 0.0));
    case OP_ISFINITE: return !is_nan(x) && x != (C) (1.0 / 0.0) && x != (C) (-1.0 / 0.0);
    default: return false;
  }
}
DL_HD bool predicate(int op, long long x) {
  switch (op) {
    case OP_LOGICAL_NOT: return x == 0;
    case OP_ISFINITE: return true;
    default: return false;  // integers are never NaN or infinite
  }
}

// ---------------------------------------------------------------- binary math in compute type

template <typename C> DL_HD C binary_float(int op, C a, C b) {
  const C zero = (C) 0, one = (C) 1;
  switch (op) {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_DIV: return a / b;
    case OP_FLOOR_DIVIDE: {
      // PyTorch's div_floor for floating point: exact at integer quotients, unlike floor(a / b).
      if (b == zero) return a / b;
      C mod = fmod(a, b);
      C div = (a - mod) / b;
      if (mod != zero && ((b < zero) != (mod < zero))) div -= one;
      if (div == zero) return copysign(zero, a / b);
      C fl = floor(div);
      if (div - fl > (C) 0.5) fl += one;
      return fl;
    }
    case OP_POW: return pow(a, b);
    case OP_MAXIMUM: return (is_nan(a) || is_nan(b)) ? a + b : fmax(a, b);
    case OP_MINIMUM: return (is_nan(a) || is_nan(b)) ? a + b : fmin(a, b);
    case OP_FMOD: return fmod(a, b);
    case OP_REMAINDER: {
      C m = fmod(a, b);
      if (m != zero && ((b < zero) != (m < zero))) m += b;
      return m;
    }
    case OP_LOGICAL_AND: return (a != zero && b != zero) ? one : zero;
    case OP_LOGICAL_OR: return (a != zero || b != zero) ? one : zero;
    case OP_LOGICAL_XOR: return ((a != zero) != (b != zero)) ? one : zero;
    default: return a;
  }
}

DL_HD long long ipow(long long base, long long exp) {
  if (exp < 0) return base == 1 ? 1 : (base == -1 ? ((exp & 1) ? -1 : 1) : 0);
  unsigned long long result = 1, b = (unsigned long long) base;
  while (exp > 0) {
    if (exp & 1) result *= b;
    b *= b;
    exp >>= 1;
  }
  return (long long) result;
}

DL_HD long long binary_int(int op, long long a, long long b) {
  typedef unsigned long long U;
  switch (op) {
    case OP_ADD: return (long long) ((U) a + (U) b);  // unsigned: wraps without undefined behaviour
    case OP_SUB: return (long long) ((U) a - (U) b);
    case OP_MUL: return (long long) ((U) a * (U) b);
    case OP_DIV: return (long long) ((double) a / (double) b);
    case OP_FLOOR_DIVIDE: {
      if (b == 0) return 0;  // integer division by zero has no value; PyTorch's CPU raises
      long long q = a / b;
      if ((a % b != 0) && ((a < 0) != (b < 0))) q -= 1;
      return q;
    }
    case OP_POW: return ipow(a, b);
    case OP_MAXIMUM: return a > b ? a : b;
    case OP_MINIMUM: return a < b ? a : b;
    case OP_FMOD: return b == 0 ? 0 : a % b;
    case OP_REMAINDER: {
      if (b == 0) return 0;
      long long m = a % b;
      if (m != 0 && ((m < 0) != (b < 0))) m += b;
      return m;
    }
    case OP_LOGICAL_AND: return (a != 0 && b != 0) ? 1 : 0;
    case OP_LOGICAL_OR: return (a != 0 || b != 0) ? 1 : 0;
    case OP_LOGICAL_XOR: return ((a != 0) != (b != 0)) ? 1 : 0;
    default: return a;
  }
}

DL_HD float binary_op(int op, float a, float b) { return binary_float<float>(op, a, b); }
DL_HD double binary_op(int op, double a, double b) { return binary_float<double>(op, a, b); }
DL_HD long long binary_op(int op, long long a, long long b) { return binary_int(op, a, b); }

template <typename C> DL_HD bool compare(int op, C a, C b) {
  switch (op) {
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    default: return false;
  }
}

// ---------------------------------------------------------------- kernels

template <typename T>
__device__ void fill_impl(long long n, Dims d, Strides so, T* out, T value) {
  GRID_LOOP(i, n) { out[offset_of(d, so, i)] = value; }
}

template <typename S, typename D>
__device__ void copy_impl(long long n, Dims d, Strides so, D* out, Strides sx, const S* x) {
  GRID_LOOP(i, n) { out[offset_of(d, so, i)] = store<D>(load(x[offset_of(d, sx, i)])); }
}

template <typename T>
__device__ void unary_impl(int op, long long n, Dims d, Strides so, T* out, Strides sx, const T* x) {
  GRID_LOOP(i, n) {
    out[offset_of(d, so, i)] = store<T>(unary_op(op, load(x[offset_of(d, sx, i)])));
  }
}

template <typename T>
__device__ void predicate_impl(int op, long long n, Dims d, Strides so, b8_t* out, Strides sx, const T* x) {
  GRID_LOOP(i, n) { out[offset_of(d, so, i)] = predicate(op, load(x[offset_of(d, sx, i)])); }
}

template <typename T>
__device__ void binary_impl(int op, long long n, Dims d, Strides so, T* out, Strides sa, const T* a,
                            Strides sb, const T* b) {
  GRID_LOOP(i, n) {
    out[offset_of(d, so, i)] =
        store<T>(binary_op(op, load(a[offset_of(d, sa, i)]), load(b[offset_of(d, sb, i)])));
  }
}

template <typename T>
__device__ void compare_impl(int op, long long n, Dims d, Strides so, b8_t* out, Strides sa, const T* a,
                             Strides sb, const T* b) {
  GRID_LOOP(i, n) {
    out[offset_of(d, so, i)] = compare(op, load(a[offset_of(d, sa, i)]), load(b[offset_of(d, sb, i)]));
  }
}

template <typename T>
__device__ void where_impl(long long n, Dims d, Strides so, T* out, Strides sc, const b8_t* cond,
                           Strides sa, const T* a, Strides sb, const T* b) {
  GRID_LOOP(i, n) {
    out[offset_of(d, so, i)] = cond[offset_of(d, sc, i)] ? a[offset_of(d, sa, i)] : b[offset_of(d, sb, i)];
  }
}

// fill takes both a double and an int64 value: floating dtypes use the first, the rest the second,
// so int64 fill values above 2^53 stay exact.
template <typename T> __device__ __forceinline__ T fill_value(double dv, long long iv) { return store<T>(iv); }
template <> __device__ __forceinline__ f16_t fill_value<f16_t>(double dv, long long) { return store<f16_t>(dv); }
template <> __device__ __forceinline__ bf16_t fill_value<bf16_t>(double dv, long long) { return store<bf16_t>(dv); }
template <> __device__ __forceinline__ f32_t fill_value<f32_t>(double dv, long long) { return store<f32_t>(dv); }
template <> __device__ __forceinline__ f64_t fill_value<f64_t>(double dv, long long) { return dv; }

#define ELEMENTWISE(sfx, T)                                                                              \
  extern "C" __global__ void fill_##sfx(long long n, Dims d, Strides so, T* out, double dv, long long iv) { \
    fill_impl<T>(n, d, so, out, fill_value<T>(dv, iv));                                                  \
  }                                                                                                      \
  extern "C" __global__ void unary_##sfx(int op, long long n, Dims d, Strides so, T* out, Strides sx,     \
                                         const T* x) {                                                   \
    unary_impl<T>(op, n, d, so, out, sx, x);                                                             \
  }                                                                                                      \
  extern "C" __global__ void predicate_##sfx(int op, long long n, Dims d, Strides so, b8_t* out,         \
                                             Strides sx, const T* x) {                                   \
    predicate_impl<T>(op, n, d, so, out, sx, x);                                                         \
  }                                                                                                      \
  extern "C" __global__ void binary_##sfx(int op, long long n, Dims d, Strides so, T* out, Strides sa,   \
                                          const T* a, Strides sb, const T* b) {                          \
    binary_impl<T>(op, n, d, so, out, sa, a, sb, b);                                                     \
  }                                                                                                      \
  extern "C" __global__ void compare_##sfx(int op, long long n, Dims d, Strides so, b8_t* out,           \
                                           Strides sa, const T* a, Strides sb, const T* b) {             \
    compare_impl<T>(op, n, d, so, out, sa, a, sb, b);                                                    \
  }                                                                                                      \
  extern "C" __global__ void where_##sfx(long long n, Dims d, Strides so, T* out, Strides sc,            \
                                         const b8_t* cond, Strides sa, const T* a, Strides sb,           \
                                         const T* b) {                                                   \
    where_impl<T>(n, d, so, out, sc, cond, sa, a, sb, b);                                                \
  }
FOR_EACH_DTYPE(ELEMENTWISE)

// copy_<src>_<dst> for every ordered pair of dtypes.
#define COPY_TO(ssfx, S, dsfx, D)                                                                       \
  extern "C" __global__ void copy_##ssfx##_##dsfx(long long n, Dims d, Strides so, D* out, Strides sx, \
                                                  const S* x) {                                         \
    copy_impl<S, D>(n, d, so, out, sx, x);                                                              \
  }
#define COPY_FROM(ssfx, S)                                                                              \
  COPY_TO(ssfx, S, f16, f16_t) COPY_TO(ssfx, S, bf16, bf16_t) COPY_TO(ssfx, S, f32, f32_t)              \
  COPY_TO(ssfx, S, f64, f64_t) COPY_TO(ssfx, S, i8, i8_t) COPY_TO(ssfx, S, u8, u8_t)                    \
  COPY_TO(ssfx, S, i16, i16_t) COPY_TO(ssfx, S, i32, i32_t) COPY_TO(ssfx, S, i64, i64_t)                \
  COPY_TO(ssfx, S, b8, b8_t)
FOR_EACH_DTYPE(COPY_FROM)
