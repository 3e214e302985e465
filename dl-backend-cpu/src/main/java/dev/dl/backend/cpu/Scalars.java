package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.spi.Op;

/**
 * The per-element meaning of every unary and binary op, in the two compute domains: double for
 * floating-point dtypes (float16/bfloat16/float32 results are rounded when stored) and long for
 * integers and bool (results wrap when stored to narrower types).
 */
final class Scalars {
  private static final double SQRT1_2 = 0.70710678118654752440;

  private Scalars() {}

  static double unary(Op op, double x) {
    return switch (op) {
      case NEG -> -x;
      case ABS -> Math.abs(x);
      case SIGN -> x > 0 ? 1 : x < 0 ? -1 : x;   // keeps NaN and signed zero
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case LOG1P -> Math.log1p(x);
      case EXPM1 -> Math.expm1(x);
      case SQRT -> Math.sqrt(x);
      case RSQRT -> 1.0 / Math.sqrt(x);
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TAN -> Math.tan(x);
      case TANH -> Math.tanh(x);
      case SIGMOID -> sigmoid(x);
      case RELU -> x > 0 ? x : (x != x ? x : 0.0);
      case GELU -> 0.5 * x * (1.0 + Erf.erf(x * SQRT1_2));
      case SILU -> x * sigmoid(x);
      case SOFTPLUS -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
      case ERF -> Erf.erf(x);
      case FLOOR -> Math.floor(x);
      case CEIL -> Math.ceil(x);
      case ROUND -> Math.rint(x);
      case TRUNC -> x < 0 ? Math.ceil(x) : Math.floor(x);
      case RECIPROCAL -> 1.0 / x;
      case LOGICAL_NOT -> x == 0 ? 1 : 0;
      case ISNAN -> Double.isNaN(x) ? 1 : 0;
      case ISINF -> Double.isInfinite(x) ? 1 : 0;
      case ISFINITE -> Double.isFinite(x) ? 1 : 0;
      default -> throw new IllegalArgumentException("not a unary op: " + op);
    };
  }

  /** Like {@link #unary(Op, double)} for results stored in float32 or narrower: cheaper erf. */
  static double unaryFloat(Op op, double x) {
    return switch (op) {
      case GELU -> 0.5 * x * (1.0 + Erf.erfFloat(x * SQRT1_2));
      case ERF -> Erf.erfFloat(x);
      default -> unary(op, x);
    };
  }

  /** Sigmoid without overflow: for negative x use e^x / (1 + e^x). */
  static double sigmoid(double x) {
    if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  static long unary(Op op, long x, DType dtype) {
    return switch (op) {
      case NEG -> -x;
      case ABS -> Math.abs(x);
      case SIGN -> Long.signum(x);
      case RELU -> Math.max(x, 0);
      case FLOOR, CEIL, ROUND, TRUNC -> x;
      case LOGICAL_NOT -> x == 0 ? 1 : 0;
      case ISNAN, ISINF -> 0;
      case ISFINITE -> 1;
      default -> throw new IllegalArgumentException(op.displayName() + " is defined for floating-point tensors only, got "
          + dtype + "; convert the tensor with .to(DType.FLOAT32) first");
    };
  }

  static double binary(Op op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case FLOOR_DIVIDE -> floorDivide(a, b);
      case POW -> Math.pow(a, b);
      case MAXIMUM -> Math.max(a, b);   // Math.max propagates NaN, as torch.maximum does
      case MINIMUM -> Math.min(a, b);
      case FMOD -> a % b;               // Java's % on doubles is C's fmod
      case REMAINDER -> remainder(a, b);
      case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
      case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
      case LOGICAL_XOR -> (a != 0) != (b != 0) ? 1 : 0;
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      default -> throw new IllegalArgumentException("not a binary op: " + op);
    };
  }

  /** PyTorch's floor division on floats: floor(a / b) computed from fmod so it is exact. */
  static double floorDivide(double a, double b) {
    if (b == 0) return a / b;
    double mod = a % b;
    double div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
    if (div == 0) return Math.copySign(0.0, a / b);
    double floor = Math.floor(div);
    if (div - floor > 0.5) floor += 1;
    return floor;
  }

  /** Python's %: the result takes the sign of the divisor. */
  static double remainder(double a, double b) {
    double mod = a % b;
    if (mod != 0 && (b < 0) != (mod < 0)) mod += b;
    return mod;
  }

  static long binary(Op op, long a, long b, DType dtype) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case FLOOR_DIVIDE -> Math.floorDiv(a, nonZero(op, b, dtype));
      case POW -> pow(a, b, dtype);
      case MAXIMUM -> Math.max(a, b);
      case MINIMUM -> Math.min(a, b);
      case FMOD -> a % nonZero(op, b, dtype);
      case REMAINDER -> Math.floorMod(a, nonZero(op, b, dtype));
      case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
      case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
      case LOGICAL_XOR -> (a != 0) != (b != 0) ? 1 : 0;
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      default -> throw new IllegalArgumentException(op.displayName() + " is defined for floating-point tensors only, got "
          + dtype + "; convert the operands with .to(DType.FLOAT32) first");
    };
  }

  private static long nonZero(Op op, long b, DType dtype) {
    if (b == 0) {
      throw new ArithmeticException("ZeroDivisionError: integer division by zero in " + op.displayName() + " on "
          + dtype + " tensors; use floating-point tensors to get inf/nan instead");
    }
    return b;
  }

  /** Integer power by repeated squaring; wraps like the dtype's own multiplication. */
  static long pow(long base, long exp, DType dtype) {
    if (exp < 0) {
      throw new ArithmeticException("Pow: integers to negative integer powers are not allowed (" + dtype
          + " exponent " + exp + "); use a floating-point base or exponent");
    }
    long result = 1;
    while (exp != 0) {
      if ((exp & 1) != 0) result *= base;
      base *= base;
      exp >>>= 1;
    }
    return result;
  }
}
