package dev.dl;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A seedable source of random numbers: a Philox4x32-10 key (the seed) and a counter (the offset)
 * that every random op advances. Every backend draws the same numbers from the same state.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor x = Tensor.randn(g, 3, 4);
 * }</pre>
 */
public final class Generator {
  private static final Generator DEFAULT = new Generator(ThreadLocalRandom.current().nextLong());

  private long seed;
  private long offset;

  /** A generator with this seed and offset 0. */
  public Generator(long seed) { this.seed = seed; }

  /** The generator that random ops use when none is given. */
  public static Generator defaultGenerator() { return DEFAULT; }

  /** Seeds the default generator, like {@code torch.manual_seed}. */
  public static void manualSeed(long seed) { DEFAULT.manualSeed_(seed); }

  /** Reseeds this generator and resets its offset; returns this. */
  public synchronized Generator manualSeed_(long seed) {
    this.seed = seed;
    this.offset = 0;
    return this;
  }

  /** The seed. */
  public synchronized long seed() { return seed; }

  /** The full state: {seed, offset}, for checkpoints. */
  public synchronized long[] state() { return new long[] {seed, offset}; }

  /** Restores a state from {@link #state()}. */
  public synchronized void setState(long[] state) {
    if (state == null || state.length != 2 || state[1] < 0) {
      throw new IllegalArgumentException("generator state must be {seed, offset >= 0}");
    }
    this.seed = state[0];
    this.offset = state[1];
  }

  /** Atomically reserves {@code words} stream words: returns {seed, offset of the first word}. */
  public synchronized long[] reserve(long words) {
    long start = offset;
    offset += words;
    return new long[] {seed, start};
  }

  /** A uniform long drawn from the stream (for host-side sampling such as randperm). */
  public long nextLong() {
    long[] r = reserve(2);
    long s = r[0], at = r[1];
    return ((long) dev.dl.spi.Philox.word(s, at) << 32) | (dev.dl.spi.Philox.word(s, at + 1) & 0xFFFFFFFFL);
  }

  /** A uniform int in [0, bound) drawn from the stream, without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
    long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
    while (true) {
      long r = nextLong() >>> 1;
      if (r < limit) return (int) (r % bound);
    }
  }

  /** A uniform double in [0, 1) drawn from the stream. */
  public double nextDouble() {
    long[] r = reserve(2);
    long s = r[0], at = r[1];
    return dev.dl.spi.Philox.uniform53(dev.dl.spi.Philox.word(s, at), dev.dl.spi.Philox.word(s, at + 1));
  }
}
