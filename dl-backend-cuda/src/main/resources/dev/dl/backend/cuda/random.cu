// Philox4x32-10 random fills, bit-identical in their 32-bit words to dev.dl.spi.Philox: the key is
// the seed's (low, high) words, word w is lane w % 4 of the block for counter (w / 4 low,
// w / 4 high, 0, 0). Each thread produces one element, computing the block(s) it needs.
#include "common.cuh"

// Host-callable too, so a host-compiled harness can compare the words with Philox.java.
__host__ __device__ __forceinline__ unsigned int mulhi32(unsigned int a, unsigned int b) {
  return (unsigned int) (((unsigned long long) a * b) >> 32);  // one mul.hi.u32 on the device
}

__host__ __device__ __forceinline__ unsigned int philox_word(unsigned long long seed, unsigned long long w) {
  unsigned long long blk = w >> 2;
  unsigned int c0 = (unsigned int) blk, c1 = (unsigned int) (blk >> 32), c2 = 0, c3 = 0;
  unsigned int k0 = (unsigned int) seed, k1 = (unsigned int) (seed >> 32);
#pragma unroll
  for (int round = 0; round < 10; round++) {
    unsigned int hi0 = mulhi32(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
    unsigned int hi1 = mulhi32(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
    unsigned int n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  switch (w & 3) {
    case 0: return c0;
    case 1: return c1;
    case 2: return c2;
    default: return c3;
  }
}

// Philox.uniform24: 24 bits from one word, exact in float.
__host__ __device__ __forceinline__ float uniform24(unsigned int w) { return (float) ((w >> 8) * 0x1.0p-24); }

// Philox.uniform53: 26 + 27 bits from two words.
__host__ __device__ __forceinline__ double uniform53(unsigned int a, unsigned int b) {
  return (double) (((unsigned long long) (a >> 6) << 27) + (b >> 5)) * 0x1.0p-53;
}

// The same expressions as Philox.normal, in double.
__device__ __forceinline__ double philox_normal(unsigned int a, unsigned int b) {
  double u1 = ((a >> 8) + 1) * 0x1.0p-24;
  double u2 = (b >> 8) * 0x1.0p-24;
  return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.141592653589793 * u2);
}

template <typename T>
__device__ void random_impl(int op, long long n, T* out, int outOff, unsigned long long seed,
                            unsigned long long offset) {
  GRID_LOOP(i, n) {
    T v;
    if (op == OP_RANDOM_NORMAL) {
      v = store<T>(philox_normal(philox_word(seed, offset + 2 * i), philox_word(seed, offset + 2 * i + 1)));
    } else {
      // float32 and the 16-bit floats: 24 bits from one word, exact in float, then rounded.
      v = store<T>(uniform24(philox_word(seed, offset + i)));
    }
    out[outOff + i] = v;
  }
}

// float64 uniform uses two words per element: 26 + 27 bits.
__device__ void random_impl_f64(int op, long long n, double* out, int outOff, unsigned long long seed,
                                unsigned long long offset) {
  GRID_LOOP(i, n) {
    unsigned int a = philox_word(seed, offset + 2 * i), b = philox_word(seed, offset + 2 * i + 1);
    out[outOff + i] = op == OP_RANDOM_NORMAL ? philox_normal(a, b) : uniform53(a, b);
  }
}

extern "C" __global__ void random_f64(int op, long long n, double* out, int outOff, unsigned long long seed,
                                      unsigned long long offset) {
  random_impl_f64(op, n, out, outOff, seed, offset);
}
extern "C" __global__ void random_f32(int op, long long n, float* out, int outOff, unsigned long long seed,
                                      unsigned long long offset) {
  random_impl<f32_t>(op, n, out, outOff, seed, offset);
}
extern "C" __global__ void random_f16(int op, long long n, f16_t* out, int outOff, unsigned long long seed,
                                      unsigned long long offset) {
  random_impl<f16_t>(op, n, out, outOff, seed, offset);
}
extern "C" __global__ void random_bf16(int op, long long n, bf16_t* out, int outOff, unsigned long long seed,
                                       unsigned long long offset) {
  random_impl<bf16_t>(op, n, out, outOff, seed, offset);
}
