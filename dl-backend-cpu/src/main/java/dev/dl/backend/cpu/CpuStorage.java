package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;

/**
 * Heap storage: one primitive array of the dtype's host array type (float16/bfloat16 as bits).
 * Large arrays come from an {@link ArrayPool} and go back to it on {@link #release()}; their
 * initial contents are whatever the last owner left.
 */
final class CpuStorage implements Storage {
  final DType dtype;
  /** The elements; null after {@link #release()}. */
  Object data;
  private final int length;
  private final Device device;
  /** Where {@link #release()} returns the array; null for arrays the pool does not take. */
  private final ArrayPool pool;

  CpuStorage(DType dtype, int length, Device device, ArrayPool pool) {
    this.dtype = dtype;
    this.length = length;
    this.device = device;
    this.pool = pool.pools(dtype, length) ? pool : null;
    this.data = this.pool != null ? pool.take(dtype, length) : ArrayPool.newArray(dtype, length);
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

  /** Hands a large array back to the pool for the next allocation of its size. */
  @Override
  public void release() {
    Object d = data;
    data = null;
    if (d != null && pool != null) pool.giveBack(dtype, d);
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
