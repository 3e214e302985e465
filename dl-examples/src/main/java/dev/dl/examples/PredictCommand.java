package dev.dl.examples;

import dev.dl.Device;
import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.data.tabular.TrainTestSplit;
import dev.dl.nn.Sequential;
import dev.dl.nn.io.Safetensors;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./dl predict MODEL}: rebuilds a saved image classifier from its safetensors metadata,
 * loads the weights and classifies either rows of a CSV file or the example's own test images.
 *
 * <pre>{@code
 * ./dl predict runs/digits/digits.safetensors
 * ./dl predict runs/digits/digits.safetensors --input my-digits.csv
 * }</pre>
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Classify images with a model saved by digits, gpu or fashion-mnist.",
        "Without --input, scores the example's test images and shows the first --count predictions."})
public final class PredictCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "a .safetensors file written by an example")
  Path model;

  @Option(names = "--input", paramLabel = "CSV",
      description = "rows of raw pixels (64 values 0..16 for digits, 784 values 0..255 for Fashion-MNIST), no header")
  Path input;

  @Option(names = "--count", description = "predictions to print (default: ${DEFAULT-VALUE})")
  int count = 10;

  @Option(names = "--device", description = "cpu, opencl:0, cuda:0 or default (default: ${DEFAULT-VALUE})")
  String device = "default";

  @Spec
  CommandSpec spec;

  double accuracy = Double.NaN;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Device dev = device.equalsIgnoreCase("default") ? Device.defaultDevice() : Device.of(device);
    Map<String, String> meta = Safetensors.readMetadata(model);
    Sequential net = Models.fromMetadata(meta);
    Safetensors.loadInto(net, model, true);
    net.to(dev);
    net.eval();
    boolean digits = meta.get("arch").startsWith("digits");
    List<String> names = digits ? DigitsExample.DIGIT_NAMES : ExampleData.FASHION_CLASSES;
    out.printf("model %s: %s (%s) on %s%n", model, meta.get("arch"), meta.getOrDefault("example", "?"), dev);
    try (var noGrad = GradMode.noGrad()) {
      if (input != null) {
        Tensor x = readPixels(input, digits);
        long[] pred = net.forward(x.to(dev)).argmax(1, false).toLongArray();
        for (int i = 0; i < pred.length; i++) out.printf("row %d: %s%n", i + 1, names.get((int) pred[i]));
        return 0;
      }
      ExampleData.Images test;
      if (digits) {
        ExampleData.Images all = ExampleData.digits();
        long seed = Long.parseLong(meta.getOrDefault("seed", "42"));
        TrainTestSplit.Split split = TrainTestSplit.split(all.x().size(0), 0.2, seed, all.y());
        test = new ExampleData.Images(TrainTestSplit.take(all.x(), split.test()), TrainTestSplit.take(all.y(), split.test()));
      } else {
        test = ExampleData.fashionMnist(false);
      }
      long[] pred = new long[test.x().size(0)];
      for (int start = 0; start < pred.length; start += 500) {
        int len = Math.min(500, pred.length - start);
        System.arraycopy(net.forward(test.x().narrow(0, start, len).to(dev)).argmax(1, false).toLongArray(), 0, pred, start, len);
      }
      long[] truth = test.y().toLongArray();
      int correct = 0;
      for (int i = 0; i < pred.length; i++) if (pred[i] == truth[i]) correct++;
      accuracy = (double) correct / pred.length;
      for (int i = 0; i < Math.min(count, pred.length); i++) {
        out.printf("test image %d: predicted %s, true %s%s%n", i, names.get((int) pred[i]), names.get((int) truth[i]),
            pred[i] == truth[i] ? "" : "  (wrong)");
      }
      out.printf("accuracy on %d test images: %.2f%%%n", pred.length, 100 * accuracy);
    } catch (ExampleData.MissingDataException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    return 0;
  }

  private static Tensor readPixels(Path csv, boolean digits) throws java.io.IOException {
    int width = digits ? 64 : 784;
    List<float[]> rows = new ArrayList<>();
    int line = 0;
    for (String s : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
      line++;
      if (s.isBlank()) continue;
      String[] cells = s.split(",");
      if (cells.length != width) {
        throw new IllegalArgumentException("predict: " + csv + " line " + line + " has " + cells.length + " values; this model needs " + width
            + (digits ? " (8x8 pixels, 0..16)" : " (28x28 pixels, 0..255)"));
      }
      float[] r = new float[width];
      for (int i = 0; i < width; i++) r[i] = Float.parseFloat(cells[i].strip()) / (digits ? 16f : 255f);
      rows.add(r);
    }
    float[] flat = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, flat, i * width, width);
    int side = digits ? 8 : 28;
    return Tensor.of(flat, rows.size(), 1, side, side);
  }
}
