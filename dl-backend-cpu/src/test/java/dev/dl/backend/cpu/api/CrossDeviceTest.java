package dev.dl.backend.cpu.api;

import static dev.dl.backend.cpu.api.Checks.assertError;
import static dev.dl.backend.cpu.api.Checks.assertValues;
import static dev.dl.backend.cpu.api.Checks.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Backends;
import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.backend.cpu.SecondHostDeviceProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two devices (cpu and a second host-memory test device): moves, mixing rules and errors. */
class CrossDeviceTest {
  private static final Device OTHER = SecondHostDeviceProvider.DEVICE;

  @Test
  void theSecondDeviceIsDiscoveredButNotTheDefault() {
    assertEquals(Device.CPU, Device.defaultDevice());
    assertTrue(Backends.devices().contains(OTHER), Backends.report());
  }

  @Test
  void tensorsMoveBetweenDevices() {
    Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}}).t();
    Tensor y = x.to(OTHER);
    assertEquals(OTHER, y.device());
    assertValues(y, shape(2, 2), 1, 3, 2, 4);
    assertEquals(Device.CPU, y.to(Device.CPU).device());
    assertTrue(y.to(OTHER) == y);
    assertValues(y.add(1.0).to(Device.CPU), shape(2, 2), 2, 4, 3, 5);
    assertTrue(y.toString().endsWith("device='testhost:0')"), y.toString());
    Tensor dst = Tensor.zeros(Shape.of(2, 2), DType.FLOAT32, OTHER);
    dst.copy_(x);
    assertValues(dst, shape(2, 2), 1, 3, 2, 4);
  }

  @Test
  void mixingDevicesFailsWithBothNamed() {
    Tensor a = Tensor.ones(3);
    Tensor b = Tensor.ones(Shape.of(3), DType.FLOAT32, OTHER);
    assertError(IllegalArgumentException.class, () -> a.add(b), "same device", "cpu", "testhost:0");
    assertError(IllegalArgumentException.class, () -> a.view(1, 3).mm(b.view(3, 1)), "same device");
    assertError(IllegalArgumentException.class, () -> Tensor.cat(List.of(a, b), 0), "same device");
    assertError(IllegalArgumentException.class, () -> a.gather(0, Tensor.zeros(Shape.of(1), DType.INT64, OTHER)),
        "same device");
    // A zero-dim CPU tensor follows the other operand, as in PyTorch.
    assertValues(b.mul(Tensor.scalar(2.0)).to(Device.CPU), shape(3), 2, 2, 2);
  }

  @Test
  void unknownOrMissingDevicesAreExplained() {
    assertError(IllegalStateException.class, () -> Tensor.ones(2).to(new Device("cuda", 0)), "cuda");
    assertError(IllegalArgumentException.class, () -> Tensor.ones(2).to(new Device("testhost", 3)), "does not exist");
  }
}
