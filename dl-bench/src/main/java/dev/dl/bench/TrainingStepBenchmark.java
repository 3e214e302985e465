package dev.dl.bench;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.GradMode;
import dev.dl.Shape;
import dev.dl.Tensor;
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

/**
 * One SGD training step (forward, cross-entropy, backward, update) on a batch of 64, written with
 * tensors and autograd only, so it measures the core without dl-nn's module layer:
 * {@code mlp} is 784-256-128-10 with ReLU; {@code lenet5} is LeNet-5 on 1x28x28 (conv 6@5x5 pad 2,
 * max-pool, conv 16@5x5, max-pool, 400-120-84-10, ReLU).
 *
 * <pre>{@code
 * dl-bench/run-bench.sh quick -- TrainingStepBenchmark -p model=mlp
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainingStepBenchmark {
  static final int BATCH = 64;
  static final int CLASSES = 10;
  static final double LEARNING_RATE = 0.01;

  /** A device name, or {@code cpu-scalar} for the CPU with scalar kernels. */
  @Param({"cpu", "cpu-scalar", "opencl:0", "cuda:0"})
  public String device;

  /** {@code mlp} or {@code lenet5}. */
  @Param({"mlp", "lenet5"})
  public String model;

  private static final int[] ONE = {1, 1};
  private static final int[] TWO = {2, 2};
  private static final int[] NONE = {0, 0};

  private final List<Tensor> parameters = new ArrayList<>();
  private Tensor input;
  private Tensor target;

  /** Creates the batch and He-initialised parameters on the device under test. */
  @Setup
  public void setup() {
    Device d = Target.open(device);
    Generator g = new Generator(5);
    target = Tensor.randint(0, CLASSES, Shape.of(BATCH), g, d);
    switch (model) {
      case "mlp" -> {
        input = Tensor.randn(Shape.of(BATCH, 784), DType.FLOAT32, d, g);
        linear(784, 256, d, g);
        linear(256, 128, d, g);
        linear(128, CLASSES, d, g);
      }
      case "lenet5" -> {
        input = Tensor.randn(Shape.of(BATCH, 1, 28, 28), DType.FLOAT32, d, g);
        conv(1, 6, d, g);
        conv(6, 16, d, g);
        linear(400, 120, d, g);
        linear(120, 84, d, g);
        linear(84, CLASSES, d, g);
      }
      default -> throw new IllegalArgumentException("model '" + model + "': expected mlp or lenet5");
    }
  }

  /** Forward, loss, backward and the SGD update; returns the loss. */
  @Benchmark
  public Tensor trainingStep() {
    Tensor logits = model.equals("mlp") ? mlp(input) : lenet5(input);
    Tensor loss = logits.logSoftmax(1).gather(1, target.unsqueeze(1)).mean().neg();
    loss.backward();
    try (var noGrad = GradMode.noGrad()) {
      for (Tensor p : parameters) {
        p.sub_(p.grad(), LEARNING_RATE);
        p.setGrad(null);
      }
    }
    return Target.sync(loss);
  }

  private Tensor mlp(Tensor x) {
    Tensor h = dense(x, 0).relu();
    h = dense(h, 2).relu();
    return dense(h, 4);
  }

  private Tensor lenet5(Tensor x) {
    Tensor h = x.conv2d(parameters.get(0), parameters.get(1), ONE, TWO, ONE, 1).relu().maxPool2d(TWO, TWO, NONE, ONE);
    h = h.conv2d(parameters.get(2), parameters.get(3), ONE, NONE, ONE, 1).relu().maxPool2d(TWO, TWO, NONE, ONE);
    h = dense(h.flatten(1, -1), 4).relu();
    h = dense(h, 6).relu();
    return dense(h, 8);
  }

  /** {@code x @ W^T + b} with the weight and bias at {@code index} and {@code index + 1}. */
  private Tensor dense(Tensor x, int index) {
    return x.matmul(parameters.get(index).t()).add(parameters.get(index + 1));
  }

  private void linear(int in, int out, Device d, Generator g) {
    parameters.add(Tensor.randn(Shape.of(out, in), DType.FLOAT32, d, g).mul(Math.sqrt(2.0 / in)).requiresGrad_());
    parameters.add(Tensor.zeros(Shape.of(out), DType.FLOAT32, d).requiresGrad_());
  }

  private void conv(int in, int out, Device d, Generator g) {
    int fanIn = in * 25;
    parameters.add(Tensor.randn(Shape.of(out, in, 5, 5), DType.FLOAT32, d, g).mul(Math.sqrt(2.0 / fanIn)).requiresGrad_());
    parameters.add(Tensor.zeros(Shape.of(out), DType.FLOAT32, d).requiresGrad_());
  }
}
