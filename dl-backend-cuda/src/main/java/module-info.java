/**
 * The CUDA backend: kernels written in CUDA C, shipped as PTX for sm_80 and sm_90 and loaded through
 * the driver API (JCuda), with cuBLAS for float32/float64 GEMM when its library loads.
 */
module dev.dl.backend.cuda {
  requires dev.dl.api;
  requires jcuda;
  requires jcublas;

  provides dev.dl.spi.BackendProvider with dev.dl.backend.cuda.CudaBackendProvider;
}
