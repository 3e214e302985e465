package dev.dl.backend.opencl;

import static dev.dl.backend.opencl.ClTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Availability;
import dev.dl.spi.BackendProvider;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Discovery, priorities, the program cache, the buffer pool and storage lifetime. */
class ProviderAndMemoryTest {

  @Test
  void theProviderIsRegisteredForServiceLoader() {
    boolean found = ServiceLoader.load(BackendProvider.class).stream()
        .anyMatch(p -> p.type() == OpenClBackendProvider.class);
    assertTrue(found, "META-INF/services lists OpenClBackendProvider");
    assertEquals("opencl", new OpenClBackendProvider().type());
  }

  @Test
  void probeNeverThrowsAndExplainsItself() {
    Availability a = new OpenClBackendProvider().probe();
    assertFalse(a.reason().isBlank(), "the probe says what it found or why it is unavailable");
    if (!a.available()) assertEquals(0, a.deviceCount());
  }

  @Test
  void cpuOnlyPlatformsRankBelowTheCpuBackendAndGpusAbove() {
    backend();
    boolean anyGpu = ClDevices.discover().devices().stream().anyMatch(ClDevices.Info::gpu);
    int priority = new OpenClBackendProvider().priority();
    assertEquals(anyGpu ? OpenClBackendProvider.GPU_PRIORITY : OpenClBackendProvider.CPU_ONLY_PRIORITY, priority);
    assertTrue(anyGpu ? priority > 0 : priority < 0);
  }

  @Test
  void devicesAreNumberedAndOutOfRangeIsAClearError() {
    backend();
    int count = new OpenClBackendProvider().probe().deviceCount();
    assertEquals(new Device("opencl", 0), backend().device());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new OpenClBackendProvider().create(count));
    assertTrue(e.getMessage().contains("opencl:" + count), e.getMessage());
  }

  @Test
  void declaresTheRequiredDtypes() {
    backend();
    for (DType dt : new DType[] {DType.FLOAT32, DType.INT32, DType.INT64, DType.BOOL, DType.UINT8, DType.INT8, DType.INT16}) {
      assertTrue(backend().dtypes().contains(dt), dt + " is declared");
    }
    assertEquals(backend().context().info.fp64(), backend().dtypes().contains(DType.FLOAT64));
  }

  @Test
  void programsAreBuiltOncePerContext() {
    backend();
    ClContext ctx = backend().context();
    var first = ctx.kernel("elementwise", DType.INT16, "binary");
    int programs = ctx.programCount();
    assertSame(first, ctx.kernel("elementwise", DType.INT16, "binary"));
    ctx.kernel("elementwise", DType.INT16, "unary");
    assertEquals(programs, ctx.programCount(), "a second kernel of a built program builds nothing");
  }

  @Test
  void aFailedLaunchNamesTheKernelAndDevice() {
    ClDevices.Info info = backend().context().info;
    // A fresh context: its kernels have no arguments set yet, so the launch is refused.
    OpenClBackend fresh = new OpenClBackend(0, info);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> fresh.context().launch("cast", DType.INT8, "cast").run1d(4));
    assertTrue(e.getMessage().contains("cast.cl:cast (int8)") && e.getMessage().contains("opencl:0"), e.getMessage());
  }

  @Test
  void releasedBuffersAreReusedFromTheirBucket() {
    backend();
    BufferPool pool = backend().context().pool;
    ClStorage a = (ClStorage) backend().allocate(DType.FLOAT32, 1000);
    var mem = a.mem();
    long pooled = pool.pooledBytes();
    a.release();
    a.release();  // idempotent
    assertEquals(pooled + BufferPool.bucket(4000), pool.pooledBytes());
    ClStorage b = (ClStorage) backend().allocate(DType.INT32, 999);  // same 4096-byte bucket
    assertSame(mem, b.mem());
    b.release();
  }

  @Test
  void bucketsRoundSmallAndLargeRequests() {
    assertEquals(512, BufferPool.bucket(0));
    assertEquals(512, BufferPool.bucket(1));
    assertEquals(1024, BufferPool.bucket(513));
    assertEquals(2L << 20, BufferPool.bucket((1L << 20) + 1));
  }

  @Test
  void useAfterReleaseIsAClearError() {
    backend();
    Storage s = backend().allocate(DType.FLOAT32, 4);
    s.release();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> backend().read(s, 0, new float[4], 0, 4));
    assertTrue(e.getMessage().contains("after release"), e.getMessage());
  }

  @Test
  void unreachableStoragesReturnToThePool() throws InterruptedException {
    backend();
    BufferPool pool = backend().context().pool;
    long before = pool.inUseBytes();
    for (int i = 0; i < 50; i++) backend().allocate(DType.FLOAT64, 1 << 12);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (pool.inUseBytes() > before && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertTrue(pool.inUseBytes() <= before, "the Cleaner returned every unreachable buffer: " + pool.inUseBytes()
        + " bytes still in use, " + before + " before");
  }

  @Test
  void anAllocationBeyondTheDeviceLimitSaysHowMuch() {
    backend();
    BufferPool pool = backend().context().pool;
    long tooMuch = backend().context().info.maxAllocBytes() + (1L << 20);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.acquire(tooMuch));
    assertTrue(e.getMessage().contains(Long.toString(tooMuch)), e.getMessage());
  }

  @Test
  void writesAreStagedSoTheCallerMayReuseItsArray() {
    backend();
    float[] host = {1, 2, 3, 4};
    Storage s = backend().allocate(DType.FLOAT32, 4);
    backend().write(s, 0, host, 0, 4);
    host[0] = 99;  // the non-blocking write copied the array first
    float[] back = new float[6];
    backend().read(s, 1, back, 2, 3);
    assertEquals(2, back[2]);
    assertEquals(4, back[4]);
    Operand o = Operand.contiguous(s, 4);
    assertEquals(1, get(o)[0]);
    backend().synchronize();
  }
}
