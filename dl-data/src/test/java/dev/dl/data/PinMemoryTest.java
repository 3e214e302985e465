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
    assertTrue(PinMemory.explain(new Device("cuda", 0), pinned).contains("no call to allocate pinned host storage"));
    assertTrue(PinMemory.explain(Device.CPU, pinned).contains("cpu"));
    Object batch = new Object();
    assertSame(batch, new PinMemory(Device.CPU).apply(batch));
  }
}
