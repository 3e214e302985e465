package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;

/** Heap storage: one primitive array of the dtype's host array type (float16/bfloat16 as bits). */
final class CpuStorage implements Storage {
  final DType dtype;
  final Object data;
  private final int length;
  private final Device device;

  CpuStorage(DType dtype, int length, Device device) {
    this.dtype = dtype;
    this.length = length;
    this.device = device;
    this.data = switch (dtype) {
      case FLOAT32 -> new float[length];
      case FLOAT64 -> new double[length];
      case FLOAT16, BFLOAT16, INT16 -> new short[length];
      case INT8, UINT8, BOOL -> new byte[length];
      case INT32 -> new int[length];
      case INT64 -> new long[length];
    };
  }

  /** The backing array of an operand's storage. */
  static Object data(Operand op) { return ((CpuStorage) op.storage()).data; }

  @Override
  public DType dtype() { return dtype; }

  @Override
  public int length() { return length; }

  @Override
  public Device device() { return device; }

  @Override
  public String toString() { return "CpuStorage[" + dtype + " x " + length + "]"; }
}
