package dev.dl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {
  @TempDir Path dir;

  private static List<JmhResult> sample() throws IOException, URISyntaxException {
    return JmhResult.read(Path.of(ReportGeneratorTest.class.getResource("/jmh-sample.json").toURI()));
  }

  @Test
  void parsesSeriesParamsAndUnits() throws Exception {
    List<JmhResult> rs = sample();
    assertEquals(11, rs.size());
    JmhResult cpu = rs.getFirst();
    assertEquals("MatmulBenchmark.matmul", cpu.benchmark());
    assertEquals("cpu", cpu.series());
    assertEquals("1024", cpu.param("shape"));
    assertEquals("2", cpu.jvmProperty("dl.bench.threads"));
    JmhResult blas = rs.get(3);
    assertTrue(blas.baseline());
    assertEquals("openblas", blas.series());
    assertEquals(2.0, rs.get(2).millis(), 1e-12, "us/op converts to ms");
    assertTrue(Double.isNaN(rs.get(1).errorMillis()), "a NaN error stays NaN");
    JmhResult loader = rs.get(8);
    assertEquals(4.0, loader.millis(), 1e-12, "250 ops/s is 4 ms per op");
    assertEquals(0.4, loader.errorMillis(), 1e-12, "10% error stays 10%");
  }

  @Test
  void reportHasHeaderGflopsRatiosOverheadAndCharts() throws Exception {
    ReportGenerator.Header header = new ReportGenerator.Header("test report", List.of("quick profile, noisy shared machine"),
        "2026-11-24 14:20 UTC", "Test CPU", 2);
    Path md = ReportGenerator.write(sample(), header, dir);
    String text = Files.readString(md);
    assertTrue(text.startsWith("# test report\n"));
    assertTrue(text.contains("> quick profile, noisy shared machine"));
    assertTrue(text.contains("| CPU | Test CPU (2 logical processors) |"));
    assertTrue(text.contains("| JDK | 25.0.1 (OpenJDK 64-Bit Server VM) |"));
    assertTrue(text.contains("| Threads | 2 for every library"));
    // 2 * 1024^3 flops in 10 ms = 214.7 GFLOPS; OpenBLAS in 5 ms = 429.5; cpu is half as fast; scalar 4x slower.
    assertTrue(text.contains("| 1024 | 214.7 | 53.7 | 429.5 | 0.50 | 4.00 |"), text);
    // The batched shape: 2 * 32 * 128^3 flops in 2 ms.
    assertTrue(text.contains("| 32x128x128x128 | 67.1 | - | - | - | - |"), text);
    assertTrue(text.indexOf("| 1024 |") < text.indexOf("| 32x128x128x128 |"), "square sizes first, batched last");
    // 50 us for 100 ops = 500 ns per op.
    assertTrue(text.contains("| size=1 grad=true | 500 |"), text);
    // 16M floats * 12 bytes in 20 ms = 10.07 GB/s; libtorch's elementwise baseline pairs by method name.
    assertTrue(text.contains("| add | 10.07 | 6.71 | 1.50 |"), text);
    // dl-nn's step is its own series, compared with libtorch like the tensor-only one.
    assertTrue(text.contains("| case | cpu (ms per step) | cpu+nn (ms per step) | libtorch (ms per step) "
        + "| speed cpu vs libtorch | speed cpu+nn vs libtorch |"), text);
    assertTrue(text.contains("| mlp | 4.00 | 6.00 | 1.00 | 0.25 | 0.17 |"), text);
    assertTrue(text.contains("| DataLoaderBenchmark.iterate | - | workers=2 | 250.0 | ops/s |"), text);
    for (String png : List.of("matmul-gflops.png", "overhead-ns-per-op.png", "elementwise-gbps.png", "training-step-ms.png")) {
      assertTrue(text.contains("](" + png + ")"), png);
      BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
      assertNotNull(image, png + " is a PNG");
      assertEquals(960, image.getWidth());
    }
    assertTrue(Files.notExists(dir.resolve("conv2d-ms.png")), "no conv results, no conv chart");
  }

  @Test
  void convertsUnitsAndRejectsBadShapes() {
    assertThrows(IllegalArgumentException.class, () -> JmhResult.toMillis(1, "bytes", "X.y"));
    assertEquals(2e-3, JmhResult.toMillis(2, "us/op", "X.y"), 1e-15);
    assertEquals(0.5, JmhResult.toMillis(2, "ops/ms", "X.y"), 1e-15);
    assertEquals(2.0 * 4096 * 256 * 1024, MatmulShape.parse("4096x256x1024").flops());
    assertThrows(IllegalArgumentException.class, () -> MatmulShape.parse("12x"));
    assertEquals(new ConvCase(64, 1, 32, 28, 28), ConvCase.parse("b64-1to32-28x28"));
    assertThrows(IllegalArgumentException.class, () -> ConvCase.parse("b64-1-28x28"));
  }

  @Test
  void rejectsJsonThatIsNotJmhOutput() throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"benchmark\": 1}");
    IOException e = assertThrows(IOException.class, () -> JmhResult.read(bad));
    assertTrue(e.getMessage().contains("not JMH JSON output"));
  }
}
