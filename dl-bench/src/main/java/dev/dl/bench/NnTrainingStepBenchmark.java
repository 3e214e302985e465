package dev.dl.bench;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.nn.Conv2d;
import dev.dl.nn.CrossEntropyLoss;
import dev.dl.nn.Flatten;
import dev.dl.nn.Linear;
import dev.dl.nn.MaxPool2d;
import dev.dl.nn.ReLU;
import dev.dl.nn.Sequential;
import dev.dl.optim.SGD;
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
 * The training steps of {@link TrainingStepBenchmark} written as a user would, with dl-nn's
 * {@code Sequential}, {@code Linear}, {@code Conv2d}, {@code CrossEntropyLoss} and {@code SGD}; the
 * pair shows what the module layer costs on top of the tensor core.
 *
 * <pre>{@code
 * dl-bench/run-bench.sh quick -- NnTrainingStepBenchmark -p model=lenet5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NnTrainingStepBenchmark {
  /** A device name, or {@code cpu-scalar} for the CPU with scalar kernels. */
  @Param({"cpu", "cpu-scalar", "opencl:0", "cuda:0"})
  public String device;

  /** {@code mlp} or {@code lenet5}. */
  @Param({"mlp", "lenet5"})
  public String model;

  private Sequential net;
  private final CrossEntropyLoss loss = new CrossEntropyLoss();
  private SGD optimizer;
  private Tensor input;
  private Tensor target;

  /** Builds the model on the device under test, and one batch. */
  @Setup
  public void setup() {
    Device d = Target.open(device);
    Generator g = new Generator(6);
    target = Tensor.randint(0, TrainingStepBenchmark.CLASSES, Shape.of(TrainingStepBenchmark.BATCH), g, d);
    net = switch (model) {
      case "mlp" -> new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(),
          new Linear(128, TrainingStepBenchmark.CLASSES));
      case "lenet5" -> new Sequential(new Conv2d(1, 6, 5, 1, 2), new ReLU(), new MaxPool2d(2),
          new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2), new Flatten(),
          new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, TrainingStepBenchmark.CLASSES));
      default -> throw new IllegalArgumentException("model '" + model + "': expected mlp or lenet5");
    };
    net.to(d);
    Shape shape = model.equals("mlp") ? Shape.of(TrainingStepBenchmark.BATCH, 784) : Shape.of(TrainingStepBenchmark.BATCH, 1, 28, 28);
    input = Tensor.randn(shape, DType.FLOAT32, d, g);
    optimizer = new SGD(net.parameters(), TrainingStepBenchmark.LEARNING_RATE);
  }

  /** zeroGrad, forward, loss, backward, step; returns the loss. */
  @Benchmark
  public Tensor trainingStep() {
    optimizer.zeroGrad();
    Tensor l = loss.forward(net.apply(input), target);
    l.backward();
    optimizer.step();
    return Target.sync(l);
  }
}
