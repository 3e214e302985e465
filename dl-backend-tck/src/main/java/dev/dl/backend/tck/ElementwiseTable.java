package dev.dl.backend.tck;

import static dev.dl.backend.tck.Domain.ABOVE_MINUS_ONE;
import static dev.dl.backend.tck.Domain.BASE;
import static dev.dl.backend.tck.Domain.EXPONENT;
import static dev.dl.backend.tck.Domain.GRID;
import static dev.dl.backend.tck.Domain.HALVES;
import static dev.dl.backend.tck.Domain.MOSTLY_ZERO;
import static dev.dl.backend.tck.Domain.NONZERO;
import static dev.dl.backend.tck.Domain.POSITIVE;
import static dev.dl.backend.tck.Domain.SMALL;
import static dev.dl.backend.tck.Domain.SPECIAL;
import static dev.dl.backend.tck.Domain.STANDARD;
import static dev.dl.backend.tck.Domain.TAN;
import static dev.dl.backend.tck.Domain.TRIG;
import static dev.dl.backend.tck.Domain.WHOLE;
import static dev.dl.backend.tck.Domain.WIDE;
import static dev.dl.backend.tck.OpCase.ALL;
import static dev.dl.backend.tck.OpCase.FLOATS;
import static dev.dl.backend.tck.OpCase.FLOATS_AND_PROMOTED;
import static dev.dl.backend.tck.OpCase.NUMERIC;
import static dev.dl.backend.tck.OpCase.binary;
import static dev.dl.backend.tck.OpCase.unary;

import dev.dl.DType;
import dev.dl.Tensor;
import dev.dl.spi.Op;
import java.util.List;
import java.util.Set;

/**
 * The elementwise op table. Adding an op to the vocabulary adds one row here: how the public API
 * runs it, its reference for doubles and for longs (null where PyTorch does not define it for
 * integers), the input domain and the dtypes. Bool arithmetic follows PyTorch: add is or, mul is
 * and; comparisons and predicates write bool.
 */
final class ElementwiseTable {
  private ElementwiseTable() {}

  /** add, mul, maximum and minimum are defined on bool (as or, and, or, and). */
  private static final Set<DType> BOOL_ARITH = ALL;

  static final List<OpCase> UNARY = List.of(
      unary(Op.NEG, Tensor::neg, a -> -a, a -> -a, STANDARD, NUMERIC),
      unary(Op.ABS, Tensor::abs, Math::abs, Math::abs, STANDARD, NUMERIC),
      unary(Op.SIGN, Tensor::sign, Math::signum, Long::signum, SPECIAL, NUMERIC),
      unary(Op.EXP, Tensor::exp, Math::exp, null, SMALL, FLOATS_AND_PROMOTED),
      unary(Op.LOG, Tensor::log, Math::log, null, POSITIVE, FLOATS_AND_PROMOTED),
      unary(Op.LOG1P, Tensor::log1p, Math::log1p, null, ABOVE_MINUS_ONE, FLOATS_AND_PROMOTED),
      unary(Op.EXPM1, Tensor::expm1, Math::expm1, null, SMALL, FLOATS_AND_PROMOTED),
      unary(Op.SQRT, Tensor::sqrt, Math::sqrt, null, POSITIVE, FLOATS_AND_PROMOTED),
      unary(Op.RSQRT, Tensor::rsqrt, a -> 1 / Math.sqrt(a), null, POSITIVE, FLOATS_AND_PROMOTED),
      unary(Op.SIN, Tensor::sin, Math::sin, null, TRIG, FLOATS_AND_PROMOTED),
      unary(Op.COS, Tensor::cos, Math::cos, null, TRIG, FLOATS_AND_PROMOTED),
      unary(Op.TAN, Tensor::tan, Math::tan, null, TAN, FLOATS_AND_PROMOTED),
      unary(Op.TANH, Tensor::tanh, Math::tanh, null, WIDE, FLOATS_AND_PROMOTED),
      unary(Op.SIGMOID, Tensor::sigmoid, Ref::sigmoid, null, WIDE, FLOATS_AND_PROMOTED),
      unary(Op.RELU, Tensor::relu, a -> Double.isNaN(a) ? a : Math.max(a, 0), a -> Math.max(a, 0), STANDARD, NUMERIC),
      unary(Op.GELU, Tensor::gelu, Ref::gelu, null, SMALL, FLOATS_AND_PROMOTED),
      unary(Op.SILU, Tensor::silu, a -> a * Ref.sigmoid(a), null, SMALL, FLOATS_AND_PROMOTED),
      unary(Op.SOFTPLUS, Tensor::softplus, Ref::softplus, null, WIDE, FLOATS_AND_PROMOTED),
      unary(Op.ERF, Tensor::erf, Ref::erf, null, SMALL, FLOATS_AND_PROMOTED),
      unary(Op.FLOOR, Tensor::floor, Math::floor, a -> a, HALVES, NUMERIC),
      unary(Op.CEIL, Tensor::ceil, Math::ceil, a -> a, HALVES, NUMERIC),
      unary(Op.ROUND, Tensor::round, Math::rint, a -> a, HALVES, NUMERIC),
      unary(Op.TRUNC, Tensor::trunc, a -> a < 0 ? Math.ceil(a) : Math.floor(a), a -> a, HALVES, NUMERIC),
      unary(Op.RECIPROCAL, Tensor::reciprocal, a -> 1 / a, null, NONZERO, FLOATS_AND_PROMOTED),
      unary(Op.LOGICAL_NOT, Tensor::logicalNot, null, a -> a == 0 ? 1 : 0, MOSTLY_ZERO, ALL),
      unary(Op.ISNAN, Tensor::isnan, a -> Double.isNaN(a) ? 1 : 0, a -> 0, SPECIAL, ALL),
      unary(Op.ISINF, Tensor::isinf, a -> Double.isInfinite(a) ? 1 : 0, a -> 0, SPECIAL, ALL),
      unary(Op.ISFINITE, Tensor::isfinite, a -> Double.isFinite(a) ? 1 : 0, a -> 1, SPECIAL, ALL),
      // NaN, infinities and signed zeros through ops whose kernels often special-case them.
      unary(Op.ABS, "ABS specials", Tensor::abs, Math::abs, Math::abs, SPECIAL, FLOATS),
      unary(Op.EXP, "EXP specials", Tensor::exp, Math::exp, null, SPECIAL, FLOATS),
      unary(Op.RELU, "RELU specials", Tensor::relu, a -> Double.isNaN(a) ? a : Math.max(a, 0), null, SPECIAL, FLOATS),
      unary(Op.SIGMOID, "SIGMOID specials", Tensor::sigmoid, Ref::sigmoid, null, SPECIAL, FLOATS),
      unary(Op.TANH, "TANH specials", Tensor::tanh, Math::tanh, null, SPECIAL, FLOATS),
      unary(Op.FLOOR, "FLOOR specials", Tensor::floor, Math::floor, null, SPECIAL, FLOATS));

  static final List<OpCase> BINARY = List.of(
      binary(Op.ADD, Tensor::add, Double::sum, Long::sum, STANDARD, STANDARD, BOOL_ARITH),
      binary(Op.SUB, Tensor::sub, (a, b) -> a - b, (a, b) -> a - b, STANDARD, STANDARD, NUMERIC),
      binary(Op.MUL, Tensor::mul, (a, b) -> a * b, (a, b) -> a * b, STANDARD, STANDARD, BOOL_ARITH),
      binary(Op.DIV, Tensor::div, (a, b) -> a / b, null, SMALL, NONZERO, ALL),
      binary(Op.FLOOR_DIVIDE, Tensor::floorDivide, (a, b) -> Math.floor(a / b), Math::floorDiv, GRID, NONZERO, NUMERIC),
      binary(Op.POW, Tensor::pow, Math::pow, ElementwiseTable::intPow, BASE, EXPONENT, NUMERIC),
      // Negative and zero bases with whole exponents: exp(b*log(a)) would give NaN here.
      binary(Op.POW, "POW whole exponents", Tensor::pow, Math::pow, null, GRID, WHOLE, FLOATS),
      binary(Op.MAXIMUM, Tensor::maximum, Math::max, Math::max, GRID, GRID, ALL),
      binary(Op.MINIMUM, Tensor::minimum, Math::min, Math::min, GRID, GRID, ALL),
      binary(Op.FMOD, Tensor::fmod, (a, b) -> a % b, (a, b) -> a % b, GRID, NONZERO, NUMERIC),
      binary(Op.REMAINDER, Tensor::remainder, (a, b) -> a - Math.floor(a / b) * b, Math::floorMod, GRID, NONZERO, NUMERIC),
      binary(Op.LOGICAL_AND, Tensor::logicalAnd, null, (a, b) -> a & b, MOSTLY_ZERO, MOSTLY_ZERO, ALL),
      binary(Op.LOGICAL_OR, Tensor::logicalOr, null, (a, b) -> a | b, MOSTLY_ZERO, MOSTLY_ZERO, ALL),
      binary(Op.LOGICAL_XOR, Tensor::logicalXor, null, (a, b) -> a ^ b, MOSTLY_ZERO, MOSTLY_ZERO, ALL),
      binary(Op.EQ, Tensor::eq, (a, b) -> a == b ? 1 : 0, (a, b) -> a == b ? 1 : 0, GRID, GRID, ALL),
      binary(Op.NE, Tensor::ne, (a, b) -> a != b ? 1 : 0, (a, b) -> a != b ? 1 : 0, GRID, GRID, ALL),
      binary(Op.LT, Tensor::lt, (a, b) -> a < b ? 1 : 0, (a, b) -> a < b ? 1 : 0, GRID, GRID, ALL),
      binary(Op.LE, Tensor::le, (a, b) -> a <= b ? 1 : 0, (a, b) -> a <= b ? 1 : 0, GRID, GRID, ALL),
      binary(Op.GT, Tensor::gt, (a, b) -> a > b ? 1 : 0, (a, b) -> a > b ? 1 : 0, GRID, GRID, ALL),
      binary(Op.GE, Tensor::ge, (a, b) -> a >= b ? 1 : 0, (a, b) -> a >= b ? 1 : 0, GRID, GRID, ALL),
      // IEEE corner cases: NaN propagates through max/min and arithmetic, compares unequal.
      binary(Op.ADD, "ADD specials", Tensor::add, Double::sum, null, SPECIAL, SPECIAL, FLOATS),
      binary(Op.MUL, "MUL specials", Tensor::mul, (a, b) -> a * b, null, SPECIAL, SPECIAL, FLOATS),
      binary(Op.MAXIMUM, "MAXIMUM specials", Tensor::maximum, Math::max, null, SPECIAL, SPECIAL, FLOATS),
      binary(Op.MINIMUM, "MINIMUM specials", Tensor::minimum, Math::min, null, SPECIAL, SPECIAL, FLOATS),
      binary(Op.EQ, "EQ specials", Tensor::eq, (a, b) -> a == b ? 1 : 0, null, SPECIAL, SPECIAL, FLOATS),
      binary(Op.NE, "NE specials", Tensor::ne, (a, b) -> a != b ? 1 : 0, null, SPECIAL, SPECIAL, FLOATS),
      binary(Op.LT, "LT specials", Tensor::lt, (a, b) -> a < b ? 1 : 0, null, SPECIAL, SPECIAL, FLOATS));

  /** Integer power by repeated multiplication, wrapping like the dtype (exponents are non-negative). */
  static long intPow(long base, long exp) {
    long r = 1;
    for (long i = 0; i < exp; i++) r *= base;
    return r;
  }
}
