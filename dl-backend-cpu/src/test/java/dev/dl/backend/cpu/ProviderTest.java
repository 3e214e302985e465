package dev.dl.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Availability;
import dev.dl.spi.Backend;
import dev.dl.spi.BackendProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Discovery, probing, and the run-time choice between Vector API and scalar kernels. */
class ProviderTest {
  @Test
  void serviceLoaderFindsTheCpuProvider() {
    BackendProvider p = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(x -> x.type().equals("cpu")).findFirst().orElseThrow();
    assertEquals(0, p.priority());
    Availability a = p.probe();
    assertTrue(a.available());
    assertEquals(1, a.deviceCount());
    assertTrue(a.reason().contains("Vector API, ") || a.reason().contains("scalar ("), a.reason());
    Backend b = p.create(0);
    assertEquals(Device.CPU, b.device());
    assertEquals(DType.values().length, b.dtypes().size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.create(1));
    assertTrue(e.getMessage().contains("cpu:1"), e.getMessage());
  }

  @Test
  void vectorApiIsChosenWhenReadableAndCanBeDisabled() {
    boolean readable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    assertEquals(readable, SimdProvider.vectorUnavailableReason() == null);
    assertEquals(readable, SimdProvider.get().description().startsWith("Vector API, "), SimdProvider.get().description());
    String old = System.getProperty("dl.cpu.vector");
    System.setProperty("dl.cpu.vector", "false");
    try {
      assertEquals("disabled by -Ddl.cpu.vector=false", SimdProvider.vectorUnavailableReason());
      IllegalStateException e = assertThrows(IllegalStateException.class, SimdProvider::vector);
      assertTrue(e.getMessage().contains("dl.cpu.vector"));
    } finally {
      if (old == null) System.clearProperty("dl.cpu.vector"); else System.setProperty("dl.cpu.vector", old);
    }
  }

  @Test
  void hostTransfersCopyRanges() {
    Backend b = new CpuBackendProvider().create(0);
    var s = b.allocate(DType.INT16, 5);
    b.write(s, 1, new short[] {7, 8, 9}, 1, 2);
    short[] back = new short[5];
    b.read(s, 0, back, 0, 5);
    assertEquals(8, back[1]);
    assertEquals(9, back[2]);
    assertEquals(Device.CPU, s.device());
  }
}
