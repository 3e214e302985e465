package dev.dl.spi;

/**
 * Entry point of a backend plugin, found with {@link java.util.ServiceLoader}. Register the
 * implementation in {@code META-INF/services/dev.dl.spi.BackendProvider} and with
 * {@code provides dev.dl.spi.BackendProvider with ...} in {@code module-info.java}.
 *
 * <pre>{@code
 * public final class MyProvider implements BackendProvider {
 *   public String type() { return "mydev"; }
 *   ...
 * }
 * }</pre>
 */
public interface BackendProvider {
  /** The device type this provider serves, e.g. {@code "cpu"}, {@code "cuda"}, {@code "opencl"}. */
  String type();

  /**
   * Rank when choosing the default device; the highest available wins. The CPU backend uses 0;
   * a GPU backend uses 100; a backend that only offers an emulated device uses a negative value.
   * May probe the hardware; must not throw.
   */
  int priority();

  /**
   * Checks whether the backend can run here (native libraries, drivers, devices). Must not throw:
   * failures, including {@link LinkageError}, become {@link Availability#unavailable(String)}.
   */
  Availability probe();

  /** Opens device {@code index} (0-based); called only after {@link #probe()} said available. */
  Backend create(int index);
}
