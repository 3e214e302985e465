package dev.dl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class PinMemoryTest {
  @Test
  void withoutPinnedMemoryBatchesAreUnchangedAndTheLogSaysSoOnce() {
    List<String> messages = new ArrayList<>();
    Handler h = new Handler() {
      @Override public void publish(LogRecord r) { messages.add(r.getMessage()); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    Logger jul = Logger.getLogger(DataLoader.class.getName());
    jul.addHandler(h);
    try {
      DataLoader<Tensor> loader = DataLoader.builder(new DataLoaderTest.Augmented(6)).batchSize(2).numWorkers(1)
          .pinMemory(true).pinMemoryDevice(Device.CPU).build();
      int n = 0;
      for (Tensor b : loader) {
        assertEquals(Device.CPU, b.device());
        n++;
      }
      assertEquals(3, n);
    } finally {
      jul.removeHandler(h);
    }
    long pinLines = messages.stream().filter(m -> m.contains("pinMemory")).count();
    assertEquals(1, pinLines, messages.toString());
  }

  @Test
  void theExplanationFollowsTheBackendCapability() {
    Backend none = mock(Backend.class);
    when(none.supportsPinnedMemory()).thenReturn(false);
    assertTrue(PinMemory.explain(new Device("cuda", 0), none).contains("offers no pinned host memory"));
    Backend pinned = mock(Backend.class);
    when(pinned.supportsPinnedMemory()).thenReturn(true);
    assertTrue(PinMemory.explain(new Device("cuda", 0), pinned).contains("uploaded to cuda:0 by the worker threads"));
    assertTrue(PinMemory.explain(Device.CPU, pinned).contains("cpu"));
    Object batch = new Object();
    assertSame(batch, new PinMemory(Device.CPU).apply(batch));
  }

  record Pair(Tensor input, List<Tensor> labels) {}

  @Test
  void withPinnedMemoryWorkersUploadWholeBatchesToTheDevice() {
    int before = PinnedTestDevice.WRITES.get();
    DataLoader<Tensor> loader = DataLoader.builder(new DataLoaderTest.Augmented(6)).batchSize(2).numWorkers(2)
        .pinMemory(true).pinMemoryDevice(PinnedTestDevice.DEVICE).build();
    int n = 0;
    for (Tensor b : loader) {
      assertEquals(PinnedTestDevice.DEVICE, b.device());
      n++;
    }
    assertEquals(3, n);
    assertTrue(PinnedTestDevice.WRITES.get() - before >= 3, "every batch was uploaded");
    Object moved = PinMemory.toDevice(new Pair(Tensor.ones(2), List.of(Tensor.zeros(1))), PinnedTestDevice.DEVICE);
    Pair p = (Pair) moved;
    assertEquals(PinnedTestDevice.DEVICE, p.input().device());
    assertEquals(PinnedTestDevice.DEVICE, p.labels().get(0).device());
  }
}
