package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.lang.ref.Cleaner;

/**
 * Heap storage: one primitive array of the dtype's host array type (float16/bfloat16 as bits).
 * Large arrays come from an {@link ArrayPool} and go back to it on {@link #release()} or when the
 * storage becomes unreachable; their initial contents are whatever the last owner left.
 */
final class CpuStorage implements Storage {
  final DType dtype;
  /** The elements; null after {@link #release()}. */
  Object data;
  private final int length;
  private final Device device;
  /** Returns the array to the pool; null for arrays the pool does not take. */
  private final Cleaner.Cleanable recycle;

  CpuStorage(DType dtype, int length, Device device, ArrayPool pool) {
    this.dtype = dtype;
    this.length = length;
    this.device = device;
    if (pool.pools(dtype, length)) {
      ArrayPool.Lease lease = pool.lease(this, dtype, length);
      this.data = lease.array();
      this.recycle = lease.recycle();
    } else {
      this.data = ArrayPool.newArray(dtype, length);
      this.recycle = null;
    }
  }

  /** The backing array of an operand's storage. */
  static Object data(Operand op) { return data(op.storage()); }

  /** The backing array of a storage; fails once the storage was released. */
  static Object data(Storage s) {
    Object d = ((CpuStorage) s).data;
    if (d == null) {
      throw new IllegalStateException(s + " used after release(): the tensor and every view of it are unusable "
          + "once released; keep a clone() if you need the values");
    }
    return d;
  }

  /** Hands a large array back to the pool at once instead of waiting for the garbage collector. */
  @Override
  public void release() {
    data = null;
    if (recycle != null) recycle.clean();
  }

  @Override
  public DType dtype() { return dtype; }

  @Override
  public int length() { return length; }

  @Override
  public Device device() { return device; }

  @Override
  public String toString() { return "CpuStorage[" + dtype + " x " + length + "]"; }
}
