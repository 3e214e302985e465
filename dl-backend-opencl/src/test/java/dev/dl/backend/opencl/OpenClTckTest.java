package dev.dl.backend.opencl;

import dev.dl.Device;
import dev.dl.backend.tck.BackendTck;
import dev.dl.spi.Availability;
import java.util.Optional;

/** Runs the backend conformance kit on opencl:0; skipped with the probe's reason when there is no device. */
class OpenClTckTest extends BackendTck {
  @Override
  protected Device device() { return Device.of("opencl:0"); }

  @Override
  protected Optional<String> skipReason() {
    Availability a = new OpenClBackendProvider().probe();
    return a.available() ? Optional.empty() : Optional.of("OpenCL is unavailable: " + a.reason());
  }
}
