package dev.dl.backend.opencl;

import static org.jocl.CL.*;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.jocl.CLException;
import org.jocl.cl_mem;

/**
 * A caching allocator for one device, as PyTorch's CUDA caching allocator: freed buffers go to a
 * size bucket and are handed out again without a driver call. Small requests round up to 512
 * bytes, large ones (over 1 MiB) to 1 MiB, so nearby sizes share buckets. Thread-safe: storages
 * are returned from the Cleaner's thread too.
 */
final class BufferPool {
  private static final long SMALL = 512;
  private static final long LARGE = 1 << 20;

  private final String device;
  private final long maxAlloc;
  private final LongFunction<cl_mem> allocator;
  private final Consumer<cl_mem> releaser;
  private final Map<Long, ArrayDeque<cl_mem>> free = new HashMap<>();
  private long pooledBytes;
  private long inUseBytes;

  /** {@code allocator} creates a driver buffer of exactly the given bytes; {@code releaser} frees one. */
  BufferPool(String device, long maxAlloc, LongFunction<cl_mem> allocator, Consumer<cl_mem> releaser) {
    this.device = device;
    this.maxAlloc = maxAlloc;
    this.allocator = allocator;
    this.releaser = releaser;
  }

  /** The bucket size a request of {@code bytes} is served from (never 0: OpenCL forbids empty buffers). */
  static long bucket(long bytes) {
    long b = Math.max(bytes, 1);
    long unit = b > LARGE ? LARGE : SMALL;
    return (b + unit - 1) / unit * unit;
  }

  /** A buffer of at least {@code bytes}; on out-of-memory empties the cache, retries once, then fails clearly. */
  synchronized cl_mem acquire(long bytes) {
    long size = bucket(bytes);
    if (size > maxAlloc) {
      throw new IllegalStateException(device + " cannot allocate " + bytes + " bytes: the device's largest "
          + "single allocation (CL_DEVICE_MAX_MEM_ALLOC_SIZE) is " + maxAlloc + " bytes; use smaller tensors");
    }
    ArrayDeque<cl_mem> q = free.get(size);
    cl_mem mem = q == null ? null : q.poll();
    if (mem != null) {
      pooledBytes -= size;
    } else {
      mem = create(size);
    }
    inUseBytes += size;
    return mem;
  }

  private cl_mem create(long size) {
    try {
      return allocator.apply(size);
    } catch (CLException e) {
      if (!isOutOfMemory(e.getStatus())) throw e;
      long cached = pooledBytes;
      emptyCache();
      try {
        return allocator.apply(size);
      } catch (CLException again) {
        if (!isOutOfMemory(again.getStatus())) throw again;
        throw new IllegalStateException(device + " is out of memory: tried to allocate " + size + " bytes with "
            + inUseBytes + " bytes in use and " + cached + " bytes cached (the cache was emptied and the "
            + "allocation retried); release tensors you no longer need or use smaller batches", again);
      }
    }
  }

  static boolean isOutOfMemory(int status) {
    return status == CL_MEM_OBJECT_ALLOCATION_FAILURE || status == CL_OUT_OF_RESOURCES
        || status == CL_OUT_OF_HOST_MEMORY;
  }

  /** Takes back a buffer obtained from {@link #acquire} with the same request size. */
  synchronized void release(cl_mem mem, long bytes) {
    long size = bucket(bytes);
    inUseBytes -= size;
    free.computeIfAbsent(size, k -> new ArrayDeque<>()).push(mem);
    pooledBytes += size;
  }

  /** Frees every cached buffer back to the driver. */
  synchronized void emptyCache() {
    for (ArrayDeque<cl_mem> q : free.values()) {
      for (cl_mem m : q) releaser.accept(m);
    }
    free.clear();
    pooledBytes = 0;
  }

  synchronized long pooledBytes() { return pooledBytes; }

  synchronized long inUseBytes() { return inUseBytes; }
}
