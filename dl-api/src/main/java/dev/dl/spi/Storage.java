package dev.dl.spi;

import dev.dl.DType;
import dev.dl.Device;

/**
 * A backend's block of elements of one dtype. Tensors and their views share one storage. Device
 * backends free memory in {@link #release()} and register a {@code Cleaner} for unreachable ones.
 */
public interface Storage {
  /** Element type. */
  DType dtype();

  /** Number of elements. */
  int length();

  /** The device holding the elements. */
  Device device();

  /** Frees the memory now; later use is an error. Idempotent. Heap storage may do nothing. */
  default void release() {}
}
