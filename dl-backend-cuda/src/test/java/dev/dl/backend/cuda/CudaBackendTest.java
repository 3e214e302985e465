package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Host-side logic of the backend (kernel choice, arguments, launch shapes) against a mocked driver. */
class CudaBackendTest {
  private final CudaDriver driver = mock(CudaDriver.class);
  private final Object context = "ctx", stream = "stream";
  private final BlasGemm blas = mock(BlasGemm.class);

  CudaBackendTest() {
    when(driver.device(0)).thenReturn(new CudaDriver.DeviceInfo("NVIDIA H100", 9, 0, 80L << 30, 132));
    when(driver.retainPrimaryContext(0)).thenReturn(context);
    when(driver.createStream()).thenReturn(stream);
    when(driver.memAlloc(anyLong())).thenAnswer(inv -> new Object());
    when(driver.loadModule(any())).thenAnswer(inv -> new String((byte[]) inv.getArgument(0), 0, 200, StandardCharsets.UTF_8));
    when(driver.function(any(), any())).thenAnswer(inv -> "fn:" + inv.getArgument(1));
    when(blas.description()).thenReturn("cuBLAS mock");
  }

  private CudaBackend withoutBlas() {
    return new CudaBackend(driver, 0, s -> { throw new UnsatisfiedLinkError("libcublas.so.12: cannot open shared object file"); });
  }

  private CudaBackend withBlas() { return new CudaBackend(driver, 0, s -> blas); }

  private static Operand contiguous(Storage s, int... shape) { return Operand.contiguous(s, shape); }

  /** The arguments of the only launch of {@code kernel}. */
  private Object[] launched(String kernel, LaunchConfig config) {
    ArgumentCaptor<Object[]> args = ArgumentCaptor.forClass(Object[].class);
    verify(driver).launch(eq("fn:" + kernel), eq(config), eq(stream), args.capture());
    return args.getValue();
  }

  @Test
  void opensThePrimaryContextAndAStreamAndDeclaresEveryDtype() {
    CudaBackend b = withoutBlas();
    assertEquals(new Device("cuda", 0), b.device());
    assertEquals(EnumSet.allOf(DType.class), b.dtypes());
    assertTrue(b.supportsPinnedMemory());
    assertFalse(b.usesBlas());
    verify(driver).retainPrimaryContext(0);
    verify(driver).createStream();
  }

  @Test
  void devicesBelowSm80AreRefused() {
    when(driver.device(0)).thenReturn(new CudaDriver.DeviceInfo("Tesla V100", 7, 0, 16L << 30, 80));
    IllegalStateException e = assertThrows(IllegalStateException.class, this::withoutBlas);
    assertTrue(e.getMessage().contains("compute capability 7.0"), e.getMessage());
  }

  @Test
  void allocateRoundsAndReleaseReturnsTheBlockToTheCache() {
    CudaBackend b = withoutBlas();
    Storage s = b.allocate(DType.FLOAT32, 300);
    verify(driver).memAlloc(1536);
    assertEquals(1536, b.allocator().allocatedBytes());
    s.release();
    s.release();
    assertEquals(0, b.allocator().allocatedBytes());
    assertEquals(1536, b.allocator().cachedBytes());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.fill(contiguous(s, 300), 1.0));
    assertTrue(e.getMessage().contains("used after release()"), e.getMessage());
    b.allocate(DType.INT32, 384);
    verify(driver, times(1)).memAlloc(anyLong());
    b.emptyCache();
    verify(driver).synchronizeStream(stream);
  }

  @Test
  void kernelsLoadTheirModuleOnceFromTheDevicesPtx() {
    CudaBackend b = withoutBlas();
    Storage x = b.allocate(DType.FLOAT32, 8), y = b.allocate(DType.FLOAT32, 8);
    b.unary(Op.EXP, contiguous(y, 8), contiguous(x, 8));
    b.unary(Op.NEG, contiguous(y, 8), contiguous(x, 8));
    b.binary(Op.ADD, contiguous(y, 8), contiguous(x, 8), contiguous(x, 8));
    ArgumentCaptor<byte[]> image = ArgumentCaptor.forClass(byte[].class);
    verify(driver, times(1)).loadModule(image.capture());
    String head = new String(image.getValue(), StandardCharsets.UTF_8);
    assertTrue(head.contains("// source: elementwise.cu"), "loaded another module");
    assertTrue(head.contains(".target sm_90"), "an H100 gets the sm_90 PTX");
    assertEquals(0, image.getValue()[image.getValue().length - 1]);
    verify(driver, times(1)).function(any(), eq("unary_f32"));
    verify(driver).function(any(), eq("binary_f32"));
  }

  @Test
  void binaryPassesOpCodeCoalescedDimsAndStrides() {
    CudaBackend b = withoutBlas();
    Storage out = b.allocate(DType.INT64, 6), a = b.allocate(DType.INT64, 6), c = b.allocate(DType.INT64, 3);
    // a is [2,3] transposed from [3,2]; c is [3] broadcast to [2,3] with offset 1.
    b.binary(Op.REMAINDER, contiguous(out, 2, 3), new Operand(a, DType.INT64, new int[] {2, 3}, new int[] {1, 2}, 0),
        new Operand(c, DType.INT64, new int[] {2, 3}, new int[] {0, 1}, 1));
    Object[] args = launched("binary_i64", LaunchConfig.elementwise(6));
    assertEquals(KernelNames.code(Op.REMAINDER), args[0]);
    assertEquals(6L, args[1]);
    assertArrayEquals(new int[] {2, 2, 3}, Arrays.copyOf((int[]) args[2], 3));
    assertArrayEquals(new int[] {0, 3, 1}, Arrays.copyOf((int[]) args[3], 3));
    assertArrayEquals(new int[] {0, 1, 2}, Arrays.copyOf((int[]) args[5], 3));
    assertArrayEquals(new int[] {1, 0, 1}, Arrays.copyOf((int[]) args[7], 3));
  }

  @Test
  void comparisonsAndPredicatesUseTheirBoolWritingKernels() {
    CudaBackend b = withoutBlas();
    Storage f = b.allocate(DType.FLOAT16, 4), o = b.allocate(DType.BOOL, 4);
    b.binary(Op.LT, contiguous(o, 4), contiguous(f, 4), contiguous(f, 4));
    b.unary(Op.ISNAN, contiguous(o, 4), contiguous(f, 4));
    assertEquals(KernelNames.code(Op.LT), launched("compare_f16", LaunchConfig.elementwise(4))[0]);
    assertEquals(KernelNames.code(Op.ISNAN), launched("predicate_f16", LaunchConfig.elementwise(4))[0]);
  }

  @Test
  void denseSameDtypeCopyIsOneDmaAndCastsUseACopyKernel() {
    CudaBackend b = withoutBlas();
    Storage x = b.allocate(DType.FLOAT32, 10), y = b.allocate(DType.FLOAT32, 10), z = b.allocate(DType.INT64, 10);
    b.copy(new Operand(y, DType.FLOAT32, new int[] {4}, new int[] {1}, 2), new Operand(x, DType.FLOAT32, new int[] {4}, new int[] {1}, 3));
    ArgumentCaptor<CudaDriver.DevicePtr> dst = ArgumentCaptor.forClass(CudaDriver.DevicePtr.class);
    ArgumentCaptor<CudaDriver.DevicePtr> src = ArgumentCaptor.forClass(CudaDriver.DevicePtr.class);
    verify(driver).copyDtoD(dst.capture(), src.capture(), eq(16L), eq(stream));
    assertEquals(8, dst.getValue().byteOffset());
    assertEquals(12, src.getValue().byteOffset());
    b.copy(contiguous(z, 10), new Operand(x, DType.FLOAT32, new int[] {10}, new int[] {-1}, 9));
    Object[] args = launched("copy_f32_i64", LaunchConfig.elementwise(10));
    assertArrayEquals(new int[] {9, -1}, Arrays.copyOf((int[]) args[4], 2));
  }

  @Test
  void fillPassesTheValueBothAsDoubleAndAsLong() {
    CudaBackend b = withoutBlas();
    Storage s = b.allocate(DType.INT64, 3);
    b.fill(contiguous(s, 3), Long.MAX_VALUE);
    Object[] args = launched("fill_i64", LaunchConfig.elementwise(3));
    assertEquals(Long.MAX_VALUE, args[5]);
    assertEquals((double) Long.MAX_VALUE, args[4]);
  }

  @Test
  void reduceSplitsKeptAndReducedDims() {
    CudaBackend b = withoutBlas();
    Storage x = b.allocate(DType.FLOAT32, 24), out = b.allocate(DType.FLOAT32, 8);
    b.reduce(Op.SUM, new Operand(out, DType.FLOAT32, new int[] {2, 1, 4}, new int[] {4, 4, 1}, 0), contiguous(x, 2, 3, 4),
        new int[] {1});
    Object[] args = launched("reduce_f32", LaunchConfig.reduction(8, 3));
    assertEquals(8L, args[1]);
    assertArrayEquals(new int[] {2, 2, 4}, Arrays.copyOf((int[]) args[2], 3));     // kept dims [2,4]
    assertArrayEquals(new int[] {0, 4, 1}, Arrays.copyOf((int[]) args[3], 3));     // out strides
    assertArrayEquals(new int[] {0, 12, 1}, Arrays.copyOf((int[]) args[5], 3));    // x kept strides
    assertArrayEquals(new int[] {1, 3}, Arrays.copyOf((int[]) args[6], 2));        // reduced dims [3]
    assertArrayEquals(new int[] {0, 4}, Arrays.copyOf((int[]) args[7], 2));        // x reduced strides
    assertEquals(3L, args[8]);
  }

  @Test
  void argmaxWritesInt64AndGetsTheDimsLengthAndStride() {
    CudaBackend b = withoutBlas();
    Storage x = b.allocate(DType.INT8, 24), out = b.allocate(DType.INT64, 6);
    b.reduce(Op.ARGMAX, new Operand(out, DType.INT64, new int[] {2, 3, 1}, new int[] {3, 1, 1}, 0), contiguous(x, 2, 3, 4),
        new int[] {2});
    Object[] args = launched("argreduce_i8", LaunchConfig.reduction(6, 4));
    assertEquals(4L, args[6]);
    assertEquals(1, args[7]);
  }

  @Test
  void scanAndSoftmaxWalkLinesAlongTheirDim() {
    CudaBackend b = withoutBlas();
    Storage x = b.allocate(DType.FLOAT64, 12), out = b.allocate(DType.FLOAT64, 12);
    b.scan(Op.CUMPROD, contiguous(out, 3, 4), contiguous(x, 3, 4), 0);
    Object[] args = launched("scan_f64", LaunchConfig.elementwise(4));
    assertEquals(3, args[7]);
    assertEquals(4, args[8]);
    assertEquals(4, args[9]);
    assertTrue(b.softmax(Op.LOG_SOFTMAX, contiguous(out, 3, 4), contiguous(x, 3, 4), 1));
    Object[] s = launched("softmax_f64", LaunchConfig.reduction(3, 4));
    assertEquals(KernelNames.code(Op.LOG_SOFTMAX), s[0]);
    Storage i = b.allocate(DType.INT32, 12);
    assertFalse(b.softmax(Op.SOFTMAX, contiguous(i, 3, 4), contiguous(i, 3, 4), 1));
  }

  @Test
  void matmulUsesCublasForFloat32WithTransposedOperandsAndTheTiledKernelOtherwise() {
    CudaBackend b = withBlas();
    assertTrue(b.usesBlas());
    Storage a = b.allocate(DType.FLOAT32, 2 * 3 * 5), w = b.allocate(DType.FLOAT32, 2 * 5 * 4), o = b.allocate(DType.FLOAT32, 24);
    // w is [2,5,4] stored as [2,4,5] transposed.
    b.matmul(contiguous(o, 2, 3, 4), contiguous(a, 2, 3, 5), new Operand(w, DType.FLOAT32, new int[] {2, 5, 4}, new int[] {20, 1, 5}, 0));
    ArgumentCaptor<BlasGemm.Matrix> am = ArgumentCaptor.forClass(BlasGemm.Matrix.class);
    ArgumentCaptor<BlasGemm.Matrix> bm = ArgumentCaptor.forClass(BlasGemm.Matrix.class);
    verify(blas).gemm(eq(DType.FLOAT32), eq(2), eq(3), eq(4), eq(5), am.capture(), bm.capture(), any());
    assertEquals(5, am.getValue().ld());
    assertFalse(am.getValue().transposed());
    assertEquals(15, am.getValue().batchStride());
    assertEquals(5, bm.getValue().ld());
    assertTrue(bm.getValue().transposed());
    verify(driver, never()).launch(any(), any(), any(), any(Object[].class));

    Storage ia = b.allocate(DType.INT32, 6), ib = b.allocate(DType.INT32, 6), io = b.allocate(DType.INT32, 4);
    b.matmul(contiguous(io, 1, 2, 2), contiguous(ia, 1, 2, 3), contiguous(ib, 1, 3, 2));
    Object[] args = launched("gemm_i32", LaunchConfig.gemm(1, 2, 2));
    assertEquals(1, args[0]);
    assertEquals(0, args[6]);  // batch of one: batch stride 0
  }

  @Test
  void withoutCublasFloat32MatmulUsesTheTiledKernel() {
    CudaBackend b = withoutBlas();
    Storage a = b.allocate(DType.FLOAT32, 6), c = b.allocate(DType.FLOAT32, 6), o = b.allocate(DType.FLOAT32, 4);
    b.matmul(contiguous(o, 1, 2, 2), contiguous(a, 1, 2, 3), contiguous(c, 1, 3, 2));
    launched("gemm_f32", LaunchConfig.gemm(1, 2, 2));
  }

  @Test
  void convIndexAndRandomKernels() {
    CudaBackend b = withoutBlas();
    ConvGeometry g = new ConvGeometry(1, 2, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1);
    Storage img = b.allocate(DType.BFLOAT16, 50), cols = b.allocate(DType.BFLOAT16, 18 * 25);
    b.im2col(contiguous(cols, 1, 18, 25), contiguous(img, 1, 2, 5, 5), g);
    int[] geometry = (int[]) launched("im2col_bf16", LaunchConfig.elementwise(450))[0];
    assertArrayEquals(new int[] {1, 2, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 5, 5}, geometry);
    b.col2im(contiguous(img, 1, 2, 5, 5), contiguous(cols, 1, 18, 25), g);
    launched("col2im_bf16", LaunchConfig.elementwise(50));

    Storage x = b.allocate(DType.UINT8, 6), idx = b.allocate(DType.INT64, 4), out = b.allocate(DType.UINT8, 4);
    b.gather(contiguous(out, 2, 2), contiguous(x, 2, 3), 1, contiguous(idx, 2, 2));
    Object[] g1 = launched("gather_u8", LaunchConfig.elementwise(4));
    assertEquals(1, g1[6]);
    assertEquals(3, g1[7]);
    b.scatter(Op.SCATTER_ADD, contiguous(x, 2, 3), 1, contiguous(idx, 2, 2), contiguous(out, 2, 2));
    Object[] s1 = launched("scatter_u8", LaunchConfig.elementwise(4));
    assertEquals(KernelNames.code(Op.SCATTER_ADD), s1[0]);
    assertEquals(3, s1[6]);

    Storage r = b.allocate(DType.FLOAT32, 5);
    b.random(Op.RANDOM_NORMAL, contiguous(r, 5), 42L, 1000L);
    Object[] rnd = launched("random_f32", LaunchConfig.elementwise(5));
    assertEquals(42L, rnd[4]);
    assertEquals(1000L, rnd[5]);
  }

  @Test
  void emptyTensorsLaunchNothing() {
    CudaBackend b = withoutBlas();
    Storage s = b.allocate(DType.FLOAT32, 0);
    b.unary(Op.EXP, contiguous(s, 0, 3), contiguous(s, 0, 3));
    b.fill(contiguous(s, 3, 0), 1.0);
    verify(driver, never()).launch(any(), any(), any(), any(Object[].class));
  }

  @Test
  void hostTransfersGoThroughPinnedStaging() {
    CudaBackend b = withoutBlas();
    when(driver.hostAlloc(anyLong())).thenAnswer(inv -> new CudaDriver.HostBuffer("pinned",
        java.nio.ByteBuffer.allocateDirect((int) (long) inv.getArgument(0)).order(java.nio.ByteOrder.LITTLE_ENDIAN)));
    when(driver.createEvent()).thenReturn("e0", "e1");
    Storage s = b.allocate(DType.INT32, 10);
    b.write(s, 2, new int[] {1, 2, 3}, 0, 3);
    ArgumentCaptor<CudaDriver.DevicePtr> dst = ArgumentCaptor.forClass(CudaDriver.DevicePtr.class);
    verify(driver).copyHtoD(dst.capture(), any(), eq(0L), eq(12L), eq(stream));
    assertEquals(8, dst.getValue().byteOffset());
    b.read(s, 0, new int[10], 0, 10);
    verify(driver).copyDtoH(any(), eq(0L), any(), eq(40L), eq(stream));
    b.synchronize();
    verify(driver).synchronizeStream(stream);
  }
}
