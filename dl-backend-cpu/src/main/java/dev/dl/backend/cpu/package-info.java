/**
 * The CPU backend: storage as on-heap primitive arrays, kernels in plain Java with Vector API fast
 * paths chosen at run time ({@link dev.dl.backend.cpu.CpuBackendProvider} is the only public
 * class). Kernels are grouped by family (elementwise, cast, reduce, scan/softmax, GEMM,
 * convolution, index, random) and run on the backend's own fork/join pool above a grain size.
 *
 * <p>Arrays of 1 MiB and more are recycled ({@code ArrayPool}): a storage's array returns to the
 * pool on {@code release()} or when the collector finds the storage unreachable, and the next
 * allocation of that type and length takes it, dirty ({@code Backend.allocate} leaves contents
 * unspecified; every kernel writes its whole output). {@code -Ddl.cpu.pool.bytes} caps the bytes
 * the pool answers for (default an eighth of the maximum heap; {@code 0} turns it off).
 */
package dev.dl.backend.cpu;
