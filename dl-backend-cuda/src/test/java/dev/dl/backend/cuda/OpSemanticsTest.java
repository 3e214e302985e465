package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dl.spi.Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The kernels' scalar op code (elementwise.cu, compiled for the host) against Java references, op
 * by op through {@link KernelNames#code}: PyTorch's floor-division, remainder and NaN rules, integer
 * wrap-around, predicates, and the copy kernels' dtype conversions. This checks the op tables and
 * casting rules; device math may differ from the host's in the last ulp. Skipped without nvcc.
 */
class OpSemanticsTest {
  private static final double[] FLOATS = {-2.5, -1, -0.5, -0.0, 0.0, 0.3, 0.5, 1.5, 2.5, 3, 10, 25,
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
  private static final double[][] FLOAT_PAIRS = {{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {7.5, 2}, {-7.5, 0.5}, {5, 0},
      {-5, 0}, {0, 0}, {Double.NaN, 1}, {1, Double.NaN}, {2, 10}, {-8, 3}, {0.3, 0.1}, {-0.0, 3}, {1e300, 1e-300}};
  private static final long[][] INT_PAIRS = {{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {3, 0}, {0, 5}, {2, 62}, {3, 40},
      {2, -1}, {-1, -3}, {1, -5}, {Long.MAX_VALUE, 1}, {Long.MIN_VALUE, 1}, {-9, 4}};

  private record Case(String line, String expected, double tolerance) {}

  private final List<Case> cases = new ArrayList<>();

  private static String fmt(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    return Double.toString(v);
  }

  private void unaryF64(Op op, DoubleUnaryOperator ref, double tol) {
    for (double x : FLOATS) cases.add(new Case("U f64 " + KernelNames.code(op) + " " + fmt(x), fmt(ref.applyAsDouble(x)), tol));
  }

  private void binaryF64(Op op, DoubleBinaryOperator ref) {
    for (double[] p : FLOAT_PAIRS) {
      cases.add(new Case("B f64 " + KernelNames.code(op) + " " + fmt(p[0]) + " " + fmt(p[1]), fmt(ref.applyAsDouble(p[0], p[1])), 1e-15));
    }
  }

  private void binaryI64(Op op, LongBinaryOperator ref) {
    for (long[] p : INT_PAIRS) {
      // Tolerance -1: compare the decimal strings (int64 values do not survive a trip through double).
      cases.add(new Case("B i64 " + KernelNames.code(op) + " " + p[0] + " " + p[1], Long.toString(ref.applyAsLong(p[0], p[1])), -1));
    }
  }

  private void exact(String line, String expected) { cases.add(new Case(line, expected, 0)); }

  private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

  private static double floorDiv(double a, double b) { return b == 0 ? a / b : Math.floor(a / b); }

  private static double remainder(double a, double b) {
    double r = a % b;
    return r != 0 && (r < 0) != (b < 0) ? r + b : r;
  }

  private static double nanMax(double a, double b, boolean max) {
    return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : max ? Math.max(a, b) : Math.min(a, b);
  }

  private static long ipow(long base, long exp) {
    if (exp < 0) return base == 1 ? 1 : base == -1 ? ((exp & 1) != 0 ? -1 : 1) : 0;
    long r = 1;
    for (long i = 0; i < exp; i++) r *= base;
    return r;
  }

  private static double bf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    bits = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000;
    return Float.intBitsToFloat(bits);
  }

  private static double f16(double d) { return Float.float16ToFloat(Float.floatToFloat16((float) d)); }

  private void buildTable() {
    double tol = 1e-13;
    unaryF64(Op.NEG, x -> -x, 0);
    unaryF64(Op.ABS, Math::abs, 0);
    unaryF64(Op.SIGN, Math::signum, 0);
    unaryF64(Op.EXP, Math::exp, tol);
    unaryF64(Op.LOG, Math::log, tol);
    unaryF64(Op.LOG1P, Math::log1p, tol);
    unaryF64(Op.EXPM1, Math::expm1, tol);
    unaryF64(Op.SQRT, Math::sqrt, tol);
    unaryF64(Op.RSQRT, x -> 1 / Math.sqrt(x), tol);
    unaryF64(Op.SIN, Math::sin, tol);
    unaryF64(Op.COS, Math::cos, tol);
    unaryF64(Op.TAN, Math::tan, tol);
    unaryF64(Op.TANH, Math::tanh, tol);
    unaryF64(Op.SIGMOID, OpSemanticsTest::sigmoid, tol);
    unaryF64(Op.RELU, x -> x < 0 ? 0 : x, 0);
    unaryF64(Op.SILU, x -> x * sigmoid(x), tol);
    unaryF64(Op.SOFTPLUS, x -> Math.log1p(Math.exp(x)), tol);
    unaryF64(Op.FLOOR, Math::floor, 0);
    unaryF64(Op.CEIL, Math::ceil, 0);
    unaryF64(Op.ROUND, Math::rint, 0);
    unaryF64(Op.TRUNC, x -> x < 0 ? Math.ceil(x) : Math.floor(x), 0);
    unaryF64(Op.RECIPROCAL, x -> 1 / x, 0);
    // erf has no Java counterpart: known values.
    double[][] erf = {{0.5, 0.5204998778130465}, {1, 0.8427007929497149}, {-1.5, -0.9661051464753108}, {2, 0.9953222650189527}};
    for (double[] e : erf) cases.add(new Case("U f64 " + KernelNames.code(Op.ERF) + " " + e[0], fmt(e[1]), tol));
    double[][] gelu = {{1, 0.8413447460685429}, {-1, -0.15865525393145707}, {0.5, 0.34573123063700656}};
    for (double[] g : gelu) cases.add(new Case("U f64 " + KernelNames.code(Op.GELU) + " " + g[0], fmt(g[1]), tol));

    binaryF64(Op.ADD, Double::sum);
    binaryF64(Op.SUB, (a, b) -> a - b);
    binaryF64(Op.MUL, (a, b) -> a * b);
    binaryF64(Op.DIV, (a, b) -> a / b);
    binaryF64(Op.FLOOR_DIVIDE, OpSemanticsTest::floorDiv);
    binaryF64(Op.POW, (a, b) -> a == 1 ? 1 : Math.pow(a, b));  // C and PyTorch: pow(1, NaN) = 1; Java says NaN
    binaryF64(Op.MAXIMUM, (a, b) -> nanMax(a, b, true));
    binaryF64(Op.MINIMUM, (a, b) -> nanMax(a, b, false));
    binaryF64(Op.FMOD, (a, b) -> a % b);
    binaryF64(Op.REMAINDER, OpSemanticsTest::remainder);
    binaryF64(Op.LOGICAL_AND, (a, b) -> a != 0 && b != 0 ? 1 : 0);
    binaryF64(Op.LOGICAL_OR, (a, b) -> a != 0 || b != 0 ? 1 : 0);
    binaryF64(Op.LOGICAL_XOR, (a, b) -> (a != 0) != (b != 0) ? 1 : 0);

    binaryI64(Op.ADD, (a, b) -> a + b);
    binaryI64(Op.SUB, (a, b) -> a - b);
    binaryI64(Op.MUL, (a, b) -> a * b);
    binaryI64(Op.FLOOR_DIVIDE, (a, b) -> b == 0 ? 0 : Math.floorDiv(a, b));
    binaryI64(Op.REMAINDER, (a, b) -> b == 0 ? 0 : Math.floorMod(a, b));
    binaryI64(Op.FMOD, (a, b) -> b == 0 ? 0 : a % b);
    binaryI64(Op.POW, OpSemanticsTest::ipow);
    binaryI64(Op.MAXIMUM, Math::max);
    binaryI64(Op.MINIMUM, Math::min);

    // Comparisons write 0/1, NaN compares false except !=.
    Op[] cmp = {Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE};
    double[][] cmpPairs = {{1, 2}, {2, 2}, {3, 2}, {Double.NaN, 2}, {Double.NaN, Double.NaN}, {-0.0, 0.0}};
    for (Op op : cmp) {
      for (double[] p : cmpPairs) {
        boolean r = switch (op) {
          case EQ -> p[0] == p[1];
          case NE -> p[0] != p[1];
          case LT -> p[0] < p[1];
          case LE -> p[0] <= p[1];
          case GT -> p[0] > p[1];
          default -> p[0] >= p[1];
        };
        for (String dt : new String[] {"f64", "f16", "bf16"}) {
          exact("C " + dt + " " + KernelNames.code(op) + " " + fmt(p[0]) + " " + fmt(p[1]), r ? "1" : "0");
        }
      }
    }

    // Narrow types: compute in a wider type, store wraps (integers) or rounds (16-bit floats).
    exact("B i8 " + KernelNames.code(Op.ADD) + " 100 100", "-56");
    exact("B i8 " + KernelNames.code(Op.MUL) + " 16 16", "0");
    exact("B u8 " + KernelNames.code(Op.SUB) + " 1 2", "255");
    exact("B i16 " + KernelNames.code(Op.MUL) + " 300 300", Short.toString((short) 90000));
    exact("B i32 " + KernelNames.code(Op.ADD) + " 2147483647 1", "-2147483648");
    exact("B b8 " + KernelNames.code(Op.ADD) + " 1 1", "1");
    exact("B b8 " + KernelNames.code(Op.MUL) + " 1 0", "0");
    exact("B b8 " + KernelNames.code(Op.LOGICAL_XOR) + " 1 1", "0");
    exact("U i8 " + KernelNames.code(Op.NEG) + " -128", "-128");
    exact("U i32 " + KernelNames.code(Op.ABS) + " -5", "5");
    exact("U i64 " + KernelNames.code(Op.SIGN) + " -9", "-1");
    exact("U i16 " + KernelNames.code(Op.RELU) + " -3", "0");
    exact("U i32 " + KernelNames.code(Op.FLOOR) + " 7", "7");
    cases.add(new Case("U f16 " + KernelNames.code(Op.EXP) + " 1", fmt(f16(Math.exp(1))), 0));
    cases.add(new Case("U bf16 " + KernelNames.code(Op.EXP) + " 1", fmt(bf16((float) Math.exp(1))), 0));
    cases.add(new Case("U f32 " + KernelNames.code(Op.EXP) + " 1", fmt((float) Math.exp(1)), 1e-7));
    cases.add(new Case("B f16 " + KernelNames.code(Op.MUL) + " 300 300", "inf", 0));

    // Predicates.
    String[][] preds = {{"ISNAN", "nan", "1"}, {"ISNAN", "1", "0"}, {"ISINF", "inf", "1"}, {"ISINF", "-inf", "1"},
        {"ISINF", "nan", "0"}, {"ISFINITE", "1", "1"}, {"ISFINITE", "nan", "0"}, {"ISFINITE", "-inf", "0"},
        {"LOGICAL_NOT", "0", "1"}, {"LOGICAL_NOT", "nan", "0"}, {"LOGICAL_NOT", "2", "0"}};
    for (String[] p : preds) exact("P f64 " + KernelNames.code(Op.valueOf(p[0])) + " " + p[1], p[2]);
    exact("P f16 " + KernelNames.code(Op.ISINF) + " 70000", "1");
    exact("P i32 " + KernelNames.code(Op.LOGICAL_NOT) + " 0", "1");
    exact("P i64 " + KernelNames.code(Op.ISFINITE) + " 5", "1");

    // Casts of the copy kernels.
    exact("X f64 i8 300.7", "44");
    exact("X f64 u8 -1", "255");
    exact("X f64 i32 -2.9", "-2");
    exact("X f64 b8 nan", "1");
    exact("X f64 b8 -0.0", "0");
    exact("X f64 b8 0.25", "1");
    exact("X i64 f32 16777217", fmt((float) 16777217L));
    exact("X i64 f64 9007199254740993", fmt((double) 9007199254740993L));
    exact("X f64 f16 0.1", fmt(f16(0.1)));
    exact("X f64 f16 65520", "inf");
    exact("X f32 bf16 1.00390625", "1.0");
    exact("X f32 bf16 3.14159", fmt(bf16(3.14159f)));
    exact("X u8 i8 200", "-56");
    exact("X i64 u8 -1", "255");
    exact("X b8 f32 1", "1.0");
    exact("X i16 b8 -7", "1");
  }

  private static boolean matches(String expected, String actual, double tol) {
    if (expected.equals(actual)) return true;
    if (tol < 0) return false;
    double e = parse(expected), a = parse(actual);
    if (Double.isNaN(e) || Double.isNaN(a)) return Double.isNaN(e) && Double.isNaN(a);
    if (e == a) return true;  // also 0.0 vs -0.0
    return Math.abs(e - a) <= tol * Math.max(1, Math.abs(e));
  }

  private static double parse(String s) {
    return switch (s) {
      case "nan", "-nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  @Test
  void kernelsScalarOpsMatchTheReferences() throws Exception {
    Optional<Path> exe = HostHarness.executable();
    assumeTrue(exe.isPresent(), "nvcc is not installed: the kernels' op code cannot be compiled for the host");
    buildTable();
    List<String> out = HostHarness.run(exe.get(), cases.stream().map(Case::line).toList());
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      if (!matches(c.expected(), out.get(i), c.tolerance())) wrong.add(c.line() + " -> " + out.get(i) + ", expected " + c.expected());
    }
    assertEquals(List.of(), wrong, wrong.size() + " of " + cases.size() + " cases differ");
  }
}
