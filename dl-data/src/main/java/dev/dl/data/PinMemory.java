package dev.dl.data;

import dev.dl.Backends;
import dev.dl.Device;
import dev.dl.spi.Backend;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The DataLoader's {@code pinMemory} step. Pinned (page-locked) host buffers make host-to-device
 * copies faster and asynchronous; whether a device offers them is the backend capability
 * {@link Backend#supportsPinnedMemory()}. The backend SPI has no call yet that allocates a pinned
 * host buffer, so batches always stay where collate put them; the loader says once in the log why,
 * so nobody believes they get pinned transfers when they do not.
 */
final class PinMemory {
  private static final System.Logger LOG = System.getLogger(DataLoader.class.getName());

  private final Device target;
  private final AtomicBoolean reported = new AtomicBoolean();

  PinMemory(Device target) { this.target = target; }

  /** Returns the batch unchanged after logging, once per loader, what pinning did. */
  Object apply(Object batch) {
    if (reported.compareAndSet(false, true)) LOG.log(Level.INFO, explain());
    return batch;
  }

  String explain() {
    Backend backend;
    try {
      backend = Backends.backend(target);
    } catch (RuntimeException e) {
      return "DataLoader pinMemory: no backend for device " + target + " (" + e.getMessage() + "); pinMemory has no effect";
    }
    return explain(target, backend);
  }

  static String explain(Device target, Backend backend) {
    if (target.equals(Device.CPU)) {
      return "DataLoader pinMemory: the target device is cpu, which needs no pinned staging buffers; pinMemory has no effect";
    }
    if (!backend.supportsPinnedMemory()) {
      return "DataLoader pinMemory: the backend of " + target + " offers no pinned host memory "
          + "(Backend.supportsPinnedMemory() is false); batches stay in pageable memory";
    }
    return "DataLoader pinMemory: the backend of " + target + " supports pinned memory, but the backend SPI has no "
        + "call to allocate pinned host storage yet; batches stay in pageable memory";
  }
}
