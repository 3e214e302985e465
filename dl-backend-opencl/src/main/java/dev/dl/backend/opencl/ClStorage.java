package dev.dl.backend.opencl;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Storage;
import java.lang.ref.Cleaner;
import org.jocl.cl_mem;

/**
 * A device buffer of one dtype. {@link #release()} returns the buffer to the device's pool at
 * once; a {@link Cleaner} does the same for storages that become unreachable. Returning a buffer
 * while kernels that use it are still queued is safe: the queue is in order, so any later user of
 * the recycled buffer runs after them.
 */
final class ClStorage implements Storage {
  private static final Cleaner CLEANER = Cleaner.create();

  private final DType dtype;
  private final int length;
  private final Device device;
  private final Buffer buffer;
  private final Cleaner.Cleanable cleanable;

  /** The part the Cleaner holds: it must not reference the storage itself. */
  private static final class Buffer implements Runnable {
    private final BufferPool pool;
    private final long bytes;
    private volatile cl_mem mem;

    Buffer(BufferPool pool, cl_mem mem, long bytes) {
      this.pool = pool;
      this.mem = mem;
      this.bytes = bytes;
    }

    @Override
    public synchronized void run() {
      cl_mem m = mem;
      mem = null;
      if (m != null) pool.release(m, bytes);
    }
  }

  ClStorage(BufferPool pool, DType dtype, int length, Device device) {
    this.dtype = dtype;
    this.length = length;
    this.device = device;
    long bytes = (long) length * dtype.itemSize();
    this.buffer = new Buffer(pool, pool.acquire(bytes), bytes);
    this.cleanable = CLEANER.register(this, buffer);
  }

  /** The device memory; fails clearly after {@link #release()}. */
  cl_mem mem() {
    cl_mem m = buffer.mem;
    if (m == null) {
      throw new IllegalStateException("a " + dtype + " storage of " + length + " elements on " + device
          + " was used after release(); keep the tensor alive or stop using it after releasing it");
    }
    return m;
  }

  @Override
  public DType dtype() { return dtype; }

  @Override
  public int length() { return length; }

  @Override
  public Device device() { return device; }

  @Override
  public void release() { cleanable.clean(); }

  @Override
  public String toString() { return "ClStorage[" + dtype + " x " + length + " on " + device + "]"; }
}
