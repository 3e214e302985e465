package dev.dl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.dl.spi.Availability;
import dev.dl.spi.Backend;
import dev.dl.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BackendDiscoveryTest {
  private static BackendProvider provider(String type, int priority, Availability availability) {
    BackendProvider p = mock(BackendProvider.class);
    when(p.type()).thenReturn(type);
    when(p.priority()).thenReturn(priority);
    when(p.probe()).thenReturn(availability);
    return p;
  }

  /** An iterator over suppliers, so a test can make {@code next()} itself fail as ServiceLoader does. */
  private static Iterator<BackendProvider> loader(List<Supplier<BackendProvider>> entries) {
    Iterator<Supplier<BackendProvider>> it = entries.iterator();
    return new Iterator<>() {
      @Override public boolean hasNext() { return it.hasNext(); }
      @Override public BackendProvider next() {
        if (!it.hasNext()) throw new NoSuchElementException();
        return it.next().get();
      }
    };
  }

  private static Backends.Registry discover(String requested, boolean strict, BackendProvider... providers) {
    List<Supplier<BackendProvider>> entries = new ArrayList<>();
    for (BackendProvider p : providers) entries.add(() -> p);
    return Backends.Registry.discover(loader(entries), requested, strict);
  }

  @Test
  void highestAvailablePriorityWins() {
    BackendProvider cpu = provider("cpu", 0, Availability.available(1, "scalar"));
    BackendProvider gpu = provider("fakegpu", 100, Availability.available(2, "two cards"));
    BackendProvider emu = provider("emu", -10, Availability.available(1, "emulated"));
    var r = discover(null, false, cpu, emu, gpu);
    assertEquals(new Device("fakegpu", 0), r.defaultDevice);
    assertEquals(List.of(new Device("fakegpu", 0), new Device("fakegpu", 1), Device.CPU, new Device("emu", 0)),
        r.devices());
  }

  @Test
  void unavailableProvidersAreReportedWithTheirReasonAndNeverCreated() {
    BackendProvider cpu = provider("cpu", 0, Availability.available(1, "scalar"));
    BackendProvider gpu = provider("fakegpu", 100, Availability.unavailable("no driver: libcuda.so.1 not found"));
    var r = discover(null, false, gpu, cpu);
    assertEquals(Device.CPU, r.defaultDevice);
    assertTrue(r.report().contains("fakegpu") && r.report().contains("libcuda.so.1 not found"), r.report());
    var e = assertThrows(IllegalStateException.class, () -> r.backend(new Device("fakegpu", 0)));
    assertTrue(e.getMessage().contains("libcuda.so.1 not found"), e.getMessage());
    verify(gpu, never()).create(0);
  }

  @Test
  void probeThatThrowsOrFailsToLinkDoesNotBreakDiscovery() {
    BackendProvider cpu = provider("cpu", 0, Availability.available(1, "scalar"));
    BackendProvider throwing = provider("bad", 50, null);
    when(throwing.probe()).thenThrow(new IllegalStateException("device lost"));
    BackendProvider unlinked = provider("native", 60, null);
    when(unlinked.probe()).thenThrow(new UnsatisfiedLinkError("no jocl in java.library.path"));
    BackendProvider noClass = provider("gone", 70, null);
    when(noClass.priority()).thenThrow(new NoClassDefFoundError("jcuda/driver/JCudaDriver"));
    var r = discover(null, false, throwing, unlinked, noClass, cpu);
    assertEquals(Device.CPU, r.defaultDevice);
    String report = r.report();
    assertTrue(report.contains("device lost"), report);
    assertTrue(report.contains("UnsatisfiedLinkError") && report.contains("no jocl"), report);
    assertTrue(report.contains("NoClassDefFoundError"), report);
  }

  @Test
  void providerThatCannotBeInstantiatedIsReported() {
    BackendProvider cpu = provider("cpu", 0, Availability.available(1, "scalar"));
    List<Supplier<BackendProvider>> entries = List.of(
        () -> { throw new ServiceConfigurationError("dev.dl.spi.BackendProvider: Provider x.Y could not be instantiated"); },
        () -> cpu);
    var r = Backends.Registry.discover(loader(entries), null, false);
    assertEquals(Device.CPU, r.defaultDevice);
    assertTrue(r.report().contains("could not be instantiated"), r.report());
  }

  @Test
  void requestedDeviceOverridesPriority() {
    BackendProvider cpu = provider("cpu", 0, Availability.available(1, "scalar"));
    BackendProvider gpu = provider("fakegpu", 100, Availability.available(2, "two cards"));
    assertEquals(Device.CPU, discover("cpu", true, cpu, gpu).defaultDevice);
    assertEquals(new Device("fakegpu", 1), discover("fakegpu:1", true, cpu, gpu).defaultDevice);
  }

  @Test
  void unavailableRequestFallsBackUnlessStrict() {
    BackendProvider cpu = provider("cpu", 0, Availability.available(1, "scalar"));
    BackendProvider gpu = provider("fakegpu", 100, Availability.unavailable("no device"));
    assertEquals(Device.CPU, discover("fakegpu:0", false, cpu, gpu).defaultDevice);
    var e = assertThrows(IllegalStateException.class, () -> discover("fakegpu:0", true, cpu, gpu));
    assertTrue(e.getMessage().contains("no device") && e.getMessage().contains("strict"), e.getMessage());
    var missing = assertThrows(IllegalStateException.class, () -> discover("opencl:0", true, cpu));
    assertTrue(missing.getMessage().contains("no backend provides 'opencl'"), missing.getMessage());
    var index = assertThrows(IllegalStateException.class, () -> discover("cpu:3", true, cpu));
    assertTrue(index.getMessage().contains("has 1 device"), index.getMessage());
  }

  @Test
  void noBackendAtAllSaysWhatToAdd() {
    var e = assertThrows(IllegalStateException.class, () -> discover(null, false));
    assertTrue(e.getMessage().contains("dl-backend-cpu"), e.getMessage());
  }

  @Test
  void backendsAreCreatedOncePerDevice() {
    BackendProvider cpu = provider("cpu", 0, Availability.available(1, "scalar"));
    Backend backend = mock(Backend.class);
    when(cpu.create(0)).thenReturn(backend);
    var r = discover(null, false, cpu);
    assertSame(backend, r.backend(Device.CPU));
    assertSame(backend, r.backend(Device.CPU));
    verify(cpu).create(0);
    assertFalse(r.report().isEmpty());
  }
}
