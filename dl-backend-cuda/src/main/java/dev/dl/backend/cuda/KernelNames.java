package dev.dl.backend.cuda;

import dev.dl.DType;
import dev.dl.spi.Op;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The contract between the Java side and the CUDA C sources: kernel names, the PTX module each
 * lives in, dtype suffixes and op codes. PtxFreshnessTest checks every name against the committed
 * PTX and every op code against common.cuh.
 */
final class KernelNames {
  /** The .cu files, one PTX module each. */
  static final List<String> MODULES = List.of("elementwise", "reduce", "gemm", "conv", "index", "random");

  private static final Map<Op, Integer> CODES = new EnumMap<>(Op.class);

  static {
    // Codes follow the order of common.cuh's OP_* defines.
    Op[] coded = {Op.NEG, Op.ABS, Op.SIGN, Op.EXP, Op.LOG, Op.LOG1P, Op.EXPM1, Op.SQRT, Op.RSQRT, Op.SIN, Op.COS,
        Op.TAN, Op.TANH, Op.SIGMOID, Op.RELU, Op.GELU, Op.SILU, Op.SOFTPLUS, Op.ERF, Op.FLOOR, Op.CEIL, Op.ROUND,
        Op.TRUNC, Op.RECIPROCAL, Op.LOGICAL_NOT, Op.ISNAN, Op.ISINF, Op.ISFINITE, Op.ADD, Op.SUB, Op.MUL, Op.DIV,
        Op.FLOOR_DIVIDE, Op.POW, Op.MAXIMUM, Op.MINIMUM, Op.FMOD, Op.REMAINDER, Op.LOGICAL_AND, Op.LOGICAL_OR,
        Op.LOGICAL_XOR, Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.SUM, Op.PROD, Op.MAX, Op.MIN, Op.ARGMAX,
        Op.ARGMIN, Op.CUMSUM, Op.CUMPROD, Op.SCATTER, Op.SCATTER_ADD, Op.RANDOM_UNIFORM, Op.RANDOM_NORMAL,
        Op.SOFTMAX, Op.LOG_SOFTMAX};
    for (int i = 0; i < coded.length; i++) CODES.put(coded[i], i);
  }

  private KernelNames() {}

  /** The op code the kernels switch on. */
  static int code(Op op) {
    Integer c = CODES.get(op);
    if (c == null) throw new IllegalArgumentException("op " + op + " has no CUDA kernel code");
    return c;
  }

  /** All coded ops with their codes, for the consistency test. */
  static Map<Op, Integer> codes() { return Map.copyOf(CODES); }

  /** The suffix of a dtype in kernel names ({@code f32}, {@code bf16}, {@code b8}, ...). */
  static String suffix(DType dtype) {
    return switch (dtype) {
      case FLOAT16 -> "f16";
      case BFLOAT16 -> "bf16";
      case FLOAT32 -> "f32";
      case FLOAT64 -> "f64";
      case INT8 -> "i8";
      case UINT8 -> "u8";
      case INT16 -> "i16";
      case INT32 -> "i32";
      case INT64 -> "i64";
      case BOOL -> "b8";
    };
  }

  static String of(String family, DType dtype) { return family + "_" + suffix(dtype); }

  static String copy(DType from, DType to) { return "copy_" + suffix(from) + "_" + suffix(to); }

  /** The module a kernel lives in, from its family prefix. */
  static String moduleOf(String kernel) {
    String family = kernel.substring(0, kernel.indexOf('_'));
    return switch (family) {
      case "fill", "copy", "unary", "predicate", "binary", "compare", "where" -> "elementwise";
      case "reduce", "argreduce", "scan", "softmax" -> "reduce";
      case "gemm" -> "gemm";
      case "im2col", "col2im" -> "conv";
      case "gather", "scatter" -> "index";
      case "random" -> "random";
      default -> throw new IllegalArgumentException("unknown kernel family of " + kernel);
    };
  }

  /** Every kernel name the backend can launch for the given dtypes. */
  static List<String> all(Iterable<DType> dtypes) {
    List<String> names = new ArrayList<>();
    for (DType t : dtypes) {
      for (String f : List.of("fill", "unary", "predicate", "binary", "compare", "where", "reduce", "argreduce",
          "scan", "gemm", "im2col", "col2im", "gather", "scatter")) {
        names.add(of(f, t));
      }
      if (t.isFloatingPoint()) {
        names.add(of("softmax", t));
        names.add(of("random", t));
      }
      for (DType u : dtypes) names.add(copy(t, u));
    }
    return names;
  }
}
