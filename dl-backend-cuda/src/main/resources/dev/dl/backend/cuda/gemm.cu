// Batched GEMM out[b] = a[b] @ b[b], the path that works for every dtype and needs no cuBLAS.
//
// Tiling: a block of 16x16 threads computes a 64x64 tile of out, each thread a 4x4 register tile;
// the K dimension advances in slabs of 16 staged through shared memory (the +1 column of padding
// keeps the transposed reads of As free of bank conflicts). Inputs may have any strides (a
// transposed operand needs no copy); out is contiguous [B, M, N]. The accumulator is float32 for
// 16-bit floats, the element type for float32/float64, and int64 for integers and bool.
#include "common.cuh"

#define TILE 64
#define SLAB 16
#define MICRO 4

template <typename T> struct GemmAcc { typedef typename Compute<T>::type type; };

template <typename T>
__device__ void gemm_impl(int batch, int m, int n, int k, const T* a, int aOff, int aBatch, int aRow, int aCol,
                          const T* b, int bOff, int bBatch, int bRow, int bCol, T* out, int outOff) {
  typedef typename GemmAcc<T>::type A;
  __shared__ A As[SLAB][TILE + 1];
  __shared__ A Bs[SLAB][TILE + 1];
  const int tx = threadIdx.x, ty = threadIdx.y, tid = ty * 16 + tx;
  const int col0 = blockIdx.x * TILE;
  // Row tiles and batches grid-stride: gridDim.y and gridDim.z stop at 65535.
  for (int z = blockIdx.z; z < batch; z += gridDim.z)
  for (int row0 = blockIdx.y * TILE; row0 < m; row0 += gridDim.y * TILE) {
    const T* az = a + aOff + (long long) z * aBatch;
    const T* bz = b + bOff + (long long) z * bBatch;
    A acc[MICRO][MICRO];
    for (int i = 0; i < MICRO; i++)
      for (int j = 0; j < MICRO; j++) acc[i][j] = (A) 0;
    for (int k0 = 0; k0 < k; k0 += SLAB) {
      // 256 threads load a 64x16 slab of a and a 16x64 slab of b, four elements each.
      for (int e = tid; e < TILE * SLAB; e += 256) {
        int r = e / SLAB, kk = e % SLAB;
        int gr = row0 + r, gk = k0 + kk;
        As[kk][r] = (gr < m && gk < k) ? (A) load(az[gr * aRow + gk * aCol]) : (A) 0;
        int kb = e / TILE, c = e % TILE;
        int gkb = k0 + kb, gc = col0 + c;
        Bs[kb][c] = (gkb < k && gc < n) ? (A) load(bz[gkb * bRow + gc * bCol]) : (A) 0;
      }
      __syncthreads();
#pragma unroll
      for (int kk = 0; kk < SLAB; kk++) {
        A av[MICRO], bv[MICRO];
#pragma unroll
        for (int i = 0; i < MICRO; i++) av[i] = As[kk][ty + 16 * i];
#pragma unroll
        for (int j = 0; j < MICRO; j++) bv[j] = Bs[kk][tx + 16 * j];
#pragma unroll
        for (int i = 0; i < MICRO; i++)
#pragma unroll
          for (int j = 0; j < MICRO; j++) acc[i][j] += av[i] * bv[j];
      }
      __syncthreads();
    }
    T* oz = out + outOff + (long long) z * m * n;
    for (int i = 0; i < MICRO; i++) {
      int r = row0 + ty + 16 * i;
      if (r >= m) continue;
      for (int j = 0; j < MICRO; j++) {
        int c = col0 + tx + 16 * j;
        if (c < n) oz[r * n + c] = store<T>(acc[i][j]);
      }
    }
  }
}

#define GEMM(sfx, T)                                                                                     \
  extern "C" __global__ void gemm_##sfx(int batch, int m, int n, int k, const T* a, int aOff, int aBatch, \
                                        int aRow, int aCol, const T* b, int bOff, int bBatch, int bRow,  \
                                        int bCol, T* out, int outOff) {                                  \
    gemm_impl<T>(batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, out, outOff); \
  }
FOR_EACH_DTYPE(GEMM)
