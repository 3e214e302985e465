package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;

/**
 * The reference's view of each dtype: rounding and wrapping as PyTorch's C++ casts do, and the
 * host transfer encoding ({@link DType#hostArrayType()}), written independently of any backend.
 */
final class DTypes {
  private DTypes() {}

  /** Rounds a double to the nearest value of a floating dtype (half and bfloat16 go through float, as c10 does). */
  static double round(double v, DType t) {
    return switch (t) {
      case FLOAT64 -> v;
      case FLOAT32 -> (float) v;
      case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16((float) v));
      case BFLOAT16 -> bf16ToFloat(floatToBf16((float) v));
      default -> throw new IllegalArgumentException("not a floating dtype: " + t);
    };
  }

  /** Two's-complement wrap of a long into an integer dtype; bool is nonzero. */
  static long wrap(long v, DType t) {
    return switch (t) {
      case INT8 -> (byte) v;
      case UINT8 -> v & 0xFF;
      case INT16 -> (short) v;
      case INT32 -> (int) v;
      case INT64 -> v;
      case BOOL -> v != 0 ? 1 : 0;
      default -> throw new IllegalArgumentException("not an integer dtype: " + t);
    };
  }

  /** An integer converted to a floating dtype: int64 to float32 rounds once, as a C++ cast does. */
  static double longToFloat(long v, DType t) {
    return t == DType.FLOAT64 ? (double) v : (double) (float) v;
  }

  /** Round-to-nearest-even float to bfloat16 bits (NaN stays a quiet NaN). */
  static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) return (short) 0x7FC0;
    int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
    return (short) (rounded >>> 16);
  }

  static float bf16ToFloat(short b) { return Float.intBitsToFloat((b & 0xFFFF) << 16); }

  /** The host array ({@link DType#hostArrayType()}) holding these values. */
  static Object encode(Nd x) {
    int n = x.numel();
    return switch (x.dtype) {
      case FLOAT64 -> x.f.clone();
      case FLOAT32 -> {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) x.f[i];
        yield a;
      }
      case FLOAT16, BFLOAT16 -> {
        short[] a = new short[n];
        for (int i = 0; i < n; i++) {
          a[i] = x.dtype == DType.FLOAT16 ? Float.floatToFloat16((float) x.f[i]) : floatToBf16((float) x.f[i]);
        }
        yield a;
      }
      case INT16 -> {
        short[] a = new short[n];
        for (int i = 0; i < n; i++) a[i] = (short) x.l[i];
        yield a;
      }
      case INT8, UINT8, BOOL -> {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) a[i] = (byte) x.l[i];
        yield a;
      }
      case INT32 -> {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = (int) x.l[i];
        yield a;
      }
      case INT64 -> x.l.clone();
    };
  }

  /** Values of a host array of {@code dtype}'s host type. */
  static Nd decode(Object host, DType dtype, int[] shape) {
    Nd r = Nd.zeros(dtype, shape);
    int n = r.numel();
    switch (dtype) {
      case FLOAT64 -> System.arraycopy((double[]) host, 0, r.f, 0, n);
      case FLOAT32 -> { float[] a = (float[]) host; for (int i = 0; i < n; i++) r.f[i] = a[i]; }
      case FLOAT16 -> { short[] a = (short[]) host; for (int i = 0; i < n; i++) r.f[i] = Float.float16ToFloat(a[i]); }
      case BFLOAT16 -> { short[] a = (short[]) host; for (int i = 0; i < n; i++) r.f[i] = bf16ToFloat(a[i]); }
      case INT16 -> { short[] a = (short[]) host; for (int i = 0; i < n; i++) r.l[i] = a[i]; }
      case INT8 -> { byte[] a = (byte[]) host; for (int i = 0; i < n; i++) r.l[i] = a[i]; }
      case UINT8 -> { byte[] a = (byte[]) host; for (int i = 0; i < n; i++) r.l[i] = a[i] & 0xFF; }
      // Raw bytes, so a backend that stores true as anything but 1 shows up in the comparison.
      case BOOL -> { byte[] a = (byte[]) host; for (int i = 0; i < n; i++) r.l[i] = a[i]; }
      case INT32 -> { int[] a = (int[]) host; for (int i = 0; i < n; i++) r.l[i] = a[i]; }
      case INT64 -> System.arraycopy((long[]) host, 0, r.l, 0, n);
    }
    return r;
  }

  /** A contiguous tensor on {@code device} holding exactly these values, written through the host transfer. */
  static Tensor upload(Nd x, Device device) {
    return Tensor.fromHost(encode(x), x.dtype, x.shape.clone(), device);
  }

  /** A tensor's values read back in its own dtype (no device-side cast involved). */
  static Nd download(Tensor t) {
    return decode(t.toHostArray(), t.dtype(), t.shape().toArray());
  }
}
