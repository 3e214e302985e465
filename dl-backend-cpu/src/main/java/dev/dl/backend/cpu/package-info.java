/**
 * The CPU backend: storage as on-heap primitive arrays, kernels in plain Java with Vector API fast
 * paths chosen at run time ({@link dev.dl.backend.cpu.CpuBackendProvider} is the only public
 * class). Kernels are grouped by family (elementwise, cast, reduce, scan/softmax, GEMM,
 * convolution, index, random) and run on the backend's own fork/join pool above a grain size.
 *
 * <p>Convolution (float32) runs fused rather than as IM2COL + MATMUL over the whole batch, which
 * materializes a batch-sized column matrix and makes extra passes over the output for the bias.
 * Tasks are (image, group, block of output positions), in parallel over the pool: each unrolls its
 * block of one image into a per-thread column buffer small enough to stay in L2 (27 x 1024 floats
 * for a 3-channel 3x3 layer; at unit stride with 'same' width each column row is one shifted copy
 * of the image plus a few zeroed edge columns), then multiplies it with the weight using Vector
 * API register tiles (24 accumulators on AVX-512) that read the buffer and the weight where they
 * lie. With conv's short inner dimensions (9, 27, 64) packing operands for the general GEMM
 * costs about as much as the multiply-adds, so the tiles skip it; the bias initializes the
 * accumulators and the output is written once. The input gradient is {@code W^T @ gradOut} per
 * block, added back into the image (col2im), with tasks owning whole input channels so no pixel
 * is written by two threads (B's strips are copied first only when its rows are a multiple of
 * 1 KiB apart and would crowd a few L1 sets). The
 * weight gradient sums {@code gradOut[oc, p] * cols[r, p]} over positions p into one accumulator
 * per fixed chunk of tasks, summed in chunk order, so results do not depend on thread timing.
 * With 24 to 32 column rows (3 channels, 3x3) each image is copied once with window rows stacked
 * per output row and channels last, so that a position's whole window is one contiguous run (the
 * transposed column matrix, read in place with overlapping runs); a register tile then
 * broadcasts {@code gradOut} against two vectors of window entries, 16 sums in registers across
 * all positions (0.55-0.6x the time of the lane-wise dots at b32 3->64 32x32). Other shapes take
 * lane-wise dot products of {@code gradOut} rows with column rows (with 9 column rows the
 * broadcast tile wastes 7 of 16 lanes and measured slower). Wide layers (inner dimension over
 * 256) and the scalar fallback use the packed, cache-blocked GEMM single-threaded inside each
 * task instead; other dtypes use dl-api's IM2COL + MATMUL composite.
 *
 * <p>Arrays of 1 MiB and more are recycled ({@code ArrayPool}): a storage's array returns to the
 * pool on {@code release()}, and the next allocation of that type and length takes it, dirty
 * ({@code Backend.allocate} leaves contents unspecified; every kernel writes its whole output).
 * Dropped storages are left to the collector: tracking them (a Cleaner) kept G1 from freeing
 * large arrays early and made it grow the heap instead. {@code -Ddl.cpu.pool.bytes} caps the idle
 * bytes the pool keeps (default an eighth of the maximum heap; {@code 0} turns it off).
 */
package dev.dl.backend.cpu;
