package dev.dl.backend.cuda;

import dev.dl.spi.Availability;
import java.util.Optional;

/**
 * Whether tests that need a GPU run here. Without a usable device they skip with the provider's
 * reason; with {@code -Ddl.cuda.require=true} (gpu-check.sh sets it) a missing device fails
 * instead, so a GPU run cannot pass by skipping everything.
 */
final class CudaTestDevice {
  private static final Availability AVAILABILITY = new CudaBackendProvider().probe();

  private CudaTestDevice() {}

  static Optional<String> skipReason() {
    if (AVAILABILITY.available()) return Optional.empty();
    if (Boolean.getBoolean("dl.cuda.require")) {
      throw new AssertionError("-Ddl.cuda.require=true but the CUDA backend is unavailable: " + AVAILABILITY.reason());
    }
    return Optional.of("no usable CUDA device: " + AVAILABILITY.reason());
  }
}
