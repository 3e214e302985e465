package dev.dl.bench;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Memory-bound kernels on 16M floats (64 MiB per tensor, far beyond any cache): add, mul, relu and
 * exp out of place and in place, a full sum, and softmax over the rows of a 4096x4096 matrix. The
 * report converts times to GB/s from the bytes each op must read and write.
 *
 * <p>Forks run with a fixed, pre-touched 2 GiB heap (the {@code @Fork} flags, which the libtorch
 * baseline shares; transparent huge pages make the pre-touch quick): with a growing heap, G1 places
 * each new 64 MiB array in memory the process has never touched, and on a virtual machine the
 * first touch of every page can cost more than the kernel (tens of milliseconds per array), for
 * as long as the heap keeps growing, which outlasts a short warmup. Out-of-place results are
 * left to the garbage collector, as a program would leave them.
 *
 * <pre>{@code
 * dl-bench/run-bench.sh quick -- ElementwiseBenchmark.relu
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsPrepend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class ElementwiseBenchmark {
  /** Elements per tensor: 16M. */
  static final int N = 1 << 24;
  /** Rows (and columns) of the softmax matrix: ROWS * ROWS == N. */
  static final int ROWS = 1 << 12;

  /** A device name, or {@code cpu-scalar} for the CPU with scalar kernels. */
  @Param({"cpu", "cpu-scalar", "opencl:0", "cuda:0"})
  public String device;

  Tensor a;
  Tensor b;

  /** Creates the operands on the device under test. */
  @Setup
  public void setup() {
    Device d = Target.open(device);
    Generator g = new Generator(3);
    a = Tensor.randn(Shape.of(N), DType.FLOAT32, d, g);
    b = Tensor.randn(Shape.of(N), DType.FLOAT32, d, g);
  }

  /**
   * The target of the in-place ops, restored from {@code a} before every call (outside the
   * measurement) so repeated exp_ or mul_ never drift into infinities or subnormals.
   */
  @State(Scope.Thread)
  public static class Scratch {
    Tensor x;

    /** Restores the target; JMH allows per-call setup here because each call takes milliseconds. */
    @Setup(Level.Invocation)
    public void reset(ElementwiseBenchmark bench) {
      if (x == null) x = bench.a.clone();
      Target.sync(x.copy_(bench.a));
    }
  }

  /** a + b into a new tensor. */
  @Benchmark public Tensor add() { return Target.sync(a.add(b)); }

  /** x += b. */
  @Benchmark public Tensor addInPlace(Scratch s) { return Target.sync(s.x.add_(b)); }

  /** a * b into a new tensor. */
  @Benchmark public Tensor mul() { return Target.sync(a.mul(b)); }

  /** x *= b. */
  @Benchmark public Tensor mulInPlace(Scratch s) { return Target.sync(s.x.mul_(b)); }

  /** relu(a) into a new tensor. */
  @Benchmark public Tensor relu() { return Target.sync(a.relu()); }

  /** x = relu(x). */
  @Benchmark public Tensor reluInPlace(Scratch s) { return Target.sync(s.x.relu_()); }

  /** exp(a) into a new tensor. */
  @Benchmark public Tensor exp() { return Target.sync(a.exp()); }

  /** x = exp(x). */
  @Benchmark public Tensor expInPlace(Scratch s) { return Target.sync(s.x.exp_()); }

  /** Sum of all 16M elements. */
  @Benchmark public Tensor sum() { return Target.sync(a.sum()); }

  /** Softmax over each row of a 4096x4096 view of {@code a}. */
  @Benchmark public Tensor softmax() { return Target.sync(a.view(ROWS, ROWS).softmax(1)); }
}
