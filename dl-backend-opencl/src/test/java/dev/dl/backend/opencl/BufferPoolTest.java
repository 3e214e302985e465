package dev.dl.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_mem;
import org.junit.jupiter.api.Test;

/** The caching allocator's bookkeeping and out-of-memory handling, with a fake driver (no OpenCL needed). */
class BufferPoolTest {
  private final List<cl_mem> freed = new ArrayList<>();
  private int failuresLeft;
  private long created;

  private BufferPool pool(long capacity) {
    return new BufferPool("opencl:9", 1L << 40, bytes -> {
      if (failuresLeft > 0 || created + bytes > capacity) {
        failuresLeft = Math.max(0, failuresLeft - 1);
        throw new CLException("CL_MEM_OBJECT_ALLOCATION_FAILURE", CL.CL_MEM_OBJECT_ALLOCATION_FAILURE);
      }
      created += bytes;
      return new cl_mem();
    }, m -> {
      freed.add(m);
      created -= 512;
    });
  }

  @Test
  void freedBuffersAreReusedAndAccounted() {
    BufferPool p = pool(1 << 20);
    cl_mem a = p.acquire(100);
    assertEquals(512, p.inUseBytes());
    p.release(a, 100);
    assertEquals(0, p.inUseBytes());
    assertEquals(512, p.pooledBytes());
    assertSame(a, p.acquire(300), "same bucket");
    assertNotSame(a, p.acquire(300), "the bucket is empty again");
  }

  @Test
  void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
    BufferPool p = pool(1024);
    cl_mem a = p.acquire(512), b = p.acquire(512);
    p.release(a, 512);
    p.release(b, 512);
    // A 1 KiB request finds no 1 KiB bucket and the fake device is full of cached 512-byte buffers.
    cl_mem big = p.acquire(1024);
    assertEquals(List.of(a, b).size(), freed.size(), "both cached buffers went back to the driver");
    assertEquals(0, p.pooledBytes());
    p.release(big, 1024);
  }

  @Test
  void aSecondFailureIsAClearErrorWithTheSizes() {
    BufferPool p = pool(1 << 20);
    p.release(p.acquire(512), 512);
    failuresLeft = 2;
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.acquire(4096));
    String m = e.getMessage();
    assertTrue(m.contains("opencl:9") && m.contains("out of memory") && m.contains("4096") && m.contains("512 bytes cached"), m);
  }

  @Test
  void otherDriverErrorsPassThrough() {
    BufferPool p = new BufferPool("opencl:9", 1L << 40, bytes -> {
      throw new CLException("CL_INVALID_CONTEXT", CL.CL_INVALID_CONTEXT);
    }, m -> {});
    assertThrows(CLException.class, () -> p.acquire(1));
  }
}
