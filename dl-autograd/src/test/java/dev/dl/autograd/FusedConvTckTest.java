package dev.dl.autograd;

import dev.dl.Device;
import dev.dl.backend.tck.BackendTck;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The kit's CONV2D and MAX_POOL2D cases on a backend that fuses conv2d ({@link FusedConvDevice}),
 * with autograd present: dl-api's fused path, the recorded nodes' backward and the kit's
 * references checked against each other.
 */
class FusedConvTckTest {
  private final BackendTck kit = new BackendTck() {
    @Override
    protected Device device() { return FusedConvDevice.DEVICE; }
  };

  @TestFactory
  Stream<DynamicTest> fusedConvolution() { return kit.fusedConvolution(); }
}
