package dev.dl.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Baseline: the training steps of {@link TrainingStepBenchmark} (same models, batch 64,
 * log-softmax cross-entropy, plain SGD) on libtorch through DJL's functional ops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TorchTrainingStepBenchmark {
  private static final int BATCH = TrainingStepBenchmark.BATCH;
  private static final int CLASSES = TrainingStepBenchmark.CLASSES;
  private static final float LEARNING_RATE = (float) TrainingStepBenchmark.LEARNING_RATE;
  private static final Shape ONE = new Shape(1, 1);
  private static final Shape TWO = new Shape(2, 2);
  private static final Shape NONE = new Shape(0, 0);

  /** The series name in the report. */
  @Param({"libtorch"})
  public String library;

  /** {@code mlp} or {@code lenet5}, as in {@link TrainingStepBenchmark}. */
  @Param({"mlp", "lenet5"})
  public String model;

  private NDManager manager;
  private final List<NDArray> parameters = new ArrayList<>();
  private NDArray input;
  private NDArray oneHot;

  /** Loads libtorch and creates the batch and He-initialised parameters. */
  @Setup
  public void setup() {
    manager = Torch.open();
    NDArray labels = manager.randomInteger(0, CLASSES, new Shape(BATCH), DataType.INT64);
    oneHot = labels.oneHot(CLASSES, DataType.FLOAT32);
    switch (model) {
      case "mlp" -> {
        input = Torch.randn(manager, 1, BATCH, 784);
        linear(784, 256);
        linear(256, 128);
        linear(128, CLASSES);
      }
      case "lenet5" -> {
        input = Torch.randn(manager, 1, BATCH, 1, 28, 28);
        conv(1, 6);
        conv(6, 16);
        linear(400, 120);
        linear(120, 84);
        linear(84, CLASSES);
      }
      default -> throw new IllegalArgumentException("model '" + model + "': expected mlp or lenet5");
    }
    for (NDArray p : parameters) p.setRequiresGradient(true);
  }

  /** Forward, loss, backward and the SGD update; returns the loss. */
  @Benchmark
  public float trainingStep() {
    try (NDManager step = manager.newSubManager()) {
      input.tempAttach(step);
      float loss;
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        NDArray logits = model.equals("mlp") ? mlp(input) : lenet5(input);
        NDArray l = logits.logSoftmax(1).mul(oneHot).sum().neg().div(BATCH);
        collector.backward(l);
        loss = l.getFloat();
      }
      for (NDArray p : parameters) {
        try (NDArray g = p.getGradient(); NDArray update = g.mul(LEARNING_RATE)) {
          p.subi(update);
          g.subi(g);
        }
      }
      return loss;
    }
  }

  private NDArray mlp(NDArray x) {
    NDArray h = dense(x, 0).maximum(0);
    h = dense(h, 2).maximum(0);
    return dense(h, 4);
  }

  private NDArray lenet5(NDArray x) {
    NDArray h = Conv2d.conv2d(x, parameters.get(0), parameters.get(1), ONE, TWO, ONE, 1).singletonOrThrow();
    h = Pool.maxPool2d(h.maximum(0), TWO, TWO, NONE, false);
    h = Conv2d.conv2d(h, parameters.get(2), parameters.get(3), ONE, NONE, ONE, 1).singletonOrThrow();
    h = Pool.maxPool2d(h.maximum(0), TWO, TWO, NONE, false);
    h = dense(h.reshape(BATCH, 400), 4).maximum(0);
    h = dense(h, 6).maximum(0);
    return dense(h, 8);
  }

  private NDArray dense(NDArray x, int index) {
    return Linear.linear(x, parameters.get(index), parameters.get(index + 1)).singletonOrThrow();
  }

  private void linear(int in, int out) {
    parameters.add(Torch.randn(manager, Math.sqrt(2.0 / in), out, in));
    parameters.add(manager.zeros(new Shape(out)));
  }

  private void conv(int in, int out) {
    parameters.add(Torch.randn(manager, Math.sqrt(2.0 / (in * 25)), out, in, 5, 5));
    parameters.add(manager.zeros(new Shape(out)));
  }

  /** Frees the native memory. */
  @TearDown
  public void tearDown() { manager.close(); }
}
