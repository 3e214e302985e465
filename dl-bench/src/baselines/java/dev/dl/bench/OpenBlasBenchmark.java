package dev.dl.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
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
 * Baseline: {@code cblas_sgemm} of the OpenBLAS that the JavaCPP presets bundle, on the shapes of
 * {@link MatmulBenchmark}, row-major, into a preallocated output (batched shapes call sgemm once
 * per matrix). Threads: {@code -Ddl.bench.threads}.
 *
 * <p>{@code library=openblas} must run with {@code OPENBLAS_CORETYPE} unset, so OpenBLAS picks its
 * kernels for this CPU; {@code library=openblas-haswell} must run with
 * {@code OPENBLAS_CORETYPE=Haswell} (AVX2 kernels). The setup refuses a mismatch, so a label never
 * lies about what ran; run-bench.sh runs both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OpenBlasBenchmark {
  /** {@code openblas} (CPU detection) or {@code openblas-haswell} (forced AVX2 kernels). */
  @Param({"openblas"})
  public String library;

  /** As {@link MatmulBenchmark#shape}. */
  @Param({"64", "128", "256", "512", "1000", "1024", "2048", "4096x256x1024", "32x128x128x128"})
  public String shape;

  private MatmulShape s;
  private FloatPointer a;
  private FloatPointer b;
  private FloatPointer c;
  private FloatPointer[] as;
  private FloatPointer[] bs;
  private FloatPointer[] cs;

  /** Checks the core-type setting, sets the thread count and fills the operands. */
  @Setup
  public void setup() {
    String coretype = System.getenv("OPENBLAS_CORETYPE");
    boolean wantHaswell = library.equals("openblas-haswell");
    if (!library.equals("openblas") && !wantHaswell) {
      throw new IllegalArgumentException("library '" + library + "': expected openblas or openblas-haswell");
    }
    if (wantHaswell != "Haswell".equalsIgnoreCase(coretype)) {
      throw new IllegalStateException("library=" + library + " needs OPENBLAS_CORETYPE "
          + (wantHaswell ? "=Haswell" : "unset") + " in the environment, but it is " + coretype);
    }
    openblas_nolapack.blas_set_num_threads(BenchRunner.threads());
    s = MatmulShape.parse(shape);
    long sizeA = (long) s.m() * s.k();
    long sizeB = (long) s.k() * s.n();
    long sizeC = (long) s.m() * s.n();
    a = random(sizeA * s.batch(), 1);
    b = random(sizeB * s.batch(), 2);
    c = new FloatPointer(sizeC * s.batch());
    as = new FloatPointer[s.batch()];
    bs = new FloatPointer[s.batch()];
    cs = new FloatPointer[s.batch()];
    for (int i = 0; i < s.batch(); i++) {
      as[i] = new FloatPointer(a).position(i * sizeA);
      bs[i] = new FloatPointer(b).position(i * sizeB);
      cs[i] = new FloatPointer(c).position(i * sizeC);
    }
  }

  private static FloatPointer random(long n, long seed) {
    Random r = new Random(seed);
    float[] values = new float[Math.toIntExact(n)];
    for (int i = 0; i < values.length; i++) values[i] = (float) r.nextGaussian();
    return new FloatPointer(values);
  }

  /** C = A @ B for each matrix of the batch. */
  @Benchmark
  public void matmul() {
    for (int i = 0; i < s.batch(); i++) {
      openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
          openblas_nolapack.CblasNoTrans, s.m(), s.n(), s.k(), 1f, as[i], s.k(), bs[i], s.n(), 0f, cs[i], s.n());
    }
  }

  /** Frees the native buffers. */
  @TearDown
  public void tearDown() {
    a.close();
    b.close();
    c.close();
  }
}
