package dev.dl.backend.cuda;

import dev.dl.DType;
import java.nio.ByteBuffer;

/**
 * Host transfers through two page-locked buffers. Java arrays are pageable and can move, so the
 * driver could not DMA from them directly anyway; copying through pinned buffers makes the
 * host-to-device copy asynchronous and lets packing chunk i+1 overlap the DMA of chunk i.
 * Each buffer has an event recorded after its copy; a buffer is refilled only after its event.
 */
final class PinnedStaging implements AutoCloseable {
  /** 4 MiB: large enough that per-copy overhead is small, small enough to keep two around. */
  static final int DEFAULT_CHUNK_BYTES = 4 << 20;

  private final CudaDriver driver;
  private final Object stream;
  private final int chunkBytes;
  private final CudaDriver.HostBuffer[] buffers = new CudaDriver.HostBuffer[2];
  private final Object[] events = new Object[2];
  private final boolean[] pending = new boolean[2];
  private int next;

  PinnedStaging(CudaDriver driver, Object stream, int chunkBytes) {
    if (chunkBytes < 8 || chunkBytes % 8 != 0) throw new IllegalArgumentException("chunk must be a positive multiple of 8: " + chunkBytes);
    this.driver = driver;
    this.stream = stream;
    this.chunkBytes = chunkBytes;
  }

  /** Takes the next buffer, waiting for the copy that last used it; pinned memory is allocated on first use. */
  private int acquire() {
    int slot = next;
    next ^= 1;
    if (buffers[slot] == null) {
      buffers[slot] = driver.hostAlloc(chunkBytes);
      events[slot] = driver.createEvent();
    } else if (pending[slot]) {
      driver.synchronizeEvent(events[slot]);
      pending[slot] = false;
    }
    return slot;
  }

  /** Queues a copy of {@code length} elements of {@code array} from {@code srcOffset} to {@code dst}. */
  synchronized void write(CudaDriver.DevicePtr dst, DType dtype, Object array, int srcOffset, int length) {
    int item = dtype.itemSize();
    int perChunk = chunkBytes / item;
    for (int done = 0; done < length; done += perChunk) {
      int n = Math.min(perChunk, length - done);
      int slot = acquire();
      ByteBuffer b = buffers[slot].bytes();
      b.clear();
      HostCopy.put(b, array, srcOffset + done, n);
      driver.copyHtoD(dst.plus((long) done * item), buffers[slot], 0, (long) n * item, stream);
      driver.recordEvent(events[slot], stream);
      pending[slot] = true;
    }
  }

  /**
   * Copies {@code length} elements from {@code src} into {@code array}; returns when they are there.
   * The copy of chunk i+1 is queued before chunk i is unpacked.
   */
  synchronized void read(CudaDriver.DevicePtr src, DType dtype, Object array, int dstOffset, int length) {
    int item = dtype.itemSize();
    int perChunk = chunkBytes / item;
    int prevSlot = -1, prevStart = 0, prevCount = 0;
    for (int done = 0; done < length; done += perChunk) {
      int n = Math.min(perChunk, length - done);
      int slot = acquire();
      driver.copyDtoH(buffers[slot], 0, src.plus((long) done * item), (long) n * item, stream);
      driver.recordEvent(events[slot], stream);
      pending[slot] = true;
      if (prevSlot >= 0) drain(prevSlot, array, dstOffset + prevStart, prevCount);
      prevSlot = slot;
      prevStart = done;
      prevCount = n;
    }
    if (prevSlot >= 0) drain(prevSlot, array, dstOffset + prevStart, prevCount);
  }

  private void drain(int slot, Object array, int offset, int count) {
    driver.synchronizeEvent(events[slot]);
    pending[slot] = false;
    ByteBuffer b = buffers[slot].bytes();
    b.clear();
    HostCopy.get(b, array, offset, count);
  }

  /** Frees the pinned buffers and events (after the stream has drained). */
  @Override
  public synchronized void close() {
    for (int i = 0; i < 2; i++) {
      if (buffers[i] == null) continue;
      if (pending[i]) driver.synchronizeEvent(events[i]);
      driver.destroyEvent(events[i]);
      driver.hostFree(buffers[i]);
      buffers[i] = null;
    }
  }
}
