package dev.dl.data;

import dev.dl.Backends;
import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.spi.Backend;
import java.lang.System.Logger.Level;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The DataLoader's {@code pinMemory} step. A backend that offers page-locked host memory
 * ({@link Backend#supportsPinnedMemory()}, e.g. CUDA) stages host-to-device copies through it, so
 * its uploads are fast and asynchronous. With such a target device the worker that collated a batch
 * also uploads every tensor in it, and the training loop receives batches already on the device,
 * their transfer overlapped with the previous step. Otherwise (CPU target, or a backend without
 * pinned memory) batches stay where collate put them, and the log says so once.
 */
final class PinMemory {
  private static final System.Logger LOG = System.getLogger(DataLoader.class.getName());

  private final Device target;
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile Boolean uploads;

  PinMemory(Device target) { this.target = target; }

  /** Uploads the batch's tensors to the target device when its backend stages through pinned memory. */
  Object apply(Object batch) {
    if (uploads == null) uploads = decide();
    return uploads ? toDevice(batch, target) : batch;
  }

  private boolean decide() {
    Backend backend = null;
    String why;
    try {
      backend = Backends.backend(target);
      why = explain(target, backend);
    } catch (RuntimeException e) {
      why = "DataLoader pinMemory: no backend for device " + target + " (" + e.getMessage() + "); pinMemory has no effect";
    }
    if (reported.compareAndSet(false, true)) LOG.log(Level.INFO, why);
    return backend != null && !target.equals(Device.CPU) && backend.supportsPinnedMemory();
  }

  static String explain(Device target, Backend backend) {
    if (target.equals(Device.CPU)) {
      return "DataLoader pinMemory: the target device is cpu, which needs no pinned staging buffers; pinMemory has no effect";
    }
    if (!backend.supportsPinnedMemory()) {
      return "DataLoader pinMemory: the backend of " + target + " offers no pinned host memory "
          + "(Backend.supportsPinnedMemory() is false); batches stay in pageable memory";
    }
    return "DataLoader pinMemory: batches are uploaded to " + target + " by the worker threads through the backend's "
        + "pinned staging buffers";
  }

  /** Maps every tensor in a collated batch (tensors, lists, maps, records, arrays) to {@code device}. */
  static Object toDevice(Object batch, Device device) {
    return switch (batch) {
      case null -> null;
      case Tensor t -> t.to(device);
      case List<?> list -> {
        List<Object> out = new ArrayList<>(list.size());
        for (Object o : list) out.add(toDevice(o, device));
        yield out;
      }
      case Map<?, ?> map -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) out.put(e.getKey(), toDevice(e.getValue(), device));
        yield out;
      }
      case Record r -> rebuild(r, device);
      default -> {
        if (batch.getClass().isArray() && !batch.getClass().getComponentType().isPrimitive()) {
          int n = Array.getLength(batch);
          Object out = Array.newInstance(batch.getClass().getComponentType(), n);
          for (int i = 0; i < n; i++) Array.set(out, i, toDevice(Array.get(batch, i), device));
          yield out;
        }
        yield batch;
      }
    };
  }

  private static Object rebuild(Record r, Device device) {
    RecordComponent[] components = r.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        values[i] = toDevice(components[i].getAccessor().invoke(r), device);
        types[i] = components[i].getType();
      }
      Constructor<?> c = r.getClass().getDeclaredConstructor(types);
      c.setAccessible(true);
      return c.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("pinMemory: cannot rebuild record " + r.getClass().getName()
          + " with tensors on " + device + "; make its canonical constructor accessible", e);
    }
  }
}
