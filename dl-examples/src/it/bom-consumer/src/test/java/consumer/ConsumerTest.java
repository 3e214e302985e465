package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dl.Device;
import dev.dl.Tensor;
import org.junit.jupiter.api.Test;

class ConsumerTest {
  @Test
  void resolvesAndRuns() {
    assertEquals(Device.CPU, Device.defaultDevice());
    Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    assertEquals(54.0, x.matmul(x).sum().item(), 1e-6);
  }
}
