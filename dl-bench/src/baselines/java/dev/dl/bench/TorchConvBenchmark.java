package dev.dl.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
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
 * Baseline: libtorch's conv2d through DJL on the cases of {@link ConvBenchmark}. Backward starts
 * from an all-ones output gradient (DJL's {@code GradientCollector.backward}) and computes input,
 * weight and bias gradients, which are zeroed in place after each call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TorchConvBenchmark {
  /** The series name in the report. */
  @Param({"libtorch"})
  public String library;

  /** As {@link ConvBenchmark#conv}. */
  @Param({"b32-3to64-32x32", "b64-1to32-28x28"})
  public String conv;

  private static final Shape ONE = new Shape(1, 1);
  private static final Shape PAD = new Shape(ConvCase.PADDING, ConvCase.PADDING);

  private NDManager manager;
  private NDArray input;
  private NDArray weight;
  private NDArray bias;

  /** Loads libtorch and creates input and parameters. */
  @Setup
  public void setup() {
    manager = Torch.open();
    ConvCase c = ConvCase.parse(conv);
    input = Torch.randn(manager, 1, c.batch(), c.inChannels(), c.height(), c.width());
    weight = Torch.randn(manager, 1, c.outChannels(), c.inChannels(), ConvCase.KERNEL, ConvCase.KERNEL);
    bias = Torch.randn(manager, 1, c.outChannels());
    for (NDArray p : new NDArray[] {input, weight, bias}) p.setRequiresGradient(true);
  }

  /** Inference: nothing is recorded outside a gradient collector. */
  @Benchmark
  public long forward() {
    try (NDManager call = manager.newSubManager()) {
      input.tempAttach(call);
      NDList y = Conv2d.conv2d(input, weight, bias, ONE, PAD, ONE, 1);
      return y.singletonOrThrow().size();
    }
  }

  /** Forward and backward. */
  @Benchmark
  public long forwardBackward() {
    NDArray[] leaves = {input, weight, bias};
    try (NDManager call = manager.newSubManager()) {
      input.tempAttach(call);
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        collector.backward(Conv2d.conv2d(input, weight, bias, ONE, PAD, ONE, 1).singletonOrThrow());
      }
      long n = 0;
      for (NDArray p : leaves) {
        try (NDArray g = p.getGradient()) {
          n += g.size();
          g.subi(g);
        }
      }
      return n;
    }
  }

  /** Frees the native memory. */
  @TearDown
  public void tearDown() { manager.close(); }
}
