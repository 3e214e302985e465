package dev.dl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {
  @Test
  void keepsAvailableDevicesAndDropsTheRest() {
    assertEquals(List.of("cpu", "cpu-scalar"), BenchRunner.devices(List.of("cpu", "nosuch:0", "cpu-scalar", "cpu:1")));
  }

  @Test
  void defaultsToCpuPairThenEveryDiscoveredDevice() {
    List<String> devices = BenchRunner.devices(List.of());
    assertEquals(List.of("cpu", "cpu-scalar"), devices.subList(0, 2));
    assertEquals(devices.size(), devices.stream().distinct().count(), "no device twice: " + devices);
  }

  @Test
  void forksGetOneThreadCountForEveryLibrary() {
    List<String> props = BenchRunner.forkProperties(3);
    for (String p : List.of("-Ddl.bench.threads=3", "-Ddl.cpu.threads=3", "-Dai.djl.pytorch.num_threads=3")) {
      assertTrue(props.contains(p), p + " in " + props);
    }
  }

  @Test
  void unavailableDeviceFailsItsTrialWithTheBackendReport() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Target.open("nosuch:0"));
    assertTrue(e.getMessage().startsWith("skipping device nosuch:0: it is unavailable here"), e.getMessage());
    assertTrue(e.getMessage().contains("backends:"), "includes Backends.report(): " + e.getMessage());
    assertEquals(Device.CPU, Target.open("cpu"));
  }
}
