package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.dl.spi.Availability;
import dev.dl.spi.BackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Availability probing in each failure case, with a mocked driver; and the real probe on this machine. */
class CudaBackendProviderTest {
  private final CudaDriver driver = mock(CudaDriver.class);

  private Availability probe() { return new CudaBackendProvider(() -> driver).probe(); }

  @Test
  void missingDriverLibraryIsUnavailableWithTheLinkageMessage() {
    CudaBackendProvider p = new CudaBackendProvider(() -> {
      throw new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file: No such file or directory");
    });
    Availability a = p.probe();
    assertFalse(a.available());
    assertTrue(a.reason().startsWith("no CUDA driver library: JCuda could not load its driver binding (UnsatisfiedLinkError: "
        + "libcuda.so.1: cannot open shared object file"), a.reason());
    assertTrue(a.reason().endsWith("install the NVIDIA driver so that libcuda.so.1 is on the library path"), a.reason());
    // A second use of a class whose initialiser failed throws NoClassDefFoundError: also a LinkageError.
    CudaBackendProvider again = new CudaBackendProvider(() -> {
      throw new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
    });
    assertTrue(again.probe().reason().contains("NoClassDefFoundError: Could not initialize class jcuda.driver.JCudaDriver"));
  }

  @Test
  void jcudasMultiLineLoadReportIsCutToTheLineNamingTheMissingLibrary() {
    String report = """
        Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
        Operating system name: Linux
        ---(start of nested stack traces)---
        Stack trace from the attempt to load the library as a file:
        java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib
        	at java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2285)
        Stack trace from the attempt to load the library as a resource:
        java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: No such file or directory
        	at java.base/jdk.internal.loader.NativeLibraries.load(Native Method)
        """;
    assertEquals("/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: No such file or directory",
        CudaBackendProvider.summarize(report));
    assertEquals("plain", CudaBackendProvider.summarize("plain"));
    assertEquals("no message", CudaBackendProvider.summarize(null));
    Availability a = new CudaBackendProvider(() -> { throw new UnsatisfiedLinkError(report); }).probe();
    assertFalse(a.reason().contains("\n"), a.reason());
    assertTrue(a.reason().contains("libcuda.so.1: cannot open shared object file"), a.reason());
  }

  @Test
  void cuInitWithoutDevicesIsNoDevice() {
    doThrow(new CudaException(CudaErrors.NO_DEVICE, "cuInit")).when(driver).init();
    Availability a = probe();
    assertFalse(a.available());
    assertTrue(a.reason().startsWith("no CUDA device: cuInit reported CUDA_ERROR_NO_DEVICE"), a.reason());
  }

  @Test
  void zeroDevicesIsNoDevice() {
    when(driver.deviceCount()).thenReturn(0);
    assertEquals("no CUDA device: cuDeviceGetCount returned 0", probe().reason());
  }

  @Test
  void otherInitFailuresNameTheCuresult() {
    doThrow(new CudaException(CudaErrors.STUB_LIBRARY, "cuInit")).when(driver).init();
    Availability a = probe();
    assertFalse(a.available());
    assertTrue(a.reason().contains("cuInit failed: CUDA_ERROR_STUB_LIBRARY (34)"), a.reason());
  }

  @Test
  void driverOlderThanThePtxIsaIsRejectedWithBothVersions() {
    when(driver.deviceCount()).thenReturn(1);
    when(driver.driverVersion()).thenReturn(11040);
    Availability a = probe();
    assertFalse(a.available());
    assertEquals("CUDA driver too old: it supports CUDA 11.4 (cuDriverGetVersion 11040) but the backend's PTX "
        + "(ISA 7.8) needs a driver for CUDA 11.8 or newer; update the NVIDIA driver", a.reason());
  }

  @Test
  void devicesBelowSm80AreNotUsable() {
    when(driver.deviceCount()).thenReturn(1);
    when(driver.driverVersion()).thenReturn(12040);
    when(driver.device(0)).thenReturn(new CudaDriver.DeviceInfo("Tesla T4", 7, 5, 16L << 30, 40));
    Availability a = probe();
    assertFalse(a.available());
    assertEquals("no CUDA device of compute capability 8.0 or newer (found cuda:0 Tesla T4 (sm_75)); "
        + "the backend ships PTX for sm_80 and sm_90", a.reason());
  }

  @Test
  void availableListsDevicesAndDriver() {
    when(driver.deviceCount()).thenReturn(2);
    when(driver.driverVersion()).thenReturn(12080);
    when(driver.device(0)).thenReturn(new CudaDriver.DeviceInfo("NVIDIA H100 80GB HBM3", 9, 0, 80L << 30, 132));
    when(driver.device(1)).thenReturn(new CudaDriver.DeviceInfo("NVIDIA A100-SXM4-40GB", 8, 0, 40L << 30, 108));
    Availability a = probe();
    assertTrue(a.available());
    assertEquals(2, a.deviceCount());
    assertEquals("cuda:0 NVIDIA H100 80GB HBM3 (sm_90), cuda:1 NVIDIA A100-SXM4-40GB (sm_80); driver CUDA 12.8", a.reason());
  }

  @Test
  void createOnAnUnavailableProviderSaysWhy() {
    when(driver.deviceCount()).thenReturn(0);
    CudaBackendProvider p = new CudaBackendProvider(() -> driver);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.create(0));
    assertEquals("the CUDA backend is unavailable: no CUDA device: cuDeviceGetCount returned 0", e.getMessage());
  }

  @Test
  void unexpectedRuntimeFailuresBecomeReasonsNotCrashes() {
    doThrow(new IllegalStateException("boom")).when(driver).init();
    assertTrue(probe().reason().contains("boom"));
  }

  @Test
  void registeredForServiceLoaderAsCudaWithPriority100() {
    BackendProvider p = ServiceLoader.load(BackendProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(x -> x instanceof CudaBackendProvider)
        .findFirst()
        .orElseThrow();
    assertEquals("cuda", p.type());
    assertEquals(100, p.priority());
  }

  @Test
  void realProbeOnAMachineWithoutTheDriverLibraryNamesIt() {
    Availability a = new CudaBackendProvider().probe();
    boolean driverInstalled = Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/nvidia/lib64",
            "/usr/local/nvidia/lib", "/usr/lib/wsl/lib")
        .anyMatch(d -> Files.exists(Path.of(d, "libcuda.so.1")))
        || Stream.of(System.getenv().getOrDefault("LD_LIBRARY_PATH", "").split(":"))
            .anyMatch(d -> !d.isEmpty() && Files.exists(Path.of(d, "libcuda.so.1")));
    if (driverInstalled) {
      // With a driver the probe may go either way, but always with a reason and never by throwing.
      assertFalse(a.reason().isEmpty());
    } else {
      assertFalse(a.available());
      assertTrue(a.reason().startsWith("no CUDA driver library: JCuda could not load its driver binding"), a.reason());
      assertTrue(a.reason().contains("libcuda.so.1"), a.reason());
      assertFalse(a.reason().contains("\n"), "one line: " + a.reason());
    }
  }
}
