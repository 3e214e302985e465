package dev.dl.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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

/** Baseline: {@code torch.matmul} through DJL on the shapes of {@link MatmulBenchmark}, output allocated per call. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TorchMatmulBenchmark {
  /** The series name in the report. */
  @Param({"libtorch"})
  public String library;

  /** As {@link MatmulBenchmark#shape}. */
  @Param({"64", "128", "256", "512", "1000", "1024", "2048", "4096x256x1024", "32x128x128x128"})
  public String shape;

  private NDManager manager;
  private NDArray a;
  private NDArray b;

  /** Loads libtorch and creates the operands. */
  @Setup
  public void setup() {
    manager = Torch.open();
    MatmulShape s = MatmulShape.parse(shape);
    a = s.single() ? Torch.randn(manager, 1, s.m(), s.k()) : Torch.randn(manager, 1, s.batch(), s.m(), s.k());
    b = s.single() ? Torch.randn(manager, 1, s.k(), s.n()) : Torch.randn(manager, 1, s.batch(), s.k(), s.n());
  }

  /** One product; the result is freed at once. */
  @Benchmark
  public long matmul() {
    try (NDArray c = a.matMul(b)) {
      return c.size();
    }
  }

  /** Frees the native memory. */
  @TearDown
  public void tearDown() { manager.close(); }
}
