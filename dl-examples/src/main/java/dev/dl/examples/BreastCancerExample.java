package dev.dl.examples;

import dev.dl.Device;
import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;
import dev.dl.data.io.CsvTable;
import dev.dl.data.tabular.LabelEncoder;
import dev.dl.data.tabular.StandardScaler;
import dev.dl.data.tabular.TrainTestSplit;
import dev.dl.nn.BCELoss;
import dev.dl.nn.Linear;
import dev.dl.nn.UnaryModule;
import dev.dl.optim.SGD;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * Logistic regression on the Wisconsin breast cancer table, twice: first a single neuron with
 * hand-written weights, loss and update (autograd computes the gradients), then the same model as
 * a Module with BCELoss, SGD and mini-batches from a DataLoader.
 *
 * <pre>{@code
 * ./dl breast-cancer
 * ./dl breast-cancer --epochs 100 --lr 0.05
 * }</pre>
 */
@Command(name = "breast-cancer", mixinStandardHelpOptions = true,
    description = "A single neuron on the breast cancer table: a hand-written loop, then Module + BCELoss + SGD + DataLoader.")
public final class BreastCancerExample extends ExampleCommand {
  /** One neuron: a linear map to a single logit, then the sigmoid, as in a PyTorch tutorial's {@code nn.Module}. */
  static final class Neuron extends UnaryModule {
    final Linear linear;

    Neuron(int features) { this.linear = registerModule("linear", new Linear(features, 1)); }

    /**
     * The clamp keeps probabilities off exactly 0 and 1: dl-nn's BCELoss clamps log(p) at -100 for
     * the value, but its gradient through log at p = 1.0 (a float32 sigmoid saturates for logits
     * above ~17) is 0 * inf = NaN, where PyTorch's dedicated backward stays finite.
     */
    @Override
    public Tensor forward(Tensor x) { return linear.forward(x).sigmoid().clamp(1e-6, 1 - 1e-6).squeeze(1); }
  }

  @Override
  String name() { return "breast-cancer"; }

  @Override
  void run(Device device) throws Exception {
    CsvTable table = ExampleData.breastCancer();
    // The file codes the target as 0 = malignant, 1 = benign; encode names so that "malignant" is class 1.
    List<String> diagnosis = java.util.Arrays.stream(table.labels().toLongArray()).mapToObj(v -> v == 0 ? "malignant" : "benign").toList();
    LabelEncoder encoder = new LabelEncoder();
    Tensor y = encoder.fitTransform(diagnosis);
    out.printf("data: %d samples, %d features; classes %s%n", table.features().size(0), table.features().size(1), encoder.classes());

    TrainTestSplit.Split split = TrainTestSplit.split(y.size(0), 0.2, opts.seed, y);
    StandardScaler scaler = new StandardScaler();
    Tensor xTrain = scaler.fitTransform(TrainTestSplit.take(table.features(), split.train())).to(device);
    Tensor xTest = scaler.transform(TrainTestSplit.take(table.features(), split.test())).to(device);
    Tensor yTrain = TrainTestSplit.take(y, split.train()).toFloat().to(device);
    Tensor yTest = TrainTestSplit.take(y, split.test()).toFloat().to(device);
    out.printf("split: %d train, %d test; features standardised with the training mean and std%n", xTrain.size(0), xTest.size(0));

    double manual = manualLoop(xTrain, yTrain, xTest, yTest, device);
    double module = moduleLoop(xTrain, yTrain, xTest, yTest, device);
    out.printf("%nhand-written loop: test accuracy %s%nModule + BCELoss + SGD + DataLoader: test accuracy %s%n", pct(manual), pct(module));
    result("manual_test_accuracy", manual);
    result("module_test_accuracy", module);
  }

  /** Manual weights, manual binary cross-entropy, manual gradient step; full-batch gradient descent. */
  private double manualLoop(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, Device device) {
    out.println("\n1) hand-written loop: w, b as tensors that require grad; loss = -mean(y log p + (1-y) log(1-p))");
    int features = xTrain.size(1);
    Tensor w = Tensor.zeros(features).to(device).requiresGrad_();
    Tensor b = Tensor.zeros(1).to(device).requiresGrad_();
    double lr = opts.lr(0.1);
    int epochs = opts.epochs(300, 100);
    for (int epoch = 1; epoch <= epochs; epoch++) {
      Tensor p = xTrain.matmul(w).add(b).sigmoid().clamp(1e-7, 1 - 1e-7);
      Tensor loss = yTrain.mul(p.log()).add(yTrain.rsub(1).mul(p.rsub(1).log())).mean().neg();
      loss.backward();
      try (var noGrad = GradMode.noGrad()) {
        w.sub_(w.grad(), lr);
        b.sub_(b.grad(), lr);
      }
      w.setGrad(null);
      b.setGrad(null);
      if (epoch == 1 || epoch % Math.max(1, epochs / 5) == 0) {
        out.printf("  epoch %3d  loss %.4f  train acc %s  test acc %s%n", epoch, loss.item(), pct(accuracy(xTrain.matmul(w).add(b).sigmoid(), yTrain)),
            pct(accuracy(xTest.matmul(w).add(b).sigmoid(), yTest)));
      }
    }
    try (var noGrad = GradMode.noGrad()) {
      return accuracy(xTest.matmul(w).add(b).sigmoid(), yTest);
    }
  }

  /** The same neuron as a Module, trained with BCELoss and SGD on shuffled mini-batches. */
  private double moduleLoop(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, Device device) throws Exception {
    out.println("\n2) Module + BCELoss + SGD on mini-batches from a DataLoader");
    Neuron model = new Neuron(xTrain.size(1));
    model.to(device);
    var loss = new BCELoss();
    var optimizer = new SGD(model.parameters(), opts.lr(0.1));
    int epochs = opts.epochs(50, 20);
    DataLoader<List<Tensor>> loader = loader(xTrain.to(Device.CPU), yTrain.to(Device.CPU), opts.batchSize(32), false);
    History history = new History();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      model.train();
      double sum = 0;
      int seen = 0;
      for (List<Tensor> batch : loader) {
        Tensor x = batch.get(0).to(device);
        Tensor t = batch.get(1).to(device);
        optimizer.zeroGrad();
        Tensor l = loss.forward(model.forward(x), t);
        l.backward();
        optimizer.step();
        sum += l.item() * x.size(0);
        seen += x.size(0);
      }
      history.addSeconds((System.nanoTime() - start) / 1e9);
      model.eval();
      try (var noGrad = GradMode.noGrad()) {
        Tensor pTrain = model.forward(xTrain);
        Tensor pTest = model.forward(xTest);
        history.add(sum / seen, accuracy(pTrain, yTrain), loss.forward(pTest, yTest).item(), accuracy(pTest, yTest));
      }
      if (epoch == 1 || epoch % Math.max(1, epochs / 5) == 0) {
        out.printf("  epoch %3d  loss %.4f  train acc %s  test acc %s%n", epoch, sum / seen, pct(history.trainAccuracy().getLast()),
            pct(history.testAccuracy().getLast()));
      }
    }
    saveModel(model, Map.of("arch", "breast-cancer-neuron", "features", "" + xTrain.size(1)), "breast-cancer.safetensors");
    wrote(Plots.curves(history, outDir, "breast cancer (Module + SGD)"));
    return history.testAccuracy().getLast();
  }

  private static double accuracy(Tensor probabilities, Tensor targets) {
    try (var noGrad = GradMode.noGrad()) {
      return probabilities.gt(0.5).toFloat().eq(targets).toFloat().mean().item();
    }
  }
}
