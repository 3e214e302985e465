package dev.dl.backend.opencl;

import dev.dl.DType;

/** How each dtype looks in OpenCL C: storage type, compute type and the role flags of common.cl. */
final class ClTypes {
  private ClTypes() {}

  /** The element type in device memory (float16 as {@code half}, bfloat16 as its bit pattern). */
  static String storage(DType d) {
    return switch (d) {
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
      case FLOAT16 -> "half";
      case BFLOAT16 -> "ushort";
      case INT8 -> "char";
      case UINT8, BOOL -> "uchar";
      case INT16 -> "short";
      case INT32 -> "int";
      case INT64 -> "long";
    };
  }

  /** The type arithmetic runs in: narrow integers widen to int (and wrap on store), 16-bit floats to float. */
  static String compute(DType d) {
    return switch (d) {
      case FLOAT32, FLOAT16, BFLOAT16 -> "float";
      case FLOAT64 -> "double";
      case INT64 -> "long";
      case INT8, UINT8, INT16, INT32, BOOL -> "int";
    };
  }

  /** Reductions and scans accumulate wider: float32 in double when the device has it, integers in long. */
  static String accumulator(DType d, boolean fp64) {
    return switch (d) {
      case FLOAT32 -> fp64 ? "double" : "float";
      case FLOAT16, BFLOAT16 -> "float";
      case FLOAT64 -> "double";
      case INT8, UINT8, INT16, INT32, INT64, BOOL -> "long";
    };
  }

  /**
   * Build options for a program of {@code dtype}. common.cl names an input role (I) and an output
   * role (O) so kernels read as "load input, store output"; a program gives both the same dtype.
   */
  static String options(DType dtype, boolean fp64) {
    StringBuilder sb = new StringBuilder("-cl-std=CL1.2");
    role(sb, "I", dtype);
    role(sb, "O", dtype);
    sb.append(" -D ACCI=").append(accumulator(dtype, fp64));
    sb.append(" -D HAS_FP64=").append(fp64 ? 1 : 0);
    return sb.toString();
  }

  private static void role(StringBuilder sb, String r, DType d) {
    sb.append(" -D T").append(r).append('=').append(storage(d));
    sb.append(" -D C").append(r).append('=').append(compute(d));
    flag(sb, r, "FLOAT", d.isFloatingPoint());
    flag(sb, r, "DOUBLE", d == DType.FLOAT64);
    flag(sb, r, "HALF", d == DType.FLOAT16);
    flag(sb, r, "BF16", d == DType.BFLOAT16);
    flag(sb, r, "BOOL", d == DType.BOOL);
    flag(sb, r, "SIGNED", d.isSigned());
  }

  private static void flag(StringBuilder sb, String role, String name, boolean on) {
    sb.append(" -D ").append(role).append('_').append(name).append('=').append(on ? 1 : 0);
  }
}
