/**
 * The CPU backend: storage as on-heap primitive arrays, kernels in plain Java with Vector API fast
 * paths chosen at run time ({@link dev.dl.backend.cpu.CpuBackendProvider} is the only public
 * class). Kernels are grouped by family (elementwise, cast, reduce, scan/softmax, GEMM,
 * convolution, index, random) and run on the backend's own fork/join pool above a grain size.
 */
package dev.dl.backend.cpu;
