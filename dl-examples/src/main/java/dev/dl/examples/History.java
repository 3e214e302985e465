package dev.dl.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-epoch metrics of one training run (loss and accuracy on the training and the test data).
 *
 * <pre>{@code
 * History h = trainer.fit(model, optimizer, train, test, 10);
 * double last = h.testAccuracy().getLast();
 * }</pre>
 */
public final class History {
  private final List<Double> trainLoss = new ArrayList<>();
  private final List<Double> trainAccuracy = new ArrayList<>();
  private final List<Double> testLoss = new ArrayList<>();
  private final List<Double> testAccuracy = new ArrayList<>();
  private double seconds;

  void add(double trLoss, double trAcc, double teLoss, double teAcc) {
    trainLoss.add(trLoss);
    trainAccuracy.add(trAcc);
    testLoss.add(teLoss);
    testAccuracy.add(teAcc);
  }

  void addSeconds(double s) { seconds += s; }

  /** Mean training loss per epoch. */
  public List<Double> trainLoss() { return trainLoss; }

  /** Training accuracy per epoch, in [0, 1] (measured during the epoch, with dropout on). */
  public List<Double> trainAccuracy() { return trainAccuracy; }

  /** Test loss per epoch. */
  public List<Double> testLoss() { return testLoss; }

  /** Test accuracy per epoch, in [0, 1]. */
  public List<Double> testAccuracy() { return testAccuracy; }

  /** Epochs run. */
  public int epochs() { return trainLoss.size(); }

  /** Wall-clock training time in seconds. */
  public double seconds() { return seconds; }
}
