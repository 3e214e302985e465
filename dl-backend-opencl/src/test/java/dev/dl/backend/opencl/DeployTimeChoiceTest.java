package dev.dl.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The user chooses backends by what is on the class path and nothing else: a child JVM with this
 * module's classes lists {@code opencl:0}, the same JVM without them does not.
 */
class DeployTimeChoiceTest {

  @Test
  void theDeviceListFollowsTheClassPath() throws Exception {
    ClTestSupport.backend();  // skipped without an OpenCL device: "with" could not list one
    Path openclClasses = Path.of(OpenClBackendProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> full = testClassPath();
    List<String> without = full.stream().filter(e -> !Path.of(e).equals(openclClasses)).toList();
    assertEquals(full.size() - 1, without.size(), "the module's classes are one class path entry: " + openclClasses);
    // The test classes (holding DeviceListMain) stay, so the child must not find the provider there.
    String withOut = run(full);
    String withoutOut = run(without);
    assertTrue(devicesLine(withOut).contains("opencl:0"), withOut);
    assertTrue(withOut.contains("OpenClBackendProvider"), withOut);
    assertFalse(devicesLine(withoutOut).contains("opencl"), withoutOut);
    assertFalse(withoutOut.contains("OpenClBackendProvider"), withoutOut);
    assertTrue(devicesLine(withoutOut).contains("cpu"), withoutOut);
  }

  private static String devicesLine(String out) {
    return out.lines().filter(l -> l.startsWith("devices=")).findFirst().orElse("(no devices line)");
  }

  private static List<String> testClassPath() {
    // Surefire may hide the real class path behind a manifest-only jar; it publishes it here.
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ArrayList<>(Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList());
  }

  private static String run(List<String> classPath) throws IOException, InterruptedException, URISyntaxException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--add-modules",
        "jdk.incubator.vector", "-cp", String.join(File.pathSeparator, classPath), DeviceListMain.class.getName());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, p.exitValue(), () -> "child JVM failed:\n" + out);
    return out.lines().collect(Collectors.joining("\n"));
  }
}
