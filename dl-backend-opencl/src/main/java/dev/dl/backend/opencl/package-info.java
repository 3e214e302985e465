/**
 * The OpenCL backend plugin. {@link dev.dl.backend.opencl.OpenClBackendProvider} is the only
 * public type: it enumerates every device of every OpenCL platform as {@code opencl:N}; the
 * package-private classes hold the context and program cache, the caching buffer pool, and the
 * launchers of the kernels that live as {@code .cl} resources next to these classes.
 */
package dev.dl.backend.opencl;
