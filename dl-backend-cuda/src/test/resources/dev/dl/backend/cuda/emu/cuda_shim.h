// A host stand-in for the CUDA execution model, for KernelEmulationTest: the kernels' .cu files
// compile with g++ against it and run on the CPU. Blocks run one after another (so the
// function-static arrays that __shared__ becomes are per block); the threads of a block run
// concurrently as std::threads, __syncthreads is a std::barrier, atomics take a global mutex.
// Slow and only for small launches, but it executes the real kernel code, indexing included.
#pragma once
#include <cmath>
#include <mutex>
#include <barrier>
#include <thread>
#include <vector>
#include <functional>
#include <cuda_fp16.h>
#include <cuda_bf16.h>
struct Dim3 { unsigned x = 1, y = 1, z = 1; };
inline thread_local Dim3 threadIdx, blockIdx;
inline Dim3 blockDim, gridDim;
inline std::barrier<>* g_barrier;
inline std::mutex g_atomic;
inline void __syncthreads() { g_barrier->arrive_and_wait(); }
#undef __global__
#define __global__
#undef __shared__
#define __shared__ static
#ifndef __forceinline__
#define __forceinline__ inline
#endif
#ifndef __noinline__
#define __noinline__
#endif
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline double rsqrt(double x) { return 1.0 / std::sqrt(x); }
template <typename T> T atomicAdd(T* p, T v) { std::lock_guard<std::mutex> l(g_atomic); T old = *p; *p = old + v; return old; }
inline __half atomicAdd(__half* p, __half v) { std::lock_guard<std::mutex> l(g_atomic); __half old = *p; *p = __float2half(__half2float(old) + __half2float(v)); return old; }
inline __nv_bfloat16 atomicAdd(__nv_bfloat16* p, __nv_bfloat16 v) { std::lock_guard<std::mutex> l(g_atomic); __nv_bfloat16 old = *p; *p = __float2bfloat16(__bfloat162float(old) + __bfloat162float(v)); return old; }
inline unsigned atomicCAS(unsigned* p, unsigned cmp, unsigned val) { std::lock_guard<std::mutex> l(g_atomic); unsigned old = *p; if (old == cmp) *p = val; return old; }
// Runs a kernel: blocks one after another (so function-static "shared" arrays are per block),
// the threads of a block concurrently with a barrier for __syncthreads.
inline void emulate(Dim3 grid, Dim3 block, const std::function<void()>& kernel) {
  gridDim = grid;
  blockDim = block;
  unsigned n = block.x * block.y * block.z;
  for (unsigned bz = 0; bz < grid.z; bz++)
    for (unsigned by = 0; by < grid.y; by++)
      for (unsigned bx = 0; bx < grid.x; bx++) {
        std::barrier<> bar(n);
        g_barrier = &bar;
        std::vector<std::thread> ts;
        for (unsigned t = 0; t < n; t++) {
          ts.emplace_back([&, t] {
            blockIdx = {bx, by, bz};
            threadIdx = {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
            kernel();
          });
        }
        for (auto& th : ts) th.join();
      }
}
