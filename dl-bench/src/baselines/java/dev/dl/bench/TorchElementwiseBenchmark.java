package dev.dl.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Baseline: libtorch's elementwise ops and reductions on the cases of {@link ElementwiseBenchmark}
 * (16M float32, the same method names). Out-of-place results are freed at once, as PyTorch frees
 * a tensor whose last reference goes. In-place ops write into a tensor restored from {@code a}
 * before every call, as ours do: {@code add_}/{@code mul_} through DJL, {@code relu_}/{@code exp_}
 * (which DJL does not expose) through {@link TorchAten}. Forks get the same JVM flags as ours.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsPrepend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class TorchElementwiseBenchmark {
  /** The series name in the report. */
  @Param({"libtorch"})
  public String library;

  private NDManager manager;
  private NDArray a;
  private NDArray b;

  /** Loads libtorch and creates the operands. */
  @Setup
  public void setup() {
    manager = Torch.open();
    a = Torch.randn(manager, 1, ElementwiseBenchmark.N);
    b = Torch.randn(manager, 1, ElementwiseBenchmark.N);
  }

  /** The target of the in-place ops, restored from {@code a} before every call (outside the measurement). */
  @State(Scope.Thread)
  public static class Scratch {
    NDArray x;

    /** Restores the target with libtorch's {@code copy_}. */
    @Setup(Level.Invocation)
    public void reset(TorchElementwiseBenchmark bench) {
      if (x == null) x = bench.a.duplicate();
      TorchAten.copy(x, bench.a);
    }
  }

  /** a + b into a new tensor. */
  @Benchmark
  public long add() {
    try (NDArray r = a.add(b)) {
      return r.size();
    }
  }

  /** x += b. */
  @Benchmark
  public long addInPlace(Scratch s) { return s.x.addi(b).size(); }

  /** a * b into a new tensor. */
  @Benchmark
  public long mul() {
    try (NDArray r = a.mul(b)) {
      return r.size();
    }
  }

  /** x *= b. */
  @Benchmark
  public long mulInPlace(Scratch s) { return s.x.muli(b).size(); }

  /** relu(a) into a new tensor. */
  @Benchmark
  public long relu() {
    try (NDArray r = Activation.relu(a)) {
      return r.size();
    }
  }

  /** x = relu(x) with {@code torch.relu_}. */
  @Benchmark
  public long reluInPlace(Scratch s) {
    TorchAten.relu(s.x);
    return s.x.size();
  }

  /** exp(a) into a new tensor. */
  @Benchmark
  public long exp() {
    try (NDArray r = a.exp()) {
      return r.size();
    }
  }

  /** x = exp(x) with {@code torch.exp_}. */
  @Benchmark
  public long expInPlace(Scratch s) {
    TorchAten.exp(s.x);
    return s.x.size();
  }

  /** Sum of all 16M elements. */
  @Benchmark
  public long sum() {
    try (NDArray r = a.sum()) {
      return r.size();
    }
  }

  /** Softmax over each row of a 4096x4096 view of {@code a}. */
  @Benchmark
  public long softmax() {
    try (NDArray rows = a.reshape(ElementwiseBenchmark.ROWS, ElementwiseBenchmark.ROWS);
         NDArray r = rows.softmax(1)) {
      return r.size();
    }
  }

  /** Frees the native memory. */
  @TearDown
  public void tearDown() { manager.close(); }
}
