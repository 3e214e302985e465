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
 * Matrix products: square sizes (1000 is not a power of two, so blocking tails show), a
 * tall-skinny product and a batched one. The report turns the time into GFLOPS from {@code shape}.
 * The output is allocated in every call, as {@code torch.matmul} does.
 *
 * <pre>{@code
 * dl-bench/run-bench.sh quick -- MatmulBenchmark -p shape=1024
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatmulBenchmark {
  /** A device name, or {@code cpu-scalar} for the CPU with scalar kernels. */
  @Param({"cpu", "cpu-scalar", "opencl:0", "cuda:0"})
  public String device;

  /** {@code N} (square), {@code MxKxN}, or {@code BxMxKxN} (batched). */
  @Param({"64", "128", "256", "512", "1000", "1024", "2048", "4096x256x1024", "32x128x128x128"})
  public String shape;

  private Tensor a;
  private Tensor b;

  /** Creates the operands on the device under test. */
  @Setup
  public void setup() {
    Device d = Target.open(device);
    MatmulShape s = MatmulShape.parse(shape);
    Generator g = new Generator(1);
    Shape sa = s.single() ? Shape.of(s.m(), s.k()) : Shape.of(s.batch(), s.m(), s.k());
    Shape sb = s.single() ? Shape.of(s.k(), s.n()) : Shape.of(s.batch(), s.k(), s.n());
    a = Tensor.randn(sa, DType.FLOAT32, d, g);
    b = Tensor.randn(sb, DType.FLOAT32, d, g);
  }

  /** One product, waited for. */
  @Benchmark
  public Tensor matmul() { return Target.sync(a.matmul(b)); }
}
