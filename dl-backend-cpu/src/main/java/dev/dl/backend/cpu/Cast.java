package dev.dl.backend.cpu;

import dev.dl.DType;

/**
 * Element access with PyTorch's casting rules. Floating-point values travel as {@code double},
 * integers and bool as {@code long}: float to integer truncates toward zero (NaN and infinities
 * give whatever Java's {@code (long)} cast gives), integers wrap to their width, anything to bool
 * is "nonzero", bool to a number is 0 or 1, float16 uses {@link Float#floatToFloat16} and
 * bfloat16 rounds to nearest even.
 */
final class Cast {
  private Cast() {}

  static float bf16ToFloat(short bits) { return Float.intBitsToFloat((bits & 0xFFFF) << 16); }

  static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    // Keep NaN a (quiet) NaN: rounding could carry a NaN payload into infinity.
    if ((bits & 0x7FFFFFFF) > 0x7F800000) return (short) ((bits >>> 16) | 0x0040);
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  static short floatToF16(float f) { return Float.floatToFloat16(f); }

  /** Element {@code i} of a floating-point array as a double (integers and bool converted). */
  static double getD(Object a, DType t, int i) {
    return switch (t) {
      case FLOAT32 -> ((float[]) a)[i];
      case FLOAT64 -> ((double[]) a)[i];
      case FLOAT16 -> Float.float16ToFloat(((short[]) a)[i]);
      case BFLOAT16 -> bf16ToFloat(((short[]) a)[i]);
      case INT8 -> ((byte[]) a)[i];
      case UINT8 -> ((byte[]) a)[i] & 0xFF;
      case INT16 -> ((short[]) a)[i];
      case INT32 -> ((int[]) a)[i];
      case INT64 -> (double) ((long[]) a)[i];
      case BOOL -> ((byte[]) a)[i] != 0 ? 1 : 0;
    };
  }

  /** Element {@code i} as a long (floating point truncated toward zero). */
  static long getL(Object a, DType t, int i) {
    return switch (t) {
      case FLOAT32 -> (long) ((float[]) a)[i];
      case FLOAT64 -> (long) ((double[]) a)[i];
      case FLOAT16 -> (long) Float.float16ToFloat(((short[]) a)[i]);
      case BFLOAT16 -> (long) bf16ToFloat(((short[]) a)[i]);
      case INT8 -> ((byte[]) a)[i];
      case UINT8 -> ((byte[]) a)[i] & 0xFF;
      case INT16 -> ((short[]) a)[i];
      case INT32 -> ((int[]) a)[i];
      case INT64 -> ((long[]) a)[i];
      case BOOL -> ((byte[]) a)[i] != 0 ? 1 : 0;
    };
  }

  /** Stores a double, converting to the array's dtype. */
  static void setD(Object a, DType t, int i, double v) {
    switch (t) {
      case FLOAT32 -> ((float[]) a)[i] = (float) v;
      case FLOAT64 -> ((double[]) a)[i] = v;
      // Through float, as PyTorch's c10::Half(double) does.
      case FLOAT16 -> ((short[]) a)[i] = Float.floatToFloat16((float) v);
      case BFLOAT16 -> ((short[]) a)[i] = floatToBf16((float) v);
      case BOOL -> ((byte[]) a)[i] = (byte) (v != 0 ? 1 : 0);
      default -> setL(a, t, i, (long) v);
    }
  }

  /** Stores a long, converting to the array's dtype (integers wrap to their width). */
  static void setL(Object a, DType t, int i, long v) {
    switch (t) {
      case FLOAT32 -> ((float[]) a)[i] = (float) v;
      case FLOAT64 -> ((double[]) a)[i] = (double) v;
      case FLOAT16 -> ((short[]) a)[i] = Float.floatToFloat16((float) v);
      case BFLOAT16 -> ((short[]) a)[i] = floatToBf16((float) v);
      case INT8, UINT8 -> ((byte[]) a)[i] = (byte) v;
      case INT16 -> ((short[]) a)[i] = (short) v;
      case INT32 -> ((int[]) a)[i] = (int) v;
      case INT64 -> ((long[]) a)[i] = v;
      case BOOL -> ((byte[]) a)[i] = (byte) (v != 0 ? 1 : 0);
    }
  }

  /** Copies one element between two arrays of the same type. */
  static void move(Object src, int si, Object dst, int di) {
    switch (src) {
      case float[] s -> ((float[]) dst)[di] = s[si];
      case double[] s -> ((double[]) dst)[di] = s[si];
      case short[] s -> ((short[]) dst)[di] = s[si];
      case byte[] s -> ((byte[]) dst)[di] = s[si];
      case int[] s -> ((int[]) dst)[di] = s[si];
      case long[] s -> ((long[]) dst)[di] = s[si];
      default -> throw new IllegalStateException("not a CPU storage array: " + src.getClass());
    }
  }

  /** Copies a strided run of {@code n} elements between two arrays of the same type. */
  static void moveRun(Object src, int so, int ss, Object dst, int dof, int ds, int n) {
    if (ss == 1 && ds == 1) {
      System.arraycopy(src, so, dst, dof, n);
      return;
    }
    switch (src) {
      case float[] s -> {
        float[] d = (float[]) dst;
        for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
      }
      case double[] s -> {
        double[] d = (double[]) dst;
        for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
      }
      case short[] s -> {
        short[] d = (short[]) dst;
        for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
      }
      case byte[] s -> {
        byte[] d = (byte[]) dst;
        for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
      }
      case int[] s -> {
        int[] d = (int[]) dst;
        for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
      }
      case long[] s -> {
        long[] d = (long[]) dst;
        for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
      }
      default -> throw new IllegalStateException("not a CPU storage array: " + src.getClass());
    }
  }

  /** Converts a strided run between any two dtypes. */
  static void convertRun(Object src, DType st, int so, int ss, Object dst, DType dt, int dof, int ds, int n) {
    if (st == dt) {
      moveRun(src, so, ss, dst, dof, ds, n);
    } else if (st == DType.FLOAT32 && dt == DType.FLOAT64) {
      float[] s = (float[]) src;
      double[] d = (double[]) dst;
      for (int i = 0; i < n; i++) d[dof + i * ds] = s[so + i * ss];
    } else if (st == DType.FLOAT64 && dt == DType.FLOAT32) {
      double[] s = (double[]) src;
      float[] d = (float[]) dst;
      for (int i = 0; i < n; i++) d[dof + i * ds] = (float) s[so + i * ss];
    } else if (st.isFloatingPoint()) {
      for (int i = 0; i < n; i++) setD(dst, dt, dof + i * ds, getD(src, st, so + i * ss));
    } else {
      for (int i = 0; i < n; i++) setL(dst, dt, dof + i * ds, getL(src, st, so + i * ss));
    }
  }
}
