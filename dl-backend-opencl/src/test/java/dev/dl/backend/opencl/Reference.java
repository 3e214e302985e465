package dev.dl.backend.opencl;

import dev.dl.spi.Op;

/** Plain double-precision definitions of the elementwise ops, the oracle of the kernel tests. */
final class Reference {
  private Reference() {}

  /** erf by Simpson integration of 2/sqrt(pi) e^-t^2: slow, but independent of any library erf. */
  static double erf(double x) {
    if (Double.isNaN(x)) return x;
    return Math.abs(x) < 1 ? integral(0, x) : Math.signum(x) * (1 - erfc(Math.abs(x)));
  }

  /** erfc for x >= 0 as the integral of the tail, so it keeps its precision where erf is close to 1. */
  static double erfc(double x) {
    if (x < 0) return 2 - erfc(-x);
    return x > 27 ? 0 : integral(x, x + 10);
  }

  private static double integral(double from, double to) {
    int n = 20000;
    double h = (to - from) / n, sum = Math.exp(-from * from) + Math.exp(-to * to);
    for (int i = 1; i < n; i++) {
      double t = from + i * h;
      sum += (i % 2 == 1 ? 4 : 2) * Math.exp(-t * t);
    }
    return sum * h / 3 * 2 / Math.sqrt(Math.PI);
  }

  static double unary(Op op, double v, boolean floating) {
    return switch (op) {
      case NEG -> -v;
      case ABS -> Math.abs(v);
      case SIGN -> Double.isNaN(v) ? v : Math.signum(v) + 0.0;
      case EXP -> Math.exp(v);
      case LOG -> Math.log(v);
      case LOG1P -> Math.log1p(v);
      case EXPM1 -> Math.expm1(v);
      case SQRT -> Math.sqrt(v);
      case RSQRT -> 1 / Math.sqrt(v);
      case SIN -> Math.sin(v);
      case COS -> Math.cos(v);
      case TAN -> Math.tan(v);
      case TANH -> Math.tanh(v);
      case SIGMOID -> 1 / (1 + Math.exp(-v));
      case RELU -> Double.isNaN(v) ? v : Math.max(v, 0);
      case GELU -> Double.isInfinite(v) ? (v > 0 ? v : -0.0) : v * 0.5 * erfc(-v / Math.sqrt(2));
      case SILU -> v / (1 + Math.exp(-v));
      case SOFTPLUS -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
      case ERF -> erf(v);
      case FLOOR -> Math.floor(v);
      case CEIL -> Math.ceil(v);
      case ROUND -> Math.rint(v);
      case TRUNC -> v < 0 ? Math.ceil(v) : Math.floor(v);
      case RECIPROCAL -> 1 / v;
      case LOGICAL_NOT -> v == 0 ? 1 : 0;
      case ISNAN -> Double.isNaN(v) ? 1 : 0;
      case ISINF -> Double.isInfinite(v) ? 1 : 0;
      case ISFINITE -> Double.isFinite(v) ? 1 : 0;
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  static double binary(Op op, double a, double b, boolean floating) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case FLOOR_DIVIDE -> floating ? Math.floor(a / b) : Math.floorDiv((long) a, (long) b);
      case POW -> floating ? Math.pow(a, b) : intPow((long) a, (long) b);
      case MAXIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
      case MINIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
      case FMOD -> floating ? a % b : (long) a % (long) b;
      case REMAINDER -> {
        if (!floating) yield Math.floorMod((long) a, (long) b);
        double m = a % b;
        yield m != 0 && (m < 0) != (b < 0) ? m + b : m;
      }
      case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
      case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
      case LOGICAL_XOR -> (a != 0) != (b != 0) ? 1 : 0;
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  private static long intPow(long a, long e) {
    if (e < 0) return a == 1 ? 1 : a == -1 ? ((e & 1) != 0 ? -1 : 1) : 0;
    long r = 1;
    for (long i = 0; i < e; i++) r *= a;
    return r;
  }
}
