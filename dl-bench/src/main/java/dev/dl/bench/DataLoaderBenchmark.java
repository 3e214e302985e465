package dev.dl.bench;

import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;
import dev.dl.data.Dataset;
import dev.dl.data.transforms.Compose;
import dev.dl.data.transforms.Normalize;
import dev.dl.data.transforms.RandomHorizontalFlip;
import dev.dl.data.transforms.RandomRotation;
import dev.dl.data.transforms.Resize;
import dev.dl.data.transforms.Transform;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DataLoader throughput in batches per second over a CPU-bound per-sample transform (resize a
 * 3x160x160 image to 128x128, random rotation, random flip, normalise: about a millisecond), with 0, 1, 2 and 4 worker
 * threads. Pairs differ in one thing: the worker count, or whether each batch is followed by a
 * simulated training step ({@code stepMicros}, a park that leaves the CPU free, as a step running on
 * an accelerator does). With workers, loading overlaps the step, so batches/s approaches
 * {@code 1 / max(step, load / workers)} instead of {@code 1 / (step + load)}.
 *
 * <pre>{@code
 * dl-bench/run-bench.sh quick -- DataLoaderBenchmark -p workers=0,2
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DataLoaderBenchmark {
  static final int SAMPLES = 256;
  static final int SOURCES = 64;
  static final int SIDE = 160;
  static final int BATCH = 16;
  static final int BATCHES = SAMPLES / BATCH;

  /** Worker threads; 0 loads in the benchmark thread. */
  @Param({"0", "1", "2", "4"})
  public int workers;

  /** Simulated training step per batch in microseconds (0: loading alone). */
  @Param({"0", "20000"})
  public int stepMicros;

  private DataLoader<Tensor> loader;

  /** Source images held on the host (64 distinct, reused); the transform runs per sample in the loader's workers. */
  static final class Images implements Dataset<Tensor> {
    private final float[][] pixels = new float[SOURCES][];
    private final Transform<Tensor, Tensor> transform = Compose.of(new Resize(128, 128), new RandomRotation(15),
        new RandomHorizontalFlip(0.5), new Normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.25, 0.25}));

    Images() {
      Generator g = new Generator(11);
      for (int i = 0; i < SOURCES; i++) {
        float[] p = new float[3 * SIDE * SIDE];
        for (int k = 0; k < p.length; k++) p[k] = (float) g.nextDouble();
        pixels[i] = p;
      }
    }

    @Override public Tensor get(int index) { return transform.apply(Tensor.of(pixels[index % SOURCES], 3, SIDE, SIDE)); }

    @Override public int size() { return SAMPLES; }
  }

  /** One loader per trial; persistent workers so thread start-up is not measured per epoch. */
  @Setup(Level.Trial)
  public void setup() {
    DataLoader.Builder<Tensor> b = DataLoader.builder(new Images()).batchSize(BATCH).shuffle(true)
        .generator(new Generator(3)).numWorkers(workers);
    if (workers > 0) b.persistentWorkers(true);
    loader = b.build();
  }

  /** Stops the workers. */
  @TearDown(Level.Trial)
  public void tearDown() { loader.close(); }

  /** One epoch; the score is batches per second. */
  @Benchmark
  @OperationsPerInvocation(BATCHES)
  public void epoch(Blackhole bh) {
    for (Tensor batch : loader) {
      bh.consume(batch);
      if (stepMicros > 0) LockSupport.parkNanos(stepMicros * 1000L);
    }
  }
}
