package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.dl.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** Stream/event ordering of the pinned double buffer, against a mocked driver. */
class PinnedStagingTest {
  private final CudaDriver driver = mock(CudaDriver.class);
  private final Object stream = new Object();
  private final Object event0 = "event0", event1 = "event1";
  private final List<CudaDriver.HostBuffer> buffers = new ArrayList<>();
  private final Object device = new Object();
  /** Simulated device memory: what the copies wrote. */
  private final ByteBuffer deviceBytes = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

  PinnedStagingTest() {
    when(driver.hostAlloc(anyLong())).thenAnswer(inv -> {
      CudaDriver.HostBuffer b = new CudaDriver.HostBuffer("pinned" + buffers.size(),
          ByteBuffer.allocateDirect((int) (long) inv.getArgument(0)).order(ByteOrder.LITTLE_ENDIAN));
      buffers.add(b);
      return b;
    });
    when(driver.createEvent()).thenReturn(event0, event1);
    doAnswer(inv -> {
      CudaDriver.DevicePtr dst = inv.getArgument(0);
      CudaDriver.HostBuffer src = inv.getArgument(1);
      long bytes = inv.getArgument(3);
      for (int i = 0; i < bytes; i++) deviceBytes.put((int) dst.byteOffset() + i, src.bytes().get(i));
      return null;
    }).when(driver).copyHtoD(any(), any(), anyLong(), anyLong(), any());
    doAnswer(inv -> {
      CudaDriver.HostBuffer dst = inv.getArgument(0);
      CudaDriver.DevicePtr src = inv.getArgument(2);
      long bytes = inv.getArgument(3);
      for (int i = 0; i < bytes; i++) dst.bytes().put(i, deviceBytes.get((int) src.byteOffset() + i));
      return null;
    }).when(driver).copyDtoH(any(), anyLong(), any(), anyLong(), any());
  }

  @Test
  void writeAlternatesBuffersAndWaitsForABuffersEventBeforeRefillingIt() {
    PinnedStaging staging = new PinnedStaging(driver, stream, 16);  // 4 floats per chunk
    float[] data = new float[11];
    for (int i = 0; i < data.length; i++) data[i] = i * 1.5f;
    staging.write(new CudaDriver.DevicePtr(device, 8), DType.FLOAT32, data, 1, 10);

    InOrder order = inOrder(driver);
    order.verify(driver).copyHtoD(eq(new CudaDriver.DevicePtr(device, 8)), any(), eq(0L), eq(16L), eq(stream));
    order.verify(driver).recordEvent(event0, stream);
    order.verify(driver).copyHtoD(eq(new CudaDriver.DevicePtr(device, 24)), any(), eq(0L), eq(16L), eq(stream));
    order.verify(driver).recordEvent(event1, stream);
    order.verify(driver).synchronizeEvent(event0);  // buffer 0 is reused only after its copy finished
    order.verify(driver).copyHtoD(eq(new CudaDriver.DevicePtr(device, 40)), any(), eq(0L), eq(8L), eq(stream));
    order.verify(driver).recordEvent(event0, stream);
    verify(driver, times(2)).hostAlloc(16);
    verify(driver, never()).synchronizeStream(any());  // writes stay asynchronous

    float[] back = new float[10];
    deviceBytes.position(8);
    deviceBytes.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(back);
    float[] expected = new float[10];
    System.arraycopy(data, 1, expected, 0, 10);
    assertArrayEquals(expected, back);
  }

  @Test
  void readQueuesTheNextChunkBeforeUnpackingTheCurrentOne() {
    long[] values = new long[5];
    for (int i = 0; i < 5; i++) {
      values[i] = 1L << (10 * i);
      deviceBytes.putLong(i * 8, values[i]);
    }
    PinnedStaging staging = new PinnedStaging(driver, stream, 16);  // 2 longs per chunk
    long[] out = new long[7];
    staging.read(new CudaDriver.DevicePtr(device, 0), DType.INT64, out, 2, 5);
    assertArrayEquals(new long[] {0, 0, values[0], values[1], values[2], values[3], values[4]}, out);

    InOrder order = inOrder(driver);
    order.verify(driver).copyDtoH(any(), eq(0L), eq(new CudaDriver.DevicePtr(device, 0)), eq(16L), eq(stream));
    order.verify(driver).recordEvent(event0, stream);
    order.verify(driver).copyDtoH(any(), eq(0L), eq(new CudaDriver.DevicePtr(device, 16)), eq(16L), eq(stream));
    order.verify(driver).recordEvent(event1, stream);
    order.verify(driver).synchronizeEvent(event0);  // chunk 0 unpacked while chunk 1 is in flight
    order.verify(driver).copyDtoH(any(), eq(0L), eq(new CudaDriver.DevicePtr(device, 32)), eq(8L), eq(stream));
    order.verify(driver).recordEvent(event0, stream);
    order.verify(driver).synchronizeEvent(event1);
    order.verify(driver).synchronizeEvent(event0);
  }

  @Test
  void everyHostArrayTypeRoundTrips() {
    PinnedStaging staging = new PinnedStaging(driver, stream, 64);
    CudaDriver.DevicePtr at = new CudaDriver.DevicePtr(device, 0);
    Object[][] cases = {
        {DType.FLOAT64, new double[] {1.5, -2.25, Double.NaN}, new double[3]},
        {DType.INT32, new int[] {7, -8, Integer.MIN_VALUE}, new int[3]},
        {DType.FLOAT16, new short[] {0x3C00, (short) 0xC000, 1}, new short[3]},
        {DType.BOOL, new byte[] {1, 0, 1}, new byte[3]}};
    for (Object[] c : cases) {
      staging.write(at, (DType) c[0], c[1], 0, 3);
      staging.read(at, (DType) c[0], c[2], 0, 3);
      assertEquals(java.util.Arrays.deepToString(new Object[] {c[1]}), java.util.Arrays.deepToString(new Object[] {c[2]}));
    }
  }

  @Test
  void closeWaitsForPendingCopiesThenFreesPinnedMemory() {
    PinnedStaging staging = new PinnedStaging(driver, stream, 16);
    staging.write(new CudaDriver.DevicePtr(device, 0), DType.INT8, new byte[3], 0, 3);
    staging.close();
    InOrder order = inOrder(driver);
    order.verify(driver).synchronizeEvent(event0);
    order.verify(driver).destroyEvent(event0);
    order.verify(driver).hostFree(buffers.get(0));
    assertEquals(1, buffers.size());
  }
}
