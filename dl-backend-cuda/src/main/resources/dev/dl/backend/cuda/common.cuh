// Shared definitions for every kernel file of the CUDA backend.
//
// Layout of a strided operand as passed from Java (CudaLayout): a Dims struct (rank and sizes,
// shared by all operands of one launch after dim coalescing) and one Strides struct per operand
// (element offset and element strides). Both are plain int structs passed by value, so the Java
// side packs them as int[] kernel parameters.
#pragma once
#include <cuda_fp16.h>
#include <cuda_bf16.h>

#define DL_MAX_DIMS 16

// Scalar helpers are host-callable too, so a host-compiled harness (OpSemanticsTest) can check the
// op semantics against Java references without a GPU.
#define DL_HD __host__ __device__ __forceinline__

struct Dims { int ndim; int size[DL_MAX_DIMS]; };
struct Strides { int offset; int s[DL_MAX_DIMS]; };

// Op codes; the Java side (KernelOps) uses the same numbers and a test compares the two lists.
#define OP_NEG 0
#define OP_ABS 1
#define OP_SIGN 2
#define OP_EXP 3
#define OP_LOG 4
#define OP_LOG1P 5
#define OP_EXPM1 6
#define OP_SQRT 7
#define OP_RSQRT 8
#define OP_SIN 9
#define OP_COS 10
#define OP_TAN 11
#define OP_TANH 12
#define OP_SIGMOID 13
#define OP_RELU 14
#define OP_GELU 15
#define OP_SILU 16
#define OP_SOFTPLUS 17
#define OP_ERF 18
#define OP_FLOOR 19
#define OP_CEIL 20
#define OP_ROUND 21
#define OP_TRUNC 22
#define OP_RECIPROCAL 23
#define OP_LOGICAL_NOT 24
#define OP_ISNAN 25
#define OP_ISINF 26
#define OP_ISFINITE 27
#define OP_ADD 28
#define OP_SUB 29
#define OP_MUL 30
#define OP_DIV 31
#define OP_FLOOR_DIVIDE 32
#define OP_POW 33
#define OP_MAXIMUM 34
#define OP_MINIMUM 35
#define OP_FMOD 36
#define OP_REMAINDER 37
#define OP_LOGICAL_AND 38
#define OP_LOGICAL_OR 39
#define OP_LOGICAL_XOR 40
#define OP_EQ 41
#define OP_NE 42
#define OP_LT 43
#define OP_LE 44
#define OP_GT 45
#define OP_GE 46
#define OP_SUM 47
#define OP_PROD 48
#define OP_MAX 49
#define OP_MIN 50
#define OP_ARGMAX 51
#define OP_ARGMIN 52
#define OP_CUMSUM 53
#define OP_CUMPROD 54
#define OP_SCATTER 55
#define OP_SCATTER_ADD 56
#define OP_RANDOM_UNIFORM 57
#define OP_RANDOM_NORMAL 58
#define OP_SOFTMAX 59
#define OP_LOG_SOFTMAX 60

typedef signed char i8_t;
typedef unsigned char u8_t;
typedef short i16_t;
typedef int i32_t;
typedef long long i64_t;
typedef bool b8_t;
typedef float f32_t;
typedef double f64_t;
typedef __half f16_t;
typedef __nv_bfloat16 bf16_t;

// The type arithmetic happens in: 16-bit floats compute in float32, every integer type and bool
// in int64 (so narrow integer results wrap exactly as the stored type when cast back).
template <typename T> struct Compute { typedef T type; };
template <> struct Compute<f16_t> { typedef float type; };
template <> struct Compute<bf16_t> { typedef float type; };
template <> struct Compute<i8_t> { typedef long long type; };
template <> struct Compute<u8_t> { typedef long long type; };
template <> struct Compute<i16_t> { typedef long long type; };
template <> struct Compute<i32_t> { typedef long long type; };
template <> struct Compute<b8_t> { typedef long long type; };

// Loads widen to the compute type.
DL_HD float load(f16_t v) { return __half2float(v); }
DL_HD float load(bf16_t v) { return __bfloat162float(v); }
DL_HD float load(float v) { return v; }
DL_HD double load(double v) { return v; }
DL_HD long long load(i8_t v) { return v; }
DL_HD long long load(u8_t v) { return v; }
DL_HD long long load(i16_t v) { return v; }
DL_HD long long load(i32_t v) { return v; }
DL_HD long long load(i64_t v) { return v; }
DL_HD long long load(b8_t v) { return v ? 1 : 0; }

// Stores narrow from any arithmetic value to the element type, with PyTorch's casting rules:
// floating to integer truncates toward zero (through int64, so narrow types wrap as on the CPU),
// anything to bool is "!= 0" (NaN is true), rounding to 16-bit floats is round-to-nearest-even.
template <typename D> struct Store;
template <> struct Store<f32_t> {
  template <typename V> __host__ __device__ static f32_t of(V v) { return (f32_t) v; }
};
template <> struct Store<f64_t> {
  template <typename V> __host__ __device__ static f64_t of(V v) { return (f64_t) v; }
};
template <> struct Store<f16_t> {
  __host__ __device__ static f16_t of(double v) { return __double2half(v); }
  __host__ __device__ static f16_t of(float v) { return __float2half_rn(v); }
  __host__ __device__ static f16_t of(long long v) { return __float2half_rn((float) v); }
};
template <> struct Store<bf16_t> {
  __host__ __device__ static bf16_t of(double v) { return __double2bfloat16(v); }
  __host__ __device__ static bf16_t of(float v) { return __float2bfloat16_rn(v); }
  __host__ __device__ static bf16_t of(long long v) { return __float2bfloat16_rn((float) v); }
};
template <> struct Store<b8_t> {
  template <typename V> __host__ __device__ static b8_t of(V v) { return v != (V) 0; }
};
template <typename I> struct StoreInt {
  __host__ __device__ static I of(long long v) { return (I) v; }
  __host__ __device__ static I of(float v) { return (I) (long long) v; }
  __host__ __device__ static I of(double v) { return (I) (long long) v; }
};
template <> struct Store<i8_t> : StoreInt<i8_t> {};
template <> struct Store<u8_t> : StoreInt<u8_t> {};
template <> struct Store<i16_t> : StoreInt<i16_t> {};
template <> struct Store<i32_t> : StoreInt<i32_t> {};
template <> struct Store<i64_t> : StoreInt<i64_t> {};

template <typename T, typename V> DL_HD T store(V v) { return Store<T>::of(v); }

DL_HD bool is_nan(float v) { return v != v; }
DL_HD bool is_nan(double v) { return v != v; }
DL_HD bool is_nan(long long) { return false; }

// Element offset of linear index i (row-major over dims) in one operand. Storage lengths are Java
// ints, so 32-bit index arithmetic suffices and is several times cheaper than 64-bit division.
__device__ __forceinline__ int offset_of(const Dims& d, const Strides& s, long long linear) {
  unsigned int i = (unsigned int) linear;
  int off = s.offset;
  // Unrolled with constant indices: the structs stay in the parameter bank; a loop indexed by a
  // run-time k would first copy them to local memory in every thread.
#pragma unroll
  for (int k = DL_MAX_DIMS - 1; k >= 0; k--) {
    if (k < d.ndim) {
      unsigned int n = (unsigned int) d.size[k];
      off += (int) (i % n) * s.s[k];
      i /= n;
    }
  }
  return off;
}

// Grid-stride loop over n elements: the launch caps the grid, each thread walks several items.
#define GRID_LOOP(i, n) \
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
       i += (long long) blockDim.x * gridDim.x)

// Instantiates a macro once per dtype: F(suffix, element type).
#define FOR_EACH_DTYPE(F) \
  F(f16, f16_t) F(bf16, bf16_t) F(f32, f32_t) F(f64, f64_t) F(i8, i8_t) F(u8, u8_t) \
  F(i16, i16_t) F(i32, i32_t) F(i64, i64_t) F(b8, b8_t)

#define FOR_EACH_FLOAT_DTYPE(F) F(f16, f16_t) F(bf16, bf16_t) F(f32, f32_t) F(f64, f64_t)
