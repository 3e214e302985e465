package dev.dl.backend.cuda;

import dev.dl.DType;

/**
 * A vendor GEMM (cuBLAS) for float32/float64, row-major operands given by batch stride, leading
 * dimension and whether the matrix is stored transposed (column-major).
 */
interface BlasGemm {
  /** One row-major matrix operand: base address, leading dimension, batch stride (0 broadcasts), transposed storage. */
  record Matrix(CudaDriver.DevicePtr ptr, int ld, long batchStride, boolean transposed) {}

  /** out[b] = a[b] @ b[b] for b in [0, batch); out is contiguous [batch, m, n]. */
  void gemm(DType dtype, int batch, int m, int n, int k, Matrix a, Matrix b, CudaDriver.DevicePtr out);

  /** For the log line: "cuBLAS 120604". */
  String description();
}
