package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dl.Backends;
import dev.dl.Device;
import dev.dl.backend.tck.BackendTck;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the backend conformance kit on cuda:0. Without a usable device the kit's test factories
 * abort and {@link #cudaDeviceIsUsable()} is reported as skipped with the provider's reason (here:
 * no driver library); gpu-check.sh sets {@code -Ddl.cuda.require=true} so that a GPU run cannot
 * pass by skipping.
 */
class CudaTckTest extends BackendTck {
  @Override
  protected Device device() { return Device.of("cuda:0"); }

  @Override
  protected Optional<String> skipReason() { return CudaTestDevice.skipReason(); }

  /** Makes the skip and its reason visible in test reports (aborted factories count as no tests). */
  @Test
  void cudaDeviceIsUsable() {
    Optional<String> skip = skipReason();
    assumeTrue(skip.isEmpty(), () -> skip.orElse(""));
    assertEquals(device(), Backends.backend(device()).device());
  }
}
