package dev.dl.examples;

import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.nn.CrossEntropyLoss;
import dev.dl.nn.Module;
import dev.dl.nn.Parameter;
import dev.dl.nn.Sequential;
import dev.dl.nn.UnaryModule;
import dev.dl.nn.io.Safetensors;
import dev.dl.optim.Adam;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Transfer learning on Fashion-MNIST: pretrain a CNN on classes 0-4, save it, load it, freeze
 * its feature layers, put a new classifier on top and fine-tune it on a few samples per class of
 * classes 5-9; then train the same architecture from scratch on the same few samples.
 *
 * <pre>{@code
 * ./dl transfer
 * ./dl transfer --shots 10
 * }</pre>
 */
@Command(name = "transfer", mixinStandardHelpOptions = true,
    description = {"Pretrain a CNN on Fashion-MNIST classes 0-4, freeze its features, fine-tune a new head on few samples of classes 5-9.",
        "Needs the Debian package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist)."})
public final class TransferExample extends ExampleCommand {
  private static final int CHANNELS = 16;
  private static final int HIDDEN = 64;

  @Option(names = "--shots", description = "training samples per new class (default: ${DEFAULT-VALUE})")
  int shots = 20;

  @Option(names = "--fine-tune-epochs", description = "epochs on the few samples (default: 30; quick mode 10)")
  Integer fineTuneEpochs;

  /**
   * Pretrained features under a new head. The features stay in eval mode even while the head
   * trains: frozen weights should come with frozen batch-norm statistics.
   */
  static final class FrozenFeatureClassifier extends UnaryModule {
    final Sequential features;
    final Sequential classifier;

    FrozenFeatureClassifier(Sequential features, Sequential classifier) {
      this.features = registerModule("features", features);
      this.classifier = registerModule("classifier", classifier);
      features.requiresGrad_(false);
    }

    @Override
    public Module train(boolean mode) {
      super.train(mode);
      features.eval();
      return this;
    }

    @Override
    public Tensor forward(Tensor x) { return classifier.forward(features.forward(x)); }
  }

  @Override
  String name() { return "transfer"; }

  @Override
  void run(Device device) throws Exception {
    ExampleData.Images train = ExampleData.fashionMnist(true).head(opts.quick ? 12000 : 60000);
    ExampleData.Images test = ExampleData.fashionMnist(false).head(opts.quick ? 1000 : 10000);
    ExampleData.Images srcTrain = classes(train, 0, 5, opts.quick ? 2000 : Integer.MAX_VALUE);
    ExampleData.Images srcTest = classes(test, 0, 5, Integer.MAX_VALUE);
    ExampleData.Images dstFew = fewShots(classes(train, 5, 10, Integer.MAX_VALUE), shots);
    ExampleData.Images dstTest = classes(test, 5, 10, Integer.MAX_VALUE);
    out.printf("pretraining on classes 0-4 (%s..%s): %d images; new task classes 5-9 (%s..%s): %d training images (%d per class), %d test%n",
        ExampleData.FASHION_CLASSES.get(0), ExampleData.FASHION_CLASSES.get(4), srcTrain.x().size(0), ExampleData.FASHION_CLASSES.get(5),
        ExampleData.FASHION_CLASSES.get(9), dstFew.x().size(0), shots, dstTest.x().size(0));
    var loss = new CrossEntropyLoss();
    Trainer trainer = trainer(device);

    out.println("\n1) pretrain on classes 0-4");
    Sequential base = Models.fashionCnn(CHANNELS, HIDDEN, 0.25, 5);
    base.to(device);
    trainer.fit(base, loss, new Adam(base.parameters(), opts.lr(1e-3)), loader(srcTrain.x(), srcTrain.y(), opts.batchSize(64), false),
        srcTest.x(), srcTest.y(), opts.epochs(3, 1), null);
    Path file = saveModel(base, Map.of("arch", "fashion-cnn", "channels", "" + CHANNELS, "hidden", "" + HIDDEN, "classes", "5"),
        "pretrained-0-4.safetensors");

    out.println("\n2) load the saved model, freeze the features, new classifier for classes 5-9, fine-tune on the few samples");
    Sequential loaded = Models.fashionCnn(CHANNELS, HIDDEN, 0.25, 5);
    Safetensors.loadInto(loaded, file, true);
    var transfer = new FrozenFeatureClassifier((Sequential) loaded.child("features"), Models.fashionHead(CHANNELS, HIDDEN, 0.25, 5));
    transfer.to(device);
    List<Parameter> trainable = new ArrayList<>(transfer.parameters().stream().filter(Parameter::requiresGrad).toList());
    out.printf("trainable parameters: %d of %d tensors (%d of %d values)%n", trainable.size(), transfer.parameters().size(),
        trainable.stream().mapToLong(p -> p.tensor().numel()).sum(), transfer.parameters().stream().mapToLong(p -> p.tensor().numel()).sum());
    int epochs = fineTuneEpochs != null ? fineTuneEpochs : opts.quick ? 10 : 30;
    int batch = Math.min(32, dstFew.x().size(0));
    History tuned = trainer.fit(transfer, loss, new Adam(trainable, 1e-3), loader(dstFew.x(), dstFew.y(), batch, false), dstTest.x(),
        dstTest.y(), epochs, null);

    out.println("\n3) the same architecture from scratch on the same few samples");
    Sequential scratch = Models.fashionCnn(CHANNELS, HIDDEN, 0.25, 5);
    scratch.to(device);
    History fromScratch = trainer.fit(scratch, loss, new Adam(scratch.parameters(), 1e-3), loader(dstFew.x(), dstFew.y(), batch, false),
        dstTest.x(), dstTest.y(), epochs, null);

    double tunedAcc = trainer.evaluate(transfer, loss, dstTest.x(), dstTest.y(), 500).accuracy();
    double scratchAcc = trainer.evaluate(scratch, loss, dstTest.x(), dstTest.y(), 500).accuracy();
    out.printf("%nclasses 5-9 with %d samples per class: transfer (frozen features) %s vs from scratch %s%n", shots, pct(tunedAcc), pct(scratchAcc));
    result("transfer_test_accuracy", tunedAcc);
    result("scratch_test_accuracy", scratchAcc);
    wrote(Plots.curves(tuned, outDir.resolve("fine-tuned"), "transfer: frozen features + new head"));
    wrote(Plots.curves(fromScratch, outDir.resolve("scratch"), "transfer: from scratch"));
  }

  /** The samples whose label is in [from, to), relabelled to 0..to-from-1, at most {@code limit}. */
  static ExampleData.Images classes(ExampleData.Images d, int from, int to, int limit) {
    long[] y = d.y().toLongArray();
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < y.length && keep.size() < limit; i++) if (y[i] >= from && y[i] < to) keep.add(i);
    return select(d, keep, from);
  }

  /** The first {@code shots} samples of each class. */
  static ExampleData.Images fewShots(ExampleData.Images d, int shots) {
    long[] y = d.y().toLongArray();
    int[] count = new int[(int) java.util.Arrays.stream(y).max().orElse(0) + 1];
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < y.length; i++) if (count[(int) y[i]]++ < shots) keep.add(i);
    return select(d, keep, 0);
  }

  private static ExampleData.Images select(ExampleData.Images d, List<Integer> rows, long shift) {
    long[] idx = rows.stream().mapToLong(Integer::longValue).toArray();
    Tensor index = Tensor.of(idx, idx.length);
    return new ExampleData.Images(d.x().indexSelect(0, index), d.y().indexSelect(0, index).sub(shift));
  }
}
