package dev.dl.bench;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.GradMode;
import dev.dl.Shape;
import dev.dl.Tensor;
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
 * conv2d (3x3, stride 1, padding 1, with bias) forward alone and forward plus backward. The
 * backward computes gradients for the input, the weight and the bias from a fixed random output
 * gradient, as a middle layer of a network does. Backward needs dl-autograd on the class path.
 *
 * <pre>{@code
 * dl-bench/run-bench.sh quick -- ConvBenchmark -p conv=b64-1to32-28x28
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConvBenchmark {
  /** A device name, or {@code cpu-scalar} for the CPU with scalar kernels. */
  @Param({"cpu", "cpu-scalar", "opencl:0", "cuda:0"})
  public String device;

  /** {@code bN-CtoK-HxW}: batch, input and output channels, image size. */
  @Param({"b32-3to64-32x32", "b64-1to32-28x28"})
  public String conv;

  private static final int[] ONE = {1, 1};
  private static final int[] PAD = {ConvCase.PADDING, ConvCase.PADDING};

  private Tensor input;
  private Tensor weight;
  private Tensor bias;
  private Tensor outputGrad;

  /** Creates input, parameters and the output gradient on the device under test. */
  @Setup
  public void setup() {
    Device d = Target.open(device);
    ConvCase c = ConvCase.parse(conv);
    Generator g = new Generator(2);
    input = Tensor.randn(Shape.of(c.batch(), c.inChannels(), c.height(), c.width()), DType.FLOAT32, d, g);
    weight = Tensor.randn(Shape.of(c.outChannels(), c.inChannels(), ConvCase.KERNEL, ConvCase.KERNEL), DType.FLOAT32, d, g);
    bias = Tensor.randn(Shape.of(c.outChannels()), DType.FLOAT32, d, g);
    outputGrad = Tensor.randn(Shape.of(c.batch(), c.outChannels(), c.height(), c.width()), DType.FLOAT32, d, g);
  }

  /** Inference: nothing is recorded. */
  @Benchmark
  public Tensor forward() {
    try (var noGrad = GradMode.noGrad()) {
      return Target.sync(input.conv2d(weight, bias, ONE, PAD, ONE, 1));
    }
  }

  /** One forward and backward; fresh leaves each call, so no gradient accumulates. */
  @Benchmark
  public Tensor forwardBackward() {
    Tensor x = input.detach().requiresGrad_();
    Tensor w = weight.detach().requiresGrad_();
    Tensor b = bias.detach().requiresGrad_();
    x.conv2d(w, b, ONE, PAD, ONE, 1).backward(outputGrad);
    Target.sync(x.grad());
    return w.grad();
  }
}
