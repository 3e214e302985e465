package dev.dl.backend.cuda;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Storage;
import java.lang.ref.Cleaner;

/**
 * Device memory of one tensor storage. {@link #release()} returns the block to the device's caching
 * allocator; a {@link Cleaner} does the same when the storage becomes unreachable without being
 * released. The cleaning action holds the allocator and block, never the storage itself.
 */
final class CudaStorage implements Storage {
  private static final Cleaner CLEANER = Cleaner.create();

  private final DType dtype;
  private final int length;
  private final Device device;
  private final CachingAllocator.Block block;
  private final Cleaner.Cleanable cleanable;
  private volatile boolean released;

  CudaStorage(DType dtype, int length, Device device, CachingAllocator allocator, CachingAllocator.Block block) {
    this.dtype = dtype;
    this.length = length;
    this.device = device;
    this.block = block;
    this.cleanable = CLEANER.register(this, new Free(allocator, block));
  }

  private record Free(CachingAllocator allocator, CachingAllocator.Block block) implements Runnable {
    @Override
    public void run() { allocator.free(block); }
  }

  @Override
  public DType dtype() { return dtype; }

  @Override
  public int length() { return length; }

  @Override
  public Device device() { return device; }

  @Override
  public void release() {
    released = true;
    cleanable.clean();
  }

  /** The device address of element 0. */
  CudaDriver.DevicePtr ptr() {
    if (released) {
      throw new IllegalStateException("a " + dtype + " storage of " + length + " elements on " + device
          + " was used after release(); keep tensors open while they are in use");
    }
    return block.ptr();
  }
}
