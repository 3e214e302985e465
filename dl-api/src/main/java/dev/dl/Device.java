package dev.dl;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a tensor lives: a backend type ({@code cpu}, {@code cuda}, {@code opencl}, or a
 * contributor's name) and a device index.
 *
 * <pre>{@code
 * Device d = Device.of("opencl:0");
 * Tensor x = Tensor.ones(3).to(Device.defaultDevice());
 * }</pre>
 */
public record Device(String type, int index) {
  /** The CPU device; always available. */
  public static final Device CPU = new Device("cpu", 0);

  public Device {
    Objects.requireNonNull(type, "type");
    if (type.isEmpty() || !type.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
      throw new IllegalArgumentException("invalid device type '" + type + "': use letters, digits, '-' or '_'");
    }
    type = type.toLowerCase(Locale.ROOT);
    if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index + " for " + type);
  }

  /** Parses {@code "cpu"}, {@code "cuda"} (index 0), {@code "cuda:1"}, {@code "opencl:0"}. */
  public static Device of(String spec) {
    Objects.requireNonNull(spec, "spec");
    int colon = spec.indexOf(':');
    if (colon < 0) return new Device(spec.trim(), 0);
    String idx = spec.substring(colon + 1).trim();
    try {
      return new Device(spec.substring(0, colon).trim(), Integer.parseInt(idx));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid device '" + spec + "': expected TYPE or TYPE:INDEX, e.g. cuda:0");
    }
  }

  /** The CPU device. */
  public static Device cpu() { return CPU; }

  /**
   * The device new tensors go to: {@code -Ddl.device} or {@code DL_DEVICE} when set, otherwise the
   * available backend with the highest priority. See {@link Backends}.
   */
  public static Device defaultDevice() { return Backends.defaultDevice(); }

  /** {@code cpu}, {@code cuda:0}, ... (the CPU prints without an index, as in PyTorch). */
  @Override
  public String toString() { return type.equals("cpu") && index == 0 ? "cpu" : type + ":" + index; }
}
