package dev.dl.backend.cuda;

import java.nio.ByteBuffer;

/** Packs and unpacks the host array types of {@link dev.dl.DType#hostArrayType()} into little-endian bytes. */
final class HostCopy {
  private HostCopy() {}

  static void put(ByteBuffer b, Object array, int offset, int count) {
    switch (array) {
      case float[] a -> b.asFloatBuffer().put(a, offset, count);
      case double[] a -> b.asDoubleBuffer().put(a, offset, count);
      case int[] a -> b.asIntBuffer().put(a, offset, count);
      case long[] a -> b.asLongBuffer().put(a, offset, count);
      case short[] a -> b.asShortBuffer().put(a, offset, count);
      case byte[] a -> b.put(a, offset, count);
      default -> throw new IllegalArgumentException("not a host array type: " + array.getClass().getName());
    }
  }

  static void get(ByteBuffer b, Object array, int offset, int count) {
    switch (array) {
      case float[] a -> b.asFloatBuffer().get(a, offset, count);
      case double[] a -> b.asDoubleBuffer().get(a, offset, count);
      case int[] a -> b.asIntBuffer().get(a, offset, count);
      case long[] a -> b.asLongBuffer().get(a, offset, count);
      case short[] a -> b.asShortBuffer().get(a, offset, count);
      case byte[] a -> b.get(a, offset, count);
      default -> throw new IllegalArgumentException("not a host array type: " + array.getClass().getName());
    }
  }
}
