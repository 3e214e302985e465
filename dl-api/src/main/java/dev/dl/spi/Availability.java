package dev.dl.spi;

import java.util.Objects;

/**
 * The result of probing a backend: available with a device count, or unavailable with a reason a
 * person can act on ("no OpenCL platform: install an ICD such as pocl-opencl-icd").
 */
public record Availability(boolean available, int deviceCount, String reason) {
  public Availability {
    Objects.requireNonNull(reason, "reason");
    if (available && deviceCount <= 0) throw new IllegalArgumentException("an available backend has >= 1 device");
  }

  /** Available with this many devices. */
  public static Availability available(int deviceCount, String description) {
    return new Availability(true, deviceCount, description);
  }

  /** Unavailable, with the reason. */
  public static Availability unavailable(String reason) {
    return new Availability(false, 0, reason);
  }
}
