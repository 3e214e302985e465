/**
 * The OpenCL backend: runs dl tensors on any OpenCL 1.2 device (GPUs, or CPUs through PoCL) with
 * kernels compiled at run time through JOCL.
 */
module dev.dl.backend.opencl {
  requires dev.dl.api;
  requires jocl;

  provides dev.dl.spi.BackendProvider with dev.dl.backend.opencl.OpenClBackendProvider;
}
