package dev.dl.spi;

import dev.dl.DType;

/**
 * Philox4x32-10, the counter-based generator every backend implements identically so that one
 * seed gives the same numbers on CPU, OpenCL and CUDA. This class is the reference.
 *
 * <p>The stream: the key is the 64-bit seed split into (low, high) 32-bit words. Word {@code w}
 * (a 64-bit index) is lane {@code w % 4} of the Philox block computed from the 128-bit counter
 * {@code (w / 4 low, w / 4 high, 0, 0)}. A random op with generator offset {@code o} draws:
 * <ul>
 *   <li>RANDOM_UNIFORM, any float dtype but float64: element i = {@code (word(o+i) >>> 8) * 2^-24},
 *       one word each, rounded to the dtype;</li>
 *   <li>RANDOM_UNIFORM float64: element i from words {@code o+2i} (high 26 bits) and {@code o+2i+1}
 *       (high 27 bits), {@code ((a >>> 6) * 2^27 + (b >>> 5)) * 2^-53};</li>
 *   <li>RANDOM_NORMAL: element i from words {@code a = o+2i}, {@code b = o+2i+1}:
 *       {@code u1 = ((a >>> 8) + 1) * 2^-24}, {@code u2 = (b >>> 8) * 2^-24},
 *       {@code sqrt(-2 ln u1) * cos(2 pi u2)} computed in double, rounded to the dtype.</li>
 * </ul>
 * The generator's offset then advances by {@link #wordsUsed}.
 */
public final class Philox {
  private static final int M0 = 0xD2511F53;
  private static final int M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  private static final double TWO_POW_M24 = 0x1.0p-24;
  private static final double TWO_POW_M53 = 0x1.0p-53;

  private Philox() {}

  /** Computes one Philox4x32-10 block for counter {@code (c0, c1, c2, c3)} and key {@code (k0, k1)}. */
  public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out4) {
    for (int round = 0; round < 10; round++) {
      long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
      long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
      int hi0 = (int) (p0 >>> 32), lo0 = (int) p0;
      int hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
      c0 = hi1 ^ c1 ^ k0;
      c1 = lo1;
      c2 = hi0 ^ c3 ^ k1;
      c3 = lo0;
      k0 += W0;
      k1 += W1;
    }
    out4[0] = c0;
    out4[1] = c1;
    out4[2] = c2;
    out4[3] = c3;
  }

  /** Word {@code index} of the stream for {@code seed} (slow reference; kernels compute whole blocks). */
  public static int word(long seed, long index) {
    int[] out = new int[4];
    long blockIndex = index >>> 2;
    block((int) blockIndex, (int) (blockIndex >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out);
    return out[(int) (index & 3)];
  }

  /** Uniform [0, 1) with 24 bits from one word. */
  public static float uniform24(int word) { return (float) ((word >>> 8) * TWO_POW_M24); }

  /** Uniform [0, 1) with 53 bits from two words. */
  public static double uniform53(int a, int b) {
    return (((long) (a >>> 6) << 27) + (b >>> 5)) * TWO_POW_M53;
  }

  /** Standard normal from two words (Box-Muller, cosine branch). */
  public static double normal(int a, int b) {
    double u1 = ((a >>> 8) + 1) * TWO_POW_M24;
    double u2 = (b >>> 8) * TWO_POW_M24;
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** Element {@code i} of a RANDOM_UNIFORM or RANDOM_NORMAL op at generator offset {@code offset}, as a double. */
  public static double sample(Op op, DType dtype, long seed, long offset, long i) {
    if (op == Op.RANDOM_NORMAL) return normal(word(seed, offset + 2 * i), word(seed, offset + 2 * i + 1));
    if (op != Op.RANDOM_UNIFORM) throw new IllegalArgumentException("not a random op: " + op);
    if (dtype == DType.FLOAT64) return uniform53(word(seed, offset + 2 * i), word(seed, offset + 2 * i + 1));
    return uniform24(word(seed, offset + i));
  }

  /** Stream words one random op consumes; the generator's offset advances by this much. */
  public static long wordsUsed(Op op, DType dtype, long numel) {
    return op == Op.RANDOM_NORMAL || dtype == DType.FLOAT64 ? 2 * numel : numel;
  }
}
