package dev.dl.data;

import dev.dl.Generator;

/** Per-thread state the loader sets while a worker (or the main thread) loads samples. */
final class LoaderContext {
  private static final ThreadLocal<WorkerInfo> WORKER = new ThreadLocal<>();
  private static final ThreadLocal<Generator> SAMPLE_GENERATOR = new ThreadLocal<>();

  private LoaderContext() {}

  static WorkerInfo worker() { return WORKER.get(); }

  static void setWorker(WorkerInfo info) { WORKER.set(info); }

  static Generator sampleGenerator() { return SAMPLE_GENERATOR.get(); }

  static void setSampleGenerator(Generator g) {
    if (g == null) SAMPLE_GENERATOR.remove();
    else SAMPLE_GENERATOR.set(g);
  }

  /**
   * The seed of the generator for one sample: a SplitMix64 mix of the epoch's base seed and the
   * sample's position in the epoch, so it is the same whichever worker loads the sample.
   */
  static long sampleSeed(long baseSeed, long stream, long ordinal) {
    long z = baseSeed + 0x9E3779B97F4A7C15L * (ordinal + 1) + 0xD1B54A32D192ED03L * stream;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
