package dev.dl.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dl.Backends;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every example's entry point in --quick mode, with an accuracy floor; the end-to-end tier of the test suite. */
class ExamplesQuickTest {
  @TempDir
  Path tmp;

  private final StringWriter log = new StringWriter();

  /** Runs {@code command} with --quick on the CPU and returns its headline metrics. */
  private Map<String, Double> quick(ExampleCommand command, String... extra) {
    return quickOn("cpu", command, extra);
  }

  private Map<String, Double> quickOn(String device, ExampleCommand command, String... extra) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(log, true));
    cl.setErr(new PrintWriter(log, true));
    String[] args = new String[extra.length + 6];
    System.arraycopy(new String[] {"--quick", "--no-progress", "--device", device, "--out", tmp.toString()}, 0, args, 0, 6);
    System.arraycopy(extra, 0, args, 6, extra.length);
    int rc = cl.execute(args);
    assertEquals(0, rc, () -> "exit status; output:\n" + log);
    return command.results();
  }

  private void assertWrote(String... files) {
    for (String f : files) {
      Path p = tmp.resolve(f);
      assertTrue(Files.isRegularFile(p), () -> p + " missing; output:\n" + log);
      assertTrue(log.toString().contains(p.toAbsolutePath().normalize().toString()), () -> "path of " + f + " not printed:\n" + log);
    }
  }

  private static void assumeFashion() {
    assumeTrue(ExampleData.hasFashionMnist(), "Fashion-MNIST not installed: apt-get install dataset-fashion-mnist");
  }

  @Test
  void digitsReachesNinetyFivePercentAndPredictReloadsIt() {
    var r = quick(new DigitsExample());
    assertTrue(r.get("test_accuracy") >= 0.95, () -> "digits test accuracy " + r + "\n" + log);
    assertWrote("digits.safetensors", "loss.png", "accuracy.png", "predictions.png");
    assertTrue(log.toString().contains("epoch  1/8"), log::toString);

    var predict = new PredictCommand();
    CommandLine cl = new CommandLine(predict);
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    assertEquals(0, cl.execute(tmp.resolve("digits.safetensors").toString(), "--device", "cpu", "--count", "3"), out::toString);
    assertEquals(r.get("test_accuracy"), predict.accuracy, 1e-9, out::toString);
    assertTrue(out.toString().contains("test image 2: predicted"), out::toString);
  }

  @Test
  void breastCancerBothLoopsReachNinetyFivePercent() {
    var r = quick(new BreastCancerExample());
    assertTrue(r.get("manual_test_accuracy") >= 0.95, () -> r + "\n" + log);
    assertTrue(r.get("module_test_accuracy") >= 0.95, () -> r + "\n" + log);
    assertTrue(log.toString().contains("hand-written loop: test accuracy"), log::toString);
  }

  @Test
  void fashionMnistQuick() {
    assumeFashion();
    var r = quick(new FashionMnistExample());
    assertTrue(r.get("ann_test_accuracy") >= 0.70, () -> r + "\n" + log);
    assertTrue(r.get("ann_reg_test_accuracy") >= 0.70, () -> r + "\n" + log);
    assertTrue(r.get("cnn_test_accuracy") >= 0.70, () -> r + "\n" + log);
    assertWrote("fashion-cnn.safetensors", "cnn/predictions.png", "ann/loss.png", "ann-regularised/accuracy.png");
  }

  @Test
  void transferQuick() {
    assumeFashion();
    var r = quick(new TransferExample());
    assertTrue(r.get("transfer_test_accuracy") >= 0.60, () -> r + "\n" + log);
    assertTrue(r.get("scratch_test_accuracy") > 0.2, () -> r + "\n" + log);
    assertWrote("pretrained-0-4.safetensors");
  }

  @Test
  void nextWordBeatsAUniformGuess() {
    var r = quick(new NextWordExample());
    assertTrue(r.get("perplexity") < r.get("vocab_size") / 3, () -> r + "\n" + log);
    assertTrue(log.toString().contains("\"alice was\""), log::toString);
  }

  @Test
  void tuneFindsAGoodConfiguration() {
    var r = quick(new TuneExample());
    assertTrue(r.get("best_val_accuracy") >= 0.85, () -> r + "\n" + log);
    assertTrue(r.get("best_test_accuracy") >= 0.80, () -> r + "\n" + log);
    assertWrote("trials.png");
  }

  @Test
  void gpuFlowRunsOnTheBestDevice() {
    // opencl:0 where an OpenCL device (PoCL in CI) is present, the CPU otherwise; CUDA is not exercised here.
    String expected = Backends.devices().stream().anyMatch(d -> d.type().equals("opencl")) ? "opencl:0" : "cpu";
    var r = quickOn(expected, new GpuExample());
    assertTrue(r.get("test_accuracy") >= 0.90, () -> r + "\n" + log);
    assertTrue(log.toString().contains("ran on " + expected), log::toString);
  }
}
