package dev.dl.examples;

import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.data.tabular.TrainTestSplit;
import dev.dl.nn.CrossEntropyLoss;
import dev.dl.nn.Sequential;
import dev.dl.optim.Adam;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The default main job: a small CNN on scikit-learn's 8x8 digits (1,797 images, 80/20 stratified
 * split), trained with Adam; saves the model, the curves and a grid of test predictions.
 *
 * <pre>{@code
 * ./dl                      # same as ./dl digits
 * ./dl digits --epochs 30 --lr 0.003 --out runs/digits
 * }</pre>
 */
@Command(name = "digits", mixinStandardHelpOptions = true,
    description = "Train a small CNN on scikit-learn's 8x8 digits (the default main job).")
public final class DigitsExample extends ExampleCommand {
  static final List<String> DIGIT_NAMES = IntStream.range(0, 10).mapToObj(Integer::toString).toList();

  @Option(names = "--channels", description = "channels of the first conv layer (default: ${DEFAULT-VALUE})")
  int channels = 16;

  @Option(names = "--hidden", description = "hidden units of the classifier (default: ${DEFAULT-VALUE})")
  int hidden = 64;

  @Override
  String name() { return "digits"; }

  @Override
  void run(Device device) throws Exception {
    ExampleData.Images all = ExampleData.digits();
    TrainTestSplit.Split split = TrainTestSplit.split(all.x().size(0), 0.2, opts.seed, all.y());
    Tensor xTrain = TrainTestSplit.take(all.x(), split.train());
    Tensor yTrain = TrainTestSplit.take(all.y(), split.train());
    Tensor xTest = TrainTestSplit.take(all.x(), split.test());
    Tensor yTest = TrainTestSplit.take(all.y(), split.test());
    out.printf("data: %d train, %d test images of 8x8 (scikit-learn digits)%n", xTrain.size(0), xTest.size(0));

    Sequential model = Models.digitsCnn(channels, hidden, 0.1);
    model.to(device);
    var optimizer = new Adam(model.parameters(), opts.lr(3e-3));
    var loss = new CrossEntropyLoss();
    int epochs = opts.epochs(20, 8);
    Trainer trainer = trainer(device);
    History h = trainer.fit(model, loss, optimizer, loader(xTrain, yTrain, opts.batchSize(32), false), xTest, yTest, epochs, null);

    Evaluation test = trainer.evaluate(model, loss, xTest, yTest, 512);
    out.printf("test accuracy %s, test loss %.4f (%d epochs, %.1f s training)%n", pct(test.accuracy()), test.loss(), h.epochs(), h.seconds());
    result("test_accuracy", test.accuracy());
    result("train_seconds", h.seconds());

    saveModel(model, Map.of("arch", "digits-cnn", "channels", "" + channels, "hidden", "" + hidden, "seed", "" + opts.seed), "digits.safetensors");
    wrote(Plots.curves(h, outDir, "digits"));
    wrote(Plots.predictionGrid(xTest, test.predictions(), yTest, DIGIT_NAMES, 40, outDir.resolve("predictions.png")));
  }
}
