package dev.dl.bench;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
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
 * Framework overhead: a chain of {@value #OPS} dependent ops (alternating mul and add) on tiny
 * tensors, where the arithmetic is negligible and the time is dispatch, allocation and, with
 * {@code grad=true}, recording the autograd graph. The report divides by {@value #OPS} to give
 * the cost per op.
 *
 * <pre>{@code
 * dl-bench/run-bench.sh quick -- OverheadBenchmark -p size=1
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OverheadBenchmark {
  /** Ops per chain. */
  static final int OPS = 100;

  /** A device name, or {@code cpu-scalar} for the CPU with scalar kernels. */
  @Param({"cpu", "cpu-scalar", "opencl:0", "cuda:0"})
  public String device;

  /** Elements per tensor. */
  @Param({"1", "64"})
  public int size;

  /** Whether the chain's input requires grad, so that every op is recorded. */
  @Param({"false", "true"})
  public boolean grad;

  private Tensor x;
  private Tensor scale;
  private Tensor shift;

  /** Creates the tensors on the device under test. */
  @Setup
  public void setup() {
    Device d = Target.open(device);
    Generator g = new Generator(4);
    x = Tensor.rand(Shape.of(size), DType.FLOAT32, d, g);
    // 0.5 * y + 0.5 keeps values near 1 however long the chain.
    scale = Tensor.full(Shape.of(size), 0.5, DType.FLOAT32, d);
    shift = Tensor.full(Shape.of(size), 0.5, DType.FLOAT32, d);
    if (grad) x.requiresGrad_();
  }

  /** {@value #OPS} ops, waited for at the end only (as a user's eager code would be). */
  @Benchmark
  public Tensor chain() {
    Tensor y = x;
    for (int i = 0; i < OPS; i += 2) y = y.mul(scale).add(shift);
    return Target.sync(y);
  }
}
