package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.InOrder;

class CachingAllocatorTest {
  private final CudaDriver driver = mock(CudaDriver.class);
  private final AtomicInteger gcRuns = new AtomicInteger();
  private final CachingAllocator allocator = new CachingAllocator(driver, "cuda:0", gcRuns::incrementAndGet);

  CachingAllocatorTest() {
    when(driver.memAlloc(anyLong())).thenAnswer(inv -> new Object());
  }

  private static CudaException oom() { return new CudaException(CudaErrors.OUT_OF_MEMORY, "cuMemAlloc"); }

  @ParameterizedTest
  @CsvSource({"0, 512", "1, 512", "512, 512", "513, 1024", "4000, 4096", "1048576, 1048576",
      "1048577, 1310720", "1300000, 1310720", "1310721, 1572864", "1900000, 2097152", "3000000, 3145728",
      "1073741825, 1342177280"})
  void roundsTo512ThenFourClassesPerPowerOfTwo(long bytes, long block) {
    assertEquals(block, CachingAllocator.roundSize(bytes));
  }

  @Test
  void reusesAFreedBlockOfTheSameClassWithoutTheDriver() {
    CachingAllocator.Block a = allocator.allocate(1000);
    assertEquals(1024, a.size);
    verify(driver).memAlloc(1024);
    allocator.free(a);
    assertEquals(0, allocator.allocatedBytes());
    assertEquals(1024, allocator.cachedBytes());
    CachingAllocator.Block b = allocator.allocate(1020);
    assertSame(a.allocation, b.allocation);
    verify(driver, times(1)).memAlloc(anyLong());
    assertEquals(1024, allocator.allocatedBytes());
    assertEquals(0, allocator.cachedBytes());
  }

  @Test
  void otherClassesAllocateAfresh() {
    CachingAllocator.Block a = allocator.allocate(1000);
    allocator.free(a);
    CachingAllocator.Block b = allocator.allocate(5000);
    assertNotSame(a.allocation, b.allocation);
    verify(driver).memAlloc(5120);
    assertEquals(5120, allocator.peakBytes());
  }

  @Test
  void freeIsIdempotent() {
    CachingAllocator.Block a = allocator.allocate(100);
    allocator.free(a);
    allocator.free(a);
    assertEquals(512, allocator.cachedBytes());
    assertEquals(0, allocator.allocatedBytes());
  }

  @Test
  void emptyCacheFreesOnlyCachedBlocks() {
    CachingAllocator.Block live = allocator.allocate(100);
    CachingAllocator.Block dead = allocator.allocate(100);
    allocator.free(dead);
    allocator.emptyCache();
    verify(driver).memFree(dead.allocation);
    verify(driver, never()).memFree(live.allocation);
    assertEquals(0, allocator.cachedBytes());
    assertEquals(512, allocator.allocatedBytes());
  }

  @Test
  void outOfMemoryEmptiesTheCacheRunsTheGcOnceAndRetries() {
    CachingAllocator.Block cached = allocator.allocate(600);
    allocator.free(cached);
    Object fresh = new Object();
    when(driver.memAlloc(4096)).thenThrow(oom()).thenReturn(fresh);
    CachingAllocator.Block b = allocator.allocate(4096);
    assertSame(fresh, b.allocation);
    assertEquals(1, gcRuns.get());
    InOrder order = inOrder(driver);
    order.verify(driver).memAlloc(4096);
    order.verify(driver).memFree(cached.allocation);
    order.verify(driver).memAlloc(4096);
    assertEquals(0, allocator.cachedBytes());
  }

  @Test
  void blocksReturnedByCleanersDuringTheGcAreReleasedBeforeTheRetry() {
    CachingAllocator.Block[] unreachable = new CachingAllocator.Block[1];
    CachingAllocator[] self = new CachingAllocator[1];
    // The GC hook plays the cleaner of an unreachable tensor: it frees the block from another thread
    // while allocate() waits, which only works if allocate() lets go of the allocator's lock.
    self[0] = new CachingAllocator(driver, "cuda:0", () -> self[0].free(unreachable[0]));
    unreachable[0] = self[0].allocate(2048);
    when(driver.memAlloc(8192)).thenThrow(oom()).thenReturn(new Object());
    self[0].allocate(8192);
    verify(driver).memFree(unreachable[0].allocation);
    assertEquals(0, self[0].cachedBytes());
    assertEquals(8192, self[0].allocatedBytes());
  }

  @Test
  void persistentOutOfMemoryReportsRequestedAllocatedAndCachedBytes() {
    CachingAllocator.Block live = allocator.allocate(3 << 20);
    CachingAllocator.Block cached = allocator.allocate(1 << 20);
    allocator.free(cached);
    when(driver.memAlloc(CachingAllocator.roundSize(5L << 30))).thenThrow(oom());
    when(driver.memInfo()).thenReturn(new long[] {1L << 30, 80L << 30});
    CudaException e = assertThrows(CudaException.class, () -> allocator.allocate(5L << 30));
    assertTrue(e.isOutOfMemory());
    String m = e.getMessage();
    assertTrue(m.startsWith("CUDA out of memory on cuda:0: tried to allocate 5.00 GiB (5368709120 bytes"), m);
    assertTrue(m.contains("3.00 MiB allocated by live tensors"), m);
    assertTrue(m.contains("1.00 MiB was cached and has been released"), m);
    assertTrue(m.contains("1.00 GiB free of 80.00 GiB"), m);
    assertTrue(m.contains("reduce the batch size"), m);
    assertEquals(1, gcRuns.get());
    assertEquals(3 << 20, allocator.allocatedBytes());
    assertEquals(3 << 20, live.size);
  }

  @Test
  void otherDriverErrorsPropagateWithoutRetry() {
    when(driver.memAlloc(anyLong())).thenThrow(new CudaException(CudaErrors.ILLEGAL_ADDRESS, "cuMemAlloc"));
    CudaException e = assertThrows(CudaException.class, () -> allocator.allocate(10));
    assertEquals(CudaErrors.ILLEGAL_ADDRESS, e.result());
    assertEquals(0, gcRuns.get());
    verify(driver, never()).memFree(any());
  }
}
