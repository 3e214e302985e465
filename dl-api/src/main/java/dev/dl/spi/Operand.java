package dev.dl.spi;

import dev.dl.DType;
import dev.dl.Shape;

/**
 * What a kernel receives for one tensor: its storage, dtype, sizes, strides and offset (both in
 * elements). Strides may be 0 (broadcast) or negative (a flipped view, for COPY only). Kernels
 * trust these: the dispatcher has already checked shapes, dtypes and devices.
 *
 * @param storage the backend's storage holding the elements
 * @param dtype   element type; equals {@code storage.dtype()}
 * @param shape   sizes; callers must not modify the array
 * @param strides element strides, one per dim; callers must not modify the array
 * @param offset  index of element [0, 0, ...] in the storage
 */
public record Operand(Storage storage, DType dtype, int[] shape, int[] strides, int offset) {
  /** Number of dimensions. */
  public int dim() { return shape.length; }

  /** Number of elements. */
  public int numel() { return Shape.numel(shape); }

  /** True when the elements are dense and in row-major order (size-1 dims may have any stride). */
  public boolean isContiguous() {
    if (numel() == 0) return true;
    int expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && strides[i] != expected) return false;
      expected *= shape[i];
    }
    return true;
  }

  /** A contiguous operand over a whole fresh storage. */
  public static Operand contiguous(Storage storage, int... shape) {
    return new Operand(storage, storage.dtype(), shape, Shape.contiguousStrides(shape), 0);
  }
}
