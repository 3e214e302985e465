package dev.dl.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dl.Backends;
import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Shape;
import dev.dl.spi.Availability;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared helpers for the OpenCL tests: the device (tests are skipped with the probe's reason when
 * there is none), host round trips in doubles for every dtype, and awkward views (transposed,
 * sliced, broadcast) of the same logical values.
 */
final class ClTestSupport {
  private static OpenClBackend backend;

  private ClTestSupport() {}

  /** opencl:0, or skips the calling test with the reason OpenCL is unavailable. */
  static synchronized OpenClBackend backend() {
    Availability a = new OpenClBackendProvider().probe();
    Assumptions.assumeTrue(a.available(), () -> "OpenCL is unavailable: " + a.reason());
    // The instance discovery hands out, so these tests share built programs with the kit's.
    if (backend == null) backend = (OpenClBackend) Backends.backend(Device.of("opencl:0"));
    return backend;
  }

  /** A value rounded to what {@code dt} can hold, as a double (PyTorch's cast rules). */
  static double round(DType dt, double v) {
    return switch (dt) {
      case FLOAT32 -> (float) v;
      case FLOAT64 -> v;
      case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16((float) v));
      case BFLOAT16 -> bf16ToFloat(floatToBf16((float) v));
      case INT8 -> (byte) (long) v;
      case UINT8 -> (long) v & 0xFF;
      case INT16 -> (short) (long) v;
      case INT32 -> (int) (long) v;
      case INT64 -> (long) v;
      case BOOL -> v != 0 ? 1 : 0;
    };
  }

  static short floatToBf16(float f) {
    int u = Float.floatToRawIntBits(f);
    if ((u & 0x7fffffff) > 0x7f800000) return (short) ((u >>> 16) | 0x40);
    u += 0x7fff + ((u >>> 16) & 1);
    return (short) (u >>> 16);
  }

  static float bf16ToFloat(short s) { return Float.intBitsToFloat((s & 0xFFFF) << 16); }

  /** Host array of {@code dt} holding {@code values}. */
  static Object toHost(DType dt, double[] values) {
    int n = values.length;
    return switch (dt) {
      case FLOAT32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float) values[i]; yield a; }
      case FLOAT64 -> values.clone();
      case FLOAT16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = Float.floatToFloat16((float) values[i]); yield a; }
      case BFLOAT16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = floatToBf16((float) values[i]); yield a; }
      case INT16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short) (long) values[i]; yield a; }
      case INT8, UINT8 -> { byte[] a = new byte[n]; for (int i = 0; i < n; i++) a[i] = (byte) (long) values[i]; yield a; }
      case BOOL -> { byte[] a = new byte[n]; for (int i = 0; i < n; i++) a[i] = (byte) (values[i] != 0 ? 1 : 0); yield a; }
      case INT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = (int) (long) values[i]; yield a; }
      case INT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = (long) values[i]; yield a; }
    };
  }

  static double[] fromHost(DType dt, Object host) {
    return switch (dt) {
      case FLOAT32 -> { float[] a = (float[]) host; double[] d = new double[a.length]; for (int i = 0; i < a.length; i++) d[i] = a[i]; yield d; }
      case FLOAT64 -> ((double[]) host).clone();
      case FLOAT16 -> { short[] a = (short[]) host; double[] d = new double[a.length]; for (int i = 0; i < a.length; i++) d[i] = Float.float16ToFloat(a[i]); yield d; }
      case BFLOAT16 -> { short[] a = (short[]) host; double[] d = new double[a.length]; for (int i = 0; i < a.length; i++) d[i] = bf16ToFloat(a[i]); yield d; }
      case INT16 -> { short[] a = (short[]) host; double[] d = new double[a.length]; for (int i = 0; i < a.length; i++) d[i] = a[i]; yield d; }
      case INT8, BOOL -> { byte[] a = (byte[]) host; double[] d = new double[a.length]; for (int i = 0; i < a.length; i++) d[i] = a[i]; yield d; }
      case UINT8 -> { byte[] a = (byte[]) host; double[] d = new double[a.length]; for (int i = 0; i < a.length; i++) d[i] = a[i] & 0xFF; yield d; }
      case INT32 -> { int[] a = (int[]) host; double[] d = new double[a.length]; for (int i = 0; i < a.length; i++) d[i] = a[i]; yield d; }
      case INT64 -> { long[] a = (long[]) host; double[] d = new double[a.length]; for (int i = 0; i < a.length; i++) d[i] = a[i]; yield d; }
    };
  }

  /** A contiguous operand holding {@code values} (row-major). */
  static Operand put(DType dt, double[] values, int... shape) {
    assertEquals(Shape.numel(shape), values.length, "test data size");
    Storage s = backend().allocate(dt, values.length);
    backend().write(s, 0, toHost(dt, values), 0, values.length);
    return Operand.contiguous(s, shape);
  }

  /** A fresh contiguous output. */
  static Operand empty(DType dt, int... shape) {
    return Operand.contiguous(backend().allocate(dt, Shape.numel(shape)), shape);
  }

  /** The logical (row-major) values of any operand. */
  static double[] get(Operand o) {
    Storage s = o.storage();
    Object host = java.lang.reflect.Array.newInstance(o.dtype().hostArrayType().getComponentType(), s.length());
    backend().read(s, 0, host, 0, s.length());
    double[] all = fromHost(o.dtype(), host);
    double[] out = new double[o.numel()];
    for (int i = 0; i < out.length; i++) out[i] = all[offset(o.shape(), o.strides(), o.offset(), i)];
    return out;
  }

  static int offset(int[] shape, int[] strides, int base, int lin) {
    int off = base;
    for (int d = shape.length - 1; d >= 0; d--) {
      off += (lin % shape[d]) * strides[d];
      lin /= shape[d];
    }
    return off;
  }

  /** How a test lays out an input: the same logical values in different memory layouts. */
  enum Arrangement { CONTIGUOUS, TRANSPOSED, SLICED }

  /**
   * An operand with logical shape {@code shape} and row-major values {@code values}, stored as
   * {@code layout} says: TRANSPOSED keeps the dims reversed in memory, SLICED keeps every other
   * element of a larger buffer starting at offset 3.
   */
  static Operand put(DType dt, double[] values, Arrangement layout, int... shape) {
    int n = values.length;
    int nd = shape.length;
    switch (layout) {
      case CONTIGUOUS -> { return put(dt, values, shape); }
      case TRANSPOSED -> {
        int[] strides = new int[nd];
        int acc = 1;
        for (int d = 0; d < nd; d++) {
          strides[d] = acc;
          acc *= shape[d];
        }
        double[] mem = new double[n];
        for (int i = 0; i < n; i++) mem[offset(shape, strides, 0, i)] = values[i];
        Operand base = put(dt, mem, n);
        return new Operand(base.storage(), dt, shape, strides, 0);
      }
      default -> {
        int[] strides = Shape.contiguousStrides(shape);
        for (int d = 0; d < nd; d++) strides[d] *= 2;
        double[] mem = new double[2 * n + 3];
        Arrays.fill(mem, 77);
        for (int i = 0; i < n; i++) mem[offset(shape, strides, 3, i)] = values[i];
        Operand base = put(dt, mem, mem.length);
        return new Operand(base.storage(), dt, shape, strides, 3);
      }
    }
  }

  /** Broadcasts {@code o} along dim {@code d} to {@code size} (stride 0). */
  static Operand broadcast(Operand o, int d, int size) {
    int[] shape = o.shape().clone();
    int[] strides = o.strides().clone();
    shape[d] = size;
    strides[d] = 0;
    return new Operand(o.storage(), o.dtype(), shape, strides, o.offset());
  }

  static double[] random(Random r, int n, double lo, double hi, boolean integral) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double x = lo + (hi - lo) * r.nextDouble();
      v[i] = integral ? Math.floor(x) : x;
    }
    return v;
  }

  /** Relative tolerance a dtype's rounding allows. */
  static double tolerance(DType dt) {
    return switch (dt) {
      case FLOAT16 -> 2e-3;
      case BFLOAT16 -> 1.6e-2;
      case FLOAT32 -> 2e-6;
      case FLOAT64 -> 1e-12;
      default -> 0;
    };
  }

  static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i], a = actual[i];
      if (Double.isNaN(e) && Double.isNaN(a)) continue;
      if (e == a) continue;
      if (Math.abs(e - a) <= atol + rtol * Math.abs(e)) continue;
      fail(what + ": element " + i + " expected " + e + " but was " + a + " (rtol " + rtol + ", atol " + atol + ")");
    }
  }
}
