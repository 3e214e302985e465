package dev.dl.examples;

import dev.dl.Device;
import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;
import dev.dl.nn.Loss;
import dev.dl.nn.UnaryModule;
import dev.dl.optim.Optimizer;
import java.io.PrintWriter;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The classification training loop the examples share: one progress bar per epoch (loss and
 * samples per second), then one line of train and test metrics.
 *
 * <pre>{@code
 * var trainer = new Trainer(device, out, true);
 * History h = trainer.fit(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3), loader, xTest, yTest, 10, null);
 * }</pre>
 */
public final class Trainer {
  /** Called after each epoch; returning true stops training (early stopping, pruning). */
  @FunctionalInterface
  public interface EpochEnd {
    /** {@code epoch} is 0-based. */
    boolean stop(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy);
  }

  private final Device device;
  private final PrintWriter out;
  private final boolean progress;
  private final String evalName;

  /** Trains on {@code device}, logging to {@code out}, with progress bars on standard error when {@code progress}. */
  public Trainer(Device device, PrintWriter out, boolean progress) { this(device, out, progress, "test"); }

  private Trainer(Device device, PrintWriter out, boolean progress, String evalName) {
    this.device = device;
    this.out = out;
    this.progress = progress;
    this.evalName = evalName;
  }

  /** The same trainer, naming the held-out set in the epoch lines {@code name} (e.g. "val"). */
  public Trainer evaluatedOn(String name) { return new Trainer(device, out, progress, name); }

  /** Runs {@code epochs} epochs (fewer if {@code onEpochEnd} says stop) and returns the metrics. */
  public History fit(UnaryModule model, Loss loss, Optimizer optimizer, DataLoader<List<Tensor>> train, Tensor xTest, Tensor yTest,
      int epochs, EpochEnd onEpochEnd) {
    History history = new History();
    Tensor xTestDev = xTest.to(device);
    Tensor yTestDev = yTest.to(device);
    for (int epoch = 0; epoch < epochs; epoch++) {
      long start = System.nanoTime();
      model.train();
      double lossSum = 0;
      long correct = 0;
      long seen = 0;
      try (ProgressBar bar = progress ? bar("epoch " + (epoch + 1) + "/" + epochs, train.size()) : null) {
        for (List<Tensor> batch : train) {
          Tensor x = batch.get(0).to(device);
          Tensor y = batch.get(1).to(device);
          optimizer.zeroGrad();
          Tensor logits = model.forward(x);
          Tensor l = loss.forward(logits, y);
          l.backward();
          optimizer.step();
          int n = x.size(0);
          double batchLoss = l.item();
          lossSum += batchLoss * n;
          try (var noGrad = GradMode.noGrad()) {
            correct += Evaluation.correct(logits.detach(), y);
          }
          seen += n;
          if (bar != null) {
            bar.step();
            double secs = (System.nanoTime() - start) / 1e9;
            bar.setExtraMessage(String.format(" loss %.4f  %.0f samples/s", lossSum / seen, seen / Math.max(secs, 1e-9)));
          }
        }
      }
      double secs = (System.nanoTime() - start) / 1e9;
      history.addSeconds(secs);
      Evaluation test = evaluate(model, loss, xTestDev, yTestDev, 512);
      double trainLoss = lossSum / seen;
      double trainAcc = (double) correct / seen;
      history.add(trainLoss, trainAcc, test.loss(), test.accuracy());
      out.printf("epoch %2d/%d  train loss %.4f acc %6.2f%%  %s loss %.4f acc %6.2f%%  %.1f s (%.0f samples/s)%n",
          epoch + 1, epochs, trainLoss, 100 * trainAcc, evalName, test.loss(), 100 * test.accuracy(), secs, seen / secs);
      out.flush();
      if (onEpochEnd != null && onEpochEnd.stop(epoch, trainLoss, trainAcc, test.loss(), test.accuracy())) break;
    }
    return history;
  }

  /** Loss, accuracy and predictions on {@code (x, y)} in eval mode, without building a graph. */
  public Evaluation evaluate(UnaryModule model, Loss loss, Tensor x, Tensor y, int batchSize) {
    boolean wasTraining = model.isTraining();
    model.eval();
    try (var noGrad = GradMode.noGrad()) {
      int n = x.size(0);
      long[] predictions = new long[n];
      double lossSum = 0;
      long correct = 0;
      for (int start = 0; start < n; start += batchSize) {
        int len = Math.min(batchSize, n - start);
        Tensor xb = x.narrow(0, start, len).to(device);
        Tensor yb = y.narrow(0, start, len).to(device);
        Tensor logits = model.forward(xb);
        lossSum += loss.forward(logits, yb).item() * len;
        long[] pred = logits.argmax(1, false).toLongArray();
        System.arraycopy(pred, 0, predictions, start, len);
        correct += Evaluation.correct(logits, yb);
      }
      return new Evaluation(lossSum / n, (double) correct / n, predictions);
    } finally {
      model.train(wasTraining);
    }
  }

  static ProgressBar bar(String task, int steps) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
  }
}
