package dev.dl.data;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.data.text.Sequences;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Collate functions: combine a list of samples into one batch (PyTorch's {@code collate_fn}).
 *
 * <p>{@link #defaultCollate} follows PyTorch's {@code default_collate}: tensors are stacked along a
 * new dim 0; {@code Integer}/{@code Long}/{@code Short}/{@code Byte} become an int64 tensor,
 * {@code Double} float64 (like Python floats), {@code Float} float32, {@code Boolean} bool; primitive
 * arrays are stacked into a tensor of their element type; strings stay a list; lists, arrays,
 * maps and records are collated element-, key- or field-wise and rebuilt (records through their
 * canonical constructor, so their components must accept the collated type, e.g. {@code Tensor}).
 *
 * <pre>{@code
 * Example batch = (Example) Collate.defaultCollate(List.of(Example.of(x0, 3), Example.of(x1, 7)));
 * Function<List<List<Tensor>>, List<Tensor>> pad = Collate.padSequences(true, 0);
 * }</pre>
 */
public final class Collate {
  private Collate() {}

  /** PyTorch's {@code default_collate}, see the class documentation. */
  public static Object defaultCollate(List<?> samples) {
    if (samples.isEmpty()) throw new IllegalArgumentException("collate: cannot collate an empty batch");
    return collate(samples, "batch");
  }

  /** {@link #defaultCollate} typed for use as a DataLoader collate function. */
  @SuppressWarnings("unchecked")
  public static <T, B> Function<List<T>, B> defaultCollateFn() { return samples -> (B) defaultCollate(samples); }

  /**
   * A collate for samples that are lists whose first element is a variable-length sequence
   * tensor ([length, *]) and whose other elements collate by default: the sequences are padded
   * with {@code paddingValue} into one tensor ([batch, maxLength, *] if {@code batchFirst}), and
   * an int64 tensor of the original lengths is appended as the last element of the batch.
   */
  public static Function<List<List<Tensor>>, List<Tensor>> padSequences(boolean batchFirst, double paddingValue) {
    return samples -> {
      List<Tensor> sequences = new ArrayList<>(samples.size());
      long[] lengths = new long[samples.size()];
      for (int i = 0; i < samples.size(); i++) {
        List<Tensor> s = samples.get(i);
        if (s.isEmpty()) throw new IllegalArgumentException("padSequences collate: sample " + i + " is an empty list");
        sequences.add(s.get(0));
        lengths[i] = s.get(0).dim() == 0 ? 1 : s.get(0).size(0);
      }
      List<Tensor> batch = new ArrayList<>();
      batch.add(Sequences.padSequence(sequences, batchFirst, paddingValue));
      int width = samples.get(0).size();
      for (int f = 1; f < width; f++) {
        List<Tensor> column = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
          if (samples.get(i).size() != width) {
            throw new IllegalArgumentException("padSequences collate: sample 0 has " + width + " elements but sample "
                + i + " has " + samples.get(i).size());
          }
          column.add(samples.get(i).get(f));
        }
        batch.add((Tensor) collate(column, "batch[" + f + "]"));
      }
      batch.add(Tensor.fromHost(lengths, DType.INT64, new int[] {lengths.length}, Device.defaultDevice()));
      return batch;
    };
  }

  // ---- the recursion ----

  private static Object collate(List<?> samples, String path) {
    Object first = samples.getFirst();
    if (first == null) throw new IllegalArgumentException("collate: " + path + " of sample 0 is null");
    for (int i = 1; i < samples.size(); i++) {
      Object s = samples.get(i);
      if (s == null || !sameKind(first, s)) {
        throw new IllegalArgumentException("collate: " + path + " has type " + first.getClass().getName()
            + " in sample 0 but " + (s == null ? "null" : s.getClass().getName()) + " in sample " + i);
      }
    }
    if (first instanceof Tensor) return stackTensors(samples, path);
    if (first instanceof Number || first instanceof Boolean) return numbers(samples, path);
    if (first instanceof CharSequence) return List.copyOf(samples.stream().map(Object::toString).toList());
    if (first instanceof Record) return records(samples, path);
    if (first instanceof Map<?, ?>) return maps(samples, path);
    if (first instanceof List<?>) return lists(samples, path);
    if (first.getClass().isArray()) {
      return first.getClass().getComponentType().isPrimitive() ? primitiveArrays(samples, path) : objectArrays(samples, path);
    }
    throw new IllegalArgumentException("collate: default_collate found an element of type " + first.getClass().getName()
        + " at " + path + "; it handles tensors, numbers, booleans, strings, primitive arrays, and records, lists, "
        + "maps and arrays of them; pass a custom collate for other types");
  }

  private static boolean sameKind(Object a, Object b) {
    if (a instanceof Tensor) return b instanceof Tensor;
    if (a instanceof Record || a.getClass().isArray()) return a.getClass() == b.getClass();
    if (a instanceof Map<?, ?>) return b instanceof Map<?, ?>;
    if (a instanceof List<?>) return b instanceof List<?>;
    if (a instanceof CharSequence) return b instanceof CharSequence;
    return a.getClass() == b.getClass();
  }

  private static Tensor stackTensors(List<?> samples, String path) {
    List<Tensor> tensors = new ArrayList<>(samples.size());
    Tensor first = (Tensor) samples.getFirst();
    for (int i = 0; i < samples.size(); i++) {
      Tensor t = (Tensor) samples.get(i);
      if (!t.shape().equals(first.shape())) {
        throw new IllegalArgumentException("collate: stack expects each tensor to be equal size, but " + path
            + " has shape " + first.shape() + " in sample 0 and " + t.shape() + " in sample " + i
            + "; resize the samples in the dataset or pass a custom collate (e.g. Collate.padSequences)");
      }
      tensors.add(t);
    }
    return Tensor.stack(tensors, 0);
  }

  private static Tensor numbers(List<?> samples, String path) {
    Object first = samples.getFirst();
    int n = samples.size();
    int[] shape = {n};
    Device device = Device.defaultDevice();
    return switch (first) {
      case Double d -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (Double) samples.get(i);
        yield Tensor.fromHost(v, DType.FLOAT64, shape, device);
      }
      case Float f -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (Float) samples.get(i);
        yield Tensor.fromHost(v, DType.FLOAT32, shape, device);
      }
      case Boolean b -> {
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) v[i] = (byte) ((Boolean) samples.get(i) ? 1 : 0);
        yield Tensor.fromHost(v, DType.BOOL, shape, device);
      }
      case Integer i0 -> longs(samples, device);
      case Long l -> longs(samples, device);
      case Short s -> longs(samples, device);
      case Byte b -> longs(samples, device);
      default -> throw new IllegalArgumentException("collate: unsupported number type " + first.getClass().getName()
          + " at " + path + "; use Integer, Long, Float, Double or Boolean, or a custom collate");
    };
  }

  private static Tensor longs(List<?> samples, Device device) {
    long[] v = new long[samples.size()];
    for (int i = 0; i < v.length; i++) v[i] = ((Number) samples.get(i)).longValue();
    return Tensor.fromHost(v, DType.INT64, new int[] {v.length}, device);
  }

  private static Object primitiveArrays(List<?> samples, String path) {
    Object first = samples.getFirst();
    int len = Array.getLength(first);
    Class<?> type = first.getClass().getComponentType();
    DType dtype;
    if (type == float.class) dtype = DType.FLOAT32;
    else if (type == double.class) dtype = DType.FLOAT64;
    else if (type == int.class) dtype = DType.INT32;
    else if (type == long.class) dtype = DType.INT64;
    else if (type == short.class) dtype = DType.INT16;
    else if (type == byte.class) dtype = DType.INT8;
    else if (type == boolean.class) dtype = DType.BOOL;
    else throw new IllegalArgumentException("collate: arrays of " + type + " at " + path + " are not supported; convert them to tensors");
    int n = samples.size();
    Object flat = Array.newInstance(dtype.hostArrayType().getComponentType(), n * len);
    for (int i = 0; i < n; i++) {
      Object a = samples.get(i);
      if (Array.getLength(a) != len) {
        throw new IllegalArgumentException("collate: stack expects each array to be equal size, but " + path
            + " has length " + len + " in sample 0 and " + Array.getLength(a) + " in sample " + i);
      }
      if (type == boolean.class) {
        boolean[] src = (boolean[]) a;
        byte[] dst = (byte[]) flat;
        for (int k = 0; k < len; k++) dst[i * len + k] = (byte) (src[k] ? 1 : 0);
      } else {
        System.arraycopy(a, 0, flat, i * len, len);
      }
    }
    return Tensor.fromHost(flat, dtype, new int[] {n, len}, Device.defaultDevice());
  }

  private static Object objectArrays(List<?> samples, String path) {
    Object[] first = (Object[]) samples.getFirst();
    List<Object> parts = new ArrayList<>(first.length);
    for (int k = 0; k < first.length; k++) parts.add(collate(column(samples, k, first.length, path), path + "[" + k + "]"));
    Class<?> component = first.getClass().getComponentType();
    boolean fits = parts.stream().allMatch(component::isInstance);
    Object[] out = (Object[]) Array.newInstance(fits ? component : Object.class, parts.size());
    return parts.toArray(out);
  }

  private static List<Object> column(List<?> samples, int k, int width, String path) {
    List<Object> column = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      Object s = samples.get(i);
      int w = s instanceof List<?> l ? l.size() : Array.getLength(s);
      if (w != width) {
        throw new IllegalArgumentException("collate: each element in list of batch should be of equal size, but " + path
            + " has " + width + " elements in sample 0 and " + w + " in sample " + i);
      }
      column.add(s instanceof List<?> l ? l.get(k) : Array.get(s, k));
    }
    return column;
  }

  private static List<Object> lists(List<?> samples, String path) {
    int width = ((List<?>) samples.getFirst()).size();
    List<Object> out = new ArrayList<>(width);
    for (int k = 0; k < width; k++) out.add(collate(column(samples, k, width, path), path + "[" + k + "]"));
    return out;
  }

  private static Map<Object, Object> maps(List<?> samples, String path) {
    Map<?, ?> first = (Map<?, ?>) samples.getFirst();
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Object key : first.keySet()) {
      List<Object> column = new ArrayList<>(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        Map<?, ?> m = (Map<?, ?>) samples.get(i);
        if (!m.containsKey(key) || m.size() != first.size()) {
          throw new IllegalArgumentException("collate: " + path + " has keys " + first.keySet() + " in sample 0 but "
              + m.keySet() + " in sample " + i);
        }
        column.add(m.get(key));
      }
      out.put(key, collate(column, path + "[" + key + "]"));
    }
    return out;
  }

  private static Record records(List<?> samples, String path) {
    Class<?> type = samples.getFirst().getClass();
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int c = 0; c < components.length; c++) {
      RecordComponent rc = components[c];
      types[c] = rc.getType();
      List<Object> column = new ArrayList<>(samples.size());
      try {
        rc.getAccessor().setAccessible(true);
        for (Object s : samples) column.add(rc.getAccessor().invoke(s));
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalArgumentException("collate: cannot read component '" + rc.getName() + "' of record "
            + type.getName() + " (make the record public or pass a custom collate)", e);
      }
      String field = path + "." + rc.getName();
      values[c] = collate(column, field);
      Class<?> boxed = rc.getType().isPrimitive() ? boxed(rc.getType()) : rc.getType();
      if (!boxed.isInstance(values[c])) {
        throw new IllegalArgumentException("collate: record " + type.getSimpleName() + " component '" + rc.getName()
            + "' has type " + rc.getType().getSimpleName() + " but its batch is a " + values[c].getClass().getSimpleName()
            + "; declare the component as " + values[c].getClass().getSimpleName()
            + " (or Object) to collate it by default, or pass a custom collate");
      }
    }
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return (Record) ctor.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("collate: the canonical constructor of " + type.getName()
          + " rejected the batched components: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("collate: cannot rebuild record " + type.getName() + " at " + path
          + " through its canonical constructor (make the record public or pass a custom collate)", e);
    }
  }

  private static Class<?> boxed(Class<?> primitive) {
    return Array.get(Array.newInstance(primitive, 1), 0).getClass();
  }
}
