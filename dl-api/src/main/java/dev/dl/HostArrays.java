package dev.dl;

import dev.dl.spi.Backend;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Conversions between Java arrays and tensors. */
final class HostArrays {
  private HostArrays() {}

  static Tensor fromNested(Object array, Device device) {
    if (array == null) throw new IllegalArgumentException("Tensor.of: array must not be null");
    if (array instanceof Tensor t) return t.clone();
    if (!array.getClass().isArray()) return fromBoxedScalar(array, device);
    List<Integer> dims = new ArrayList<>();
    Class<?> c = array.getClass();
    Object probe = array;
    while (c.isArray()) {
      int len = probe == null ? 0 : Array.getLength(probe);
      dims.add(len);
      c = c.getComponentType();
      probe = len > 0 ? Array.get(probe, 0) : null;
    }
    DType dtype = dtypeOfComponent(c);
    int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
    int numel = Shape.numel(shape);
    Object flat = Array.newInstance(dtype.hostArrayType().getComponentType(), numel);
    int[] cursor = {0};
    flatten(array, 0, shape, flat, cursor, dtype == DType.BOOL);
    return fromHost(flat, dtype, shape, device);
  }

  private static Tensor fromBoxedScalar(Object value, Device device) {
    return switch (value) {
      case Float f -> Dispatch.scalar(f, DType.FLOAT32, device);
      case Double d -> Dispatch.scalar(d, DType.FLOAT64, device);
      case Integer i -> Dispatch.scalar(i, DType.INT32, device);
      case Long l -> Dispatch.scalar(l, DType.INT64, device);
      case Short s -> Dispatch.scalar(s, DType.INT16, device);
      case Byte b -> Dispatch.scalar(b, DType.INT8, device);
      case Boolean b -> Dispatch.scalar(b ? 1L : 0L, DType.BOOL, device);
      default -> throw new IllegalArgumentException("Tensor.of: cannot make a tensor from " + value.getClass().getName()
          + "; pass a Java array of float, double, int, long, short, byte or boolean (any rank)");
    };
  }

  private static DType dtypeOfComponent(Class<?> c) {
    if (c == float.class) return DType.FLOAT32;
    if (c == double.class) return DType.FLOAT64;
    if (c == int.class) return DType.INT32;
    if (c == long.class) return DType.INT64;
    if (c == short.class) return DType.INT16;
    if (c == byte.class) return DType.INT8;
    if (c == boolean.class) return DType.BOOL;
    throw new IllegalArgumentException("Tensor.of: unsupported element type " + c.getName()
        + "; use arrays of float, double, int, long, short, byte or boolean");
  }

  private static void flatten(Object array, int depth, int[] shape, Object flat, int[] cursor, boolean bool) {
    int len = Array.getLength(array);
    if (len != shape[depth]) {
      throw new IllegalArgumentException("Tensor.of: ragged array: expected sequence of length " + shape[depth]
          + " at dim " + depth + " (got " + len + "); all rows must have the same length");
    }
    if (depth == shape.length - 1) {
      if (bool) {
        boolean[] src = (boolean[]) array;
        byte[] dst = (byte[]) flat;
        for (int i = 0; i < len; i++) dst[cursor[0] + i] = (byte) (src[i] ? 1 : 0);
      } else {
        System.arraycopy(array, 0, flat, cursor[0], len);
      }
      cursor[0] += len;
      return;
    }
    for (int i = 0; i < len; i++) {
      Object child = Array.get(array, i);
      if (child == null) throw new IllegalArgumentException("Tensor.of: null row at dim " + depth + ", index " + i);
      flatten(child, depth + 1, shape, flat, cursor, bool);
    }
  }

  static Tensor fromFlat(Object data, DType dtype, int[] shape) {
    if (data == null) throw new IllegalArgumentException("Tensor.of: data must not be null");
    int len = Array.getLength(data);
    int[] s = shape.length == 0 ? new int[] {len} : shape;
    int[] resolved = Views.inferShape(s, len, "Tensor.of");
    Object host = data;
    if (dtype == DType.BOOL) {
      boolean[] src = (boolean[]) data;
      byte[] b = new byte[len];
      for (int i = 0; i < len; i++) b[i] = (byte) (src[i] ? 1 : 0);
      host = b;
    }
    return fromHost(host, dtype, resolved, Device.defaultDevice());
  }

  static Tensor fromHost(Object host, DType dtype, int[] shape, Device device) {
    if (host == null || host.getClass() != dtype.hostArrayType()) {
      throw new IllegalArgumentException("fromHost: dtype " + dtype + " needs a " + dtype.hostArrayType().getSimpleName()
          + " but got " + (host == null ? "null" : host.getClass().getSimpleName()));
    }
    int n = Shape.numel(Shape.of(shape).raw());
    if (Array.getLength(host) != n) {
      throw new IllegalArgumentException("fromHost: shape " + Arrays.toString(shape) + " needs " + n
          + " elements but the array has " + Array.getLength(host));
    }
    Tensor t = Dispatch.empty(shape, dtype, device);
    if (n > 0) t.backend.write(t.storage, 0, host, 0, n);
    return t;
  }

  /** Reads the elements (row-major) into a new host array of {@code target}'s host type. */
  static Object toHost(Tensor t, DType target) {
    Tensor src = t;
    try (var g = GradMode.noGrad()) {
      if (src.dtype != target) src = src.to(target);
      src = src.contiguous();
    }
    int n = src.numel();
    Object out = Array.newInstance(target.hostArrayType().getComponentType(), n);
    Backend b = src.backend;
    if (n > 0) b.read(src.storage, src.offset, out, 0, n);
    return out;
  }
}
