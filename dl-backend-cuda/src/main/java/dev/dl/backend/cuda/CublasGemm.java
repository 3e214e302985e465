package dev.dl.backend.cuda;

import dev.dl.DType;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;

/**
 * cuBLAS through JCublas2. Loading it needs libcublas.so.12 (CUDA 12's cuBLAS), which machines
 * with only a CUDA 13 toolkit lack; {@link #tryCreate} then reports why and the backend keeps its
 * own tiled kernel.
 *
 * <p>cuBLAS is column-major. A row-major C = A B is the column-major C^T = B^T A^T, and a
 * row-major matrix read column-major is its transpose, so the call passes B before A and swaps m
 * and n; an operand stored transposed (column-major) flips its operation flag instead.
 */
final class CublasGemm implements BlasGemm {
  private final cublasHandle handle;
  private final int version;

  private CublasGemm(cublasHandle handle, int version) {
    this.handle = handle;
    this.version = version;
  }

  /** A handle bound to {@code stream} (a JCuda CUstream); the caller has made the context current. */
  static CublasGemm create(Object stream) {
    JCublas2.setExceptionsEnabled(false);
    cublasHandle h = new cublasHandle();
    check(JCublas2.cublasCreate(h), "cublasCreate");
    check(JCublas2.cublasSetStream(h, new cudaStream_t((CUstream) stream)), "cublasSetStream");
    int[] v = new int[1];
    check(JCublas2.cublasGetVersion(h, v), "cublasGetVersion");
    return new CublasGemm(h, v[0]);
  }

  private static void check(int status, String call) {
    if (status != 0) throw new CudaException(CudaErrors.INVALID_VALUE, call + " failed: cublasStatus " + status, null);
  }

  @Override
  public String description() { return "cuBLAS " + version; }

  private static Pointer address(CudaDriver.DevicePtr p) {
    CUdeviceptr base = (CUdeviceptr) p.allocation();
    return p.byteOffset() == 0 ? base : base.withByteOffset(p.byteOffset());
  }

  @Override
  public void gemm(DType dtype, int batch, int m, int n, int k, Matrix a, Matrix b, CudaDriver.DevicePtr out) {
    int opB = b.transposed() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
    int opA = a.transposed() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
    long strideC = (long) m * n;
    int status;
    if (dtype == DType.FLOAT32) {
      status = JCublas2.cublasSgemmStridedBatched(handle, opB, opA, n, m, k, Pointer.to(new float[] {1f}),
          address(b.ptr()), b.ld(), b.batchStride(), address(a.ptr()), a.ld(), a.batchStride(),
          Pointer.to(new float[] {0f}), address(out), n, strideC, batch);
    } else {
      status = JCublas2.cublasDgemmStridedBatched(handle, opB, opA, n, m, k, Pointer.to(new double[] {1d}),
          address(b.ptr()), b.ld(), b.batchStride(), address(a.ptr()), a.ld(), a.batchStride(),
          Pointer.to(new double[] {0d}), address(out), n, strideC, batch);
    }
    check(status, dtype == DType.FLOAT32 ? "cublasSgemmStridedBatched" : "cublasDgemmStridedBatched");
  }
}
