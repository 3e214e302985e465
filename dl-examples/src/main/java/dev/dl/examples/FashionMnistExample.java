package dev.dl.examples;

import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.nn.CrossEntropyLoss;
import dev.dl.nn.Sequential;
import dev.dl.optim.Adam;
import dev.dl.optim.AdamW;
import dev.dl.optim.EarlyStopping;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fashion-MNIST three ways: a plain ANN (two hidden ReLU layers) that overfits, the same ANN
 * regularised (dropout, batch norm, weight decay, early stopping on a validation split) to show
 * the train/test gap closing, and a CNN (conv-bn-relu-pool pairs, flatten, classifier).
 *
 * <pre>{@code
 * ./dl fashion-mnist                       # all three, full data
 * ./dl fashion-mnist --model cnn --epochs 5
 * }</pre>
 */
@Command(name = "fashion-mnist", mixinStandardHelpOptions = true,
    description = {"Fashion-MNIST: plain ANN, regularised ANN and CNN.",
        "Needs the Debian package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist)."})
public final class FashionMnistExample extends ExampleCommand {
  enum Part { all, ann, cnn }

  @Option(names = "--model", description = "which part to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  Part part = Part.all;

  @Option(names = "--train-size", description = "use only the first N training images (default: all 60,000; quick mode 2,000)")
  Integer trainSize;

  @Option(names = "--test-size", description = "use only the first N test images (default: all 10,000; quick mode 500)")
  Integer testSize;

  @Option(names = "--channels", description = "channels of the first CNN conv layer, doubled in the second (default: ${DEFAULT-VALUE})")
  int channels = 16;

  @Option(names = "--hidden", description = "hidden units of the CNN classifier (default: ${DEFAULT-VALUE})")
  int hidden = 128;

  @Override
  String name() { return "fashion-mnist"; }

  @Override
  void run(Device device) throws Exception {
    ExampleData.Images train = ExampleData.fashionMnist(true).head(trainSize != null ? trainSize : opts.quick ? 2000 : 60000);
    ExampleData.Images test = ExampleData.fashionMnist(false).head(testSize != null ? testSize : opts.quick ? 500 : 10000);
    out.printf("data: %d train, %d test images of 28x28 from %s%n", train.x().size(0), test.x().size(0), ExampleData.FASHION_DIR);
    if (part != Part.cnn) annParts(device, train, test);
    if (part != Part.ann) cnnPart(device, train, test);
  }

  private void annParts(Device device, ExampleData.Images train, ExampleData.Images test) throws Exception {
    int epochs = opts.epochs(15, 5);
    int batch = opts.batchSize(128);
    var loss = new CrossEntropyLoss();

    out.println("\n1) ANN: 784-256-128-10, ReLU, Adam, no regularisation");
    Sequential ann = Models.fashionAnn(256);
    ann.to(device);
    History plain = trainer(device).fit(ann, loss, new Adam(ann.parameters(), opts.lr(1e-3)), loader(train.x(), train.y(), batch, false),
        test.x(), test.y(), epochs, null);
    wrote(Plots.curves(plain, outDir.resolve("ann"), "Fashion-MNIST ANN"));

    out.println("\n2) regularised ANN: batch norm + dropout 0.3, AdamW weight decay 1e-2, early stopping (patience 2) on a 10% validation split");
    int n = train.x().size(0);
    int nVal = n / 10;
    Tensor xFit = train.x().narrow(0, 0, n - nVal);
    Tensor yFit = train.y().narrow(0, 0, n - nVal);
    Tensor xVal = train.x().narrow(0, n - nVal, nVal);
    Tensor yVal = train.y().narrow(0, n - nVal, nVal);
    Sequential reg = Models.fashionAnnRegularised(256, 0.3);
    reg.to(device);
    var stopper = new EarlyStopping(2, 1e-4, "min", true);
    Trainer trainer = trainer(device);
    History regularised = trainer.evaluatedOn("val").fit(reg, loss, new AdamW(reg.parameters(), opts.lr(1e-3)),
        loader(xFit, yFit, batch, false), xVal, yVal, epochs, (epoch, trLoss, trAcc, valLoss, valAcc) -> {
          boolean stop = stopper.step(valLoss, reg);
          if (stop) out.printf("early stopping after epoch %d: best validation loss %.4f at epoch %d (weights restored)%n", epoch + 1,
              stopper.best(), stopper.bestEpoch() + 1);
          return stop;
        });
    wrote(Plots.curves(regularised, outDir.resolve("ann-regularised"), "Fashion-MNIST regularised ANN (validation)"));

    Evaluation annTrain = trainer.evaluate(ann, loss, train.x(), train.y(), 1000);
    Evaluation annTest = trainer.evaluate(ann, loss, test.x(), test.y(), 1000);
    Evaluation regTrain = trainer.evaluate(reg, loss, xFit, yFit, 1000);
    Evaluation regTest = trainer.evaluate(reg, loss, test.x(), test.y(), 1000);
    out.printf("%n%-18s %10s %10s %8s%n", "model", "train acc", "test acc", "gap");
    out.printf("%-18s %10s %10s %8s%n", "ANN", pct(annTrain.accuracy()), pct(annTest.accuracy()), pct(annTrain.accuracy() - annTest.accuracy()));
    out.printf("%-18s %10s %10s %8s%n", "regularised ANN", pct(regTrain.accuracy()), pct(regTest.accuracy()),
        pct(regTrain.accuracy() - regTest.accuracy()));
    result("ann_train_accuracy", annTrain.accuracy());
    result("ann_test_accuracy", annTest.accuracy());
    result("ann_reg_train_accuracy", regTrain.accuracy());
    result("ann_reg_test_accuracy", regTest.accuracy());
  }

  private void cnnPart(Device device, ExampleData.Images train, ExampleData.Images test) throws Exception {
    out.printf("%n3) CNN: [conv3x3(%d)-bn-relu-pool] x2 (%d, %d channels), flatten, %d-unit classifier with dropout 0.25, Adam%n",
        channels, channels, 2 * channels, hidden);
    Sequential cnn = Models.fashionCnn(channels, hidden, 0.25, 10);
    cnn.to(device);
    var loss = new CrossEntropyLoss();
    Trainer trainer = trainer(device);
    History h = trainer.fit(cnn, loss, new Adam(cnn.parameters(), opts.lr(1e-3)), loader(train.x(), train.y(), opts.batchSize(128), false),
        test.x(), test.y(), opts.epochs(10, 2), null);
    Evaluation e = trainer.evaluate(cnn, loss, test.x(), test.y(), 500);
    out.printf("CNN test accuracy %s (%d epochs, %.1f s training)%n", pct(e.accuracy()), h.epochs(), h.seconds());
    result("cnn_test_accuracy", e.accuracy());
    result("cnn_train_seconds", h.seconds());
    saveModel(cnn, Map.of("arch", "fashion-cnn", "channels", "" + channels, "hidden", "" + hidden, "classes", "10"),
        "fashion-cnn.safetensors");
    wrote(Plots.curves(h, outDir.resolve("cnn"), "Fashion-MNIST CNN"));
    wrote(Plots.predictionGrid(test.x(), e.predictions(), test.y(), ExampleData.FASHION_CLASSES, 30, outDir.resolve("cnn").resolve("predictions.png")));
  }
}
