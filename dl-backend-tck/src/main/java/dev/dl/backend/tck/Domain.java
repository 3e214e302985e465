package dev.dl.backend.tck;

import dev.dl.DType;
import java.util.Random;

/**
 * Where an op's random inputs come from, per kind of dtype: a floating range (or grid) and an
 * integer range. Values are drawn from a seeded {@link Random} and then rounded to the dtype, so
 * the reference sees exactly what the device holds.
 */
enum Domain {
  /** Floats in [-4, 4]; integers over the dtype's whole range (overflow wraps, as in PyTorch). */
  STANDARD(-4, 4, Long.MIN_VALUE, Long.MAX_VALUE),
  /** Floats in [-4, 4]; integers in [-10, 10]. */
  SMALL(-4, 4, -10, 10),
  /** Floats in [0.05, 4]; integers in [1, 20] (log, sqrt). */
  POSITIVE(0.05, 4, 1, 20),
  /** Floats in [-0.9, 4]; integers in [0, 20] (log1p). */
  ABOVE_MINUS_ONE(-0.9, 4, 0, 20),
  /** Floats in [-3, 3]; integers in [-3, 3] (sin, cos). */
  TRIG(-3, 3, -3, 3),
  /** Floats in [-1.2, 1.2]; integers in [-1, 1] (tan, away from its poles). */
  TAN(-1.2, 1.2, -1, 1),
  /** Floats in [-30, 30] (saturating functions must stay stable); integers in [-30, 30]. */
  WIDE(-30, 30, -30, 30),
  /** Floats in [-120, 120]: exp overflows float32 and float16 unless max is subtracted first. */
  LARGE(-120, 120, -120, 120),
  /** Multiples of 1/8 in [-8, 8], so ties and exact quotients occur; integers in [-20, 20]. */
  GRID(-8, 8, -20, 20),
  /** Nonzero multiples of 1/4 in [-4, 4]; nonzero integers in [-9, 9] (divisors). */
  NONZERO(-4, 4, -9, 9),
  /** Multiples of 1/2 in [-6, 6], so rounding meets exact halves; integers in [-10, 10]. */
  HALVES(-6, 6, -10, 10),
  /** Floats in [-2, 2]; integers in [0, 5] (exponents). */
  EXPONENT(-2, 2, 0, 5),
  /** Floats in [0.2, 3]; integers in [-3, 3] (bases of pow). */
  BASE(0.2, 3, -3, 3),
  /** Floats in [0.5, 1.5]; integers in [-2, 2] (long products stay finite). */
  NEAR_ONE(0.5, 1.5, -2, 2),
  /** Whole numbers in [-3, 3] as floats (exponents that negative bases accept); integers in [0, 3]. */
  WHOLE(-3, 3, 0, 3),
  /** Floats in [-4, 4] with one in four -inf (masked attention scores); integers as SMALL. */
  MASKED(-4, 4, -10, 10),
  /** Half zeros, the rest from GRID (logical ops see both truth values). */
  MOSTLY_ZERO(-8, 8, -20, 20),
  /** Floats in [-4, 4] with one in five a NaN, infinity or signed zero; integers as STANDARD. */
  SPECIAL(-4, 4, Long.MIN_VALUE, Long.MAX_VALUE);

  private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0};

  private final double lo;
  private final double hi;
  private final long intLo;
  private final long intHi;

  Domain(double lo, double hi, long intLo, long intHi) {
    this.lo = lo;
    this.hi = hi;
    this.intLo = intLo;
    this.intHi = intHi;
  }

  /** Fills a fresh array of {@code dtype} and {@code shape}. */
  Nd draw(Random r, DType dtype, int... shape) {
    Nd x = Nd.zeros(dtype, shape);
    for (int k = 0; k < x.numel(); k++) {
      if (dtype == DType.BOOL) x.setLong(k, r.nextBoolean() ? 1 : 0);
      else if (dtype.isFloatingPoint()) x.set(k, nextDouble(r));
      else x.setLong(k, nextLong(r, dtype));
    }
    return x;
  }

  private double nextDouble(Random r) {
    return switch (this) {
      case GRID -> r.nextInt(129) / 8.0 - 8;
      case NONZERO -> {
        int q = 1 + r.nextInt(16);
        yield (r.nextBoolean() ? q : -q) / 4.0;
      }
      case HALVES -> r.nextInt(25) / 2.0 - 6;
      case WHOLE -> r.nextInt(7) - 3;
      case MASKED -> r.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : lo + (hi - lo) * r.nextDouble();
      case MOSTLY_ZERO -> r.nextBoolean() ? 0 : r.nextInt(129) / 8.0 - 8;
      case SPECIAL -> r.nextInt(5) == 0 ? SPECIALS[r.nextInt(SPECIALS.length)] : lo + (hi - lo) * r.nextDouble();
      default -> lo + (hi - lo) * r.nextDouble();
    };
  }

  private long nextLong(Random r, DType dtype) {
    long min = switch (dtype) {
      case INT8 -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      case UINT8 -> 0;
      default -> Long.MIN_VALUE;
    };
    long max = switch (dtype) {
      case INT8 -> Byte.MAX_VALUE;
      case UINT8 -> 255;
      case INT16 -> Short.MAX_VALUE;
      case INT32 -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
    long a = Math.max(intLo, min);
    long b = Math.min(intHi, max);
    if (this == NONZERO && a == 0) a = 1;
    if (this == MOSTLY_ZERO && r.nextBoolean()) return 0;
    long v;
    if (a == Long.MIN_VALUE && b == Long.MAX_VALUE) {
      v = r.nextLong();
    } else {
      v = a + (long) Math.floor(r.nextDouble() * (b - a + 1));
      if (v > b) v = b;
    }
    return this == NONZERO && v == 0 ? b : v;
  }
}
