/**
 * The CUDA backend ({@code cuda:N} devices). {@link dev.dl.backend.cuda.CudaBackendProvider} probes
 * the driver and devices and opens a backend per device; everything else is package-private: the
 * driver-facing {@code CudaDriver} interface and its JCuda implementation, a caching device
 * allocator, pinned staging buffers for host transfers, and the kernel launch logic over PTX compiled
 * ahead of time from the CUDA C sources in this package's resources.
 */
package dev.dl.backend.cuda;
