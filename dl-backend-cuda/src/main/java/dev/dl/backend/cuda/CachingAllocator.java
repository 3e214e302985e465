package dev.dl.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A per-device caching allocator, in the manner of PyTorch's CUDA allocator: freed blocks go to a
 * cache keyed by rounded size and are handed out again without a driver call. All kernels and
 * copies of a backend run on one stream, so a block freed on the host may still be read by queued
 * work, but any later user of the block is queued behind that work: reuse is stream-ordered and safe.
 *
 * <p>On CUDA_ERROR_OUT_OF_MEMORY: release the cache, run the GC once (unreachable tensors' cleaners
 * return their blocks), release again, retry; then fail with the requested, allocated and cached
 * byte counts. Thread-safe: cleaners free from their own thread.
 */
final class CachingAllocator {
  /** Smallest block and the rounding granule of small sizes. */
  static final long MIN_BLOCK = 512;
  /** Up to this size blocks round to a multiple of 512 B; above, to one of four classes per power of two. */
  static final long SMALL_LIMIT = 1L << 20;

  /** A device allocation; {@code size} is the rounded size actually allocated. */
  static final class Block {
    final Object allocation;
    final long size;
    private boolean inUse = true;

    Block(Object allocation, long size) {
      this.allocation = allocation;
      this.size = size;
    }

    CudaDriver.DevicePtr ptr() { return new CudaDriver.DevicePtr(allocation, 0); }
  }

  private final CudaDriver driver;
  private final String deviceName;
  private final Runnable gc;
  private final Map<Long, ArrayDeque<Block>> cache = new HashMap<>();
  private long allocatedBytes;
  private long cachedBytes;
  private long peakBytes;

  /**
   * @param gc what "run the GC once" means; the backend passes {@link #collectGarbage()}, tests a
   *     hook that frees blocks the way cleaners would
   */
  CachingAllocator(CudaDriver driver, String deviceName, Runnable gc) {
    this.driver = driver;
    this.deviceName = deviceName;
    this.gc = gc;
  }

  /**
   * Block sizes: at least 512 B; a multiple of 512 B up to 1 MiB; above that the next of the four
   * classes 2^k, 1.25*2^k, 1.5*2^k, 1.75*2^k, so a cached block fits requests within 25% of it
   * and sizes do not fragment the cache into thousands of distinct keys.
   */
  static long roundSize(long bytes) {
    if (bytes <= MIN_BLOCK) return MIN_BLOCK;
    if (bytes <= SMALL_LIMIT) return (bytes + MIN_BLOCK - 1) / MIN_BLOCK * MIN_BLOCK;
    long step = Long.highestOneBit(bytes) >> 2;
    return (bytes + step - 1) / step * step;
  }

  /** A block of at least {@code bytes} bytes, from the cache when one of the right class is there. */
  synchronized Block allocate(long bytes) {
    long size = roundSize(bytes);
    ArrayDeque<Block> free = cache.get(size);
    Block block = free == null ? null : free.poll();
    if (block != null) {
      cachedBytes -= size;
      block.inUse = true;
    } else {
      block = new Block(allocateFromDriver(bytes, size), size);
    }
    allocatedBytes += size;
    peakBytes = Math.max(peakBytes, allocatedBytes);
    return block;
  }

  private Object allocateFromDriver(long requested, long size) {
    try {
      return driver.memAlloc(size);
    } catch (CudaException e) {
      if (!e.isOutOfMemory()) throw e;
    }
    long cachedBefore = cachedBytes;
    emptyCache();
    // Unreachable tensors still hold blocks until their cleaners run; the GC finds them, and their
    // cleaners put the blocks back in the cache, which is then released too.
    gcWithoutLock();
    emptyCache();
    try {
      return driver.memAlloc(size);
    } catch (CudaException e) {
      if (!e.isOutOfMemory()) throw e;
      throw new CudaException(e.result(), outOfMemoryMessage(requested, size, cachedBefore), e);
    }
  }

  private void gcWithoutLock() {
    // allocate() holds this monitor and cleaners call free(), which needs it: run the GC hook on
    // another thread and wait (which releases the monitor) so cleaners can return blocks meanwhile.
    Thread worker = Thread.ofPlatform().name("dl-cuda-oom-gc").start(gc);
    while (worker.isAlive()) {
      try {
        wait(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private String outOfMemoryMessage(long requested, long size, long cachedBefore) {
    String free = "";
    try {
      long[] info = driver.memInfo();
      free = "; the device reports " + bytes(info[0]) + " free of " + bytes(info[1]);
    } catch (CudaException | LinkageError ignored) {
      // the counts we keep ourselves are enough for the message
    }
    return String.format(Locale.ROOT,
        "CUDA out of memory on %s: tried to allocate %s (%d bytes, block %d); %s allocated by live tensors, "
            + "%s was cached and has been released%s. Free tensors you no longer need (close() them or drop "
            + "references), reduce the batch size, or use a device with more memory.",
        deviceName, bytes(requested), requested, size, bytes(allocatedBytes), bytes(cachedBefore), free);
  }

  /** Returns a block to the cache. Idempotent per block. */
  synchronized void free(Block block) {
    if (!block.inUse) return;
    block.inUse = false;
    allocatedBytes -= block.size;
    cachedBytes += block.size;
    cache.computeIfAbsent(block.size, k -> new ArrayDeque<>()).push(block);
  }

  /** Gives every cached block back to the driver. */
  synchronized void emptyCache() {
    for (ArrayDeque<Block> blocks : cache.values()) {
      for (Block b : blocks) driver.memFree(b.allocation);
    }
    cache.clear();
    cachedBytes = 0;
  }

  synchronized long allocatedBytes() { return allocatedBytes; }

  synchronized long cachedBytes() { return cachedBytes; }

  synchronized long peakBytes() { return peakBytes; }

  /** The default GC hook: one full collection, then a short pause for cleaners to run. */
  static void collectGarbage() {
    System.gc();
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String bytes(long n) {
    if (n < 1024) return n + " B";
    if (n < 1L << 20) return String.format(Locale.ROOT, "%.2f KiB", n / 1024.0);
    if (n < 1L << 30) return String.format(Locale.ROOT, "%.2f MiB", n / (double) (1L << 20));
    return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
  }
}
