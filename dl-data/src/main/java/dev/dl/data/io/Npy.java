package dev.dl.data.io;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} arrays, for exchanging tensors with Python. Reads format versions 1.0, 2.0
 * and 3.0, little- and big-endian, C and Fortran order, dtypes bool, int8/16/32/64, uint8,
 * float16/32/64; writes version 1.0 (2.0 for huge headers), little-endian, C order.
 *
 * <pre>{@code
 * Npy.write(Path.of("x.npy"), Tensor.randn(3, 4));   // np.load("x.npy") in Python
 * Tensor back = Npy.read(Path.of("x.npy"));
 * }</pre>
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** Reads an array; Fortran-ordered data comes back as a normal (C-ordered) tensor. */
  public static Tensor read(Path file) {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Npy.read: cannot read " + file + ": " + e.getMessage(), e);
    }
    if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
      throw new MalformedDataException(file + ": not a .npy file: bad magic string at byte offset 0 (expected \\x93NUMPY)");
    }
    int major = b[6] & 0xFF;
    int headerLen;
    int headerStart;
    if (major == 1) {
      headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (b.length < 12) throw new MalformedDataException(file + ": truncated .npy header at byte offset " + b.length);
      headerLen = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      headerStart = 12;
    } else {
      throw new MalformedDataException(file + ": unsupported .npy format version " + major + "." + (b[7] & 0xFF)
          + " at byte offset 6 (supported: 1.0, 2.0, 3.0)");
    }
    if (headerLen < 0 || (long) headerStart + headerLen > b.length) {
      throw new MalformedDataException(file + ": truncated .npy header: it claims " + headerLen + " bytes from byte offset "
          + headerStart + " but the file has " + b.length + " bytes");
    }
    String header = new String(b, headerStart, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = field(DESCR, header, "descr", file, headerStart);
    boolean fortran = field(FORTRAN, header, "fortran_order", file, headerStart).equals("True");
    int[] shape = parseShape(field(SHAPE, header, "shape", file, headerStart), file, headerStart);
    DType dtype = dtypeOf(descr, file, headerStart);
    ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN
        : descr.charAt(0) == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
    int dataStart = headerStart + headerLen;
    long count = 1;
    for (int s : shape) count *= s;
    long need = count * dtype.itemSize();
    if (b.length - dataStart < need) {
      throw new MalformedDataException(file + ": truncated .npy data: shape " + Arrays.toString(shape) + " of " + descr
          + " needs " + need + " bytes from byte offset " + dataStart + ", the file ends at byte offset " + b.length);
    }
    int n = (int) count;
    ByteBuffer buf = ByteBuffer.wrap(b, dataStart, (int) need).order(order);
    Object host = switch (dtype) {
      case BOOL, INT8, UINT8 -> Arrays.copyOfRange(b, dataStart, dataStart + n);
      case INT16, FLOAT16 -> { short[] v = new short[n]; buf.asShortBuffer().get(v); yield v; }
      case INT32 -> { int[] v = new int[n]; buf.asIntBuffer().get(v); yield v; }
      case INT64 -> { long[] v = new long[n]; buf.asLongBuffer().get(v); yield v; }
      case FLOAT32 -> { float[] v = new float[n]; buf.asFloatBuffer().get(v); yield v; }
      case FLOAT64 -> { double[] v = new double[n]; buf.asDoubleBuffer().get(v); yield v; }
      case BFLOAT16 -> throw new IllegalStateException("bfloat16 has no .npy descr");
    };
    if (!fortran || shape.length < 2) return Tensor.fromHost(host, dtype, shape, Device.defaultDevice());
    // Fortran order is C order of the reversed shape; reverse the dims back and lay out as C.
    int[] reversed = new int[shape.length];
    int[] perm = new int[shape.length];
    for (int d = 0; d < shape.length; d++) {
      reversed[d] = shape[shape.length - 1 - d];
      perm[d] = shape.length - 1 - d;
    }
    return Tensor.fromHost(host, dtype, reversed, Device.defaultDevice()).permute(perm).contiguous();
  }

  private static String field(Pattern p, String header, String name, Path file, int offset) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new MalformedDataException(file + ": .npy header at byte offset " + offset + " has no valid '" + name
          + "' entry: " + header.strip());
    }
    return m.group(1);
  }

  private static int[] parseShape(String s, Path file, int offset) {
    String[] parts = Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toArray(String[]::new);
    int[] shape = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        shape[i] = Integer.parseInt(parts[i].replace("L", ""));
      } catch (NumberFormatException e) {
        throw new MalformedDataException(file + ": .npy header at byte offset " + offset + " has a bad shape (" + s + ")");
      }
      if (shape[i] < 0) throw new MalformedDataException(file + ": .npy header has a negative dimension in shape (" + s + ")");
    }
    return shape;
  }

  private static DType dtypeOf(String descr, Path file, int offset) {
    if (descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0) {
      throw new MalformedDataException(file + ": unsupported .npy descr '" + descr + "' at byte offset " + offset);
    }
    return switch (descr.substring(1)) {
      case "b1" -> DType.BOOL;
      case "i1" -> DType.INT8;
      case "u1" -> DType.UINT8;
      case "i2" -> DType.INT16;
      case "i4" -> DType.INT32;
      case "i8" -> DType.INT64;
      case "f2" -> DType.FLOAT16;
      case "f4" -> DType.FLOAT32;
      case "f8" -> DType.FLOAT64;
      default -> throw new MalformedDataException(file + ": unsupported .npy dtype '" + descr + "' (header at byte offset "
          + offset + "); supported: bool, int8/16/32/64, uint8, float16/32/64");
    };
  }

  /** Writes {@code t} as a little-endian, C-ordered .npy file (bfloat16 has no NumPy dtype and is rejected). */
  public static void write(Path file, Tensor t) {
    String descr = switch (t.dtype()) {
      case BOOL -> "|b1";
      case INT8 -> "|i1";
      case UINT8 -> "|u1";
      case INT16 -> "<i2";
      case INT32 -> "<i4";
      case INT64 -> "<i8";
      case FLOAT16 -> "<f2";
      case FLOAT32 -> "<f4";
      case FLOAT64 -> "<f8";
      case BFLOAT16 -> throw new IllegalArgumentException("Npy.write: NumPy has no bfloat16 dtype; convert with "
          + "to(DType.FLOAT32) first");
    };
    int[] shape = t.shape().toArray();
    StringBuilder dims = new StringBuilder();
    for (int i = 0; i < shape.length; i++) dims.append(i > 0 ? ", " : "").append(shape[i]);
    if (shape.length == 1) dims.append(',');
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    int prefix = dict.length() + 1 + 10 > 65535 ? 12 : 10;
    int total = ((prefix + dict.length() + 1 + 63) / 64) * 64;
    String header = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
    ByteBuffer buf = ByteBuffer.allocate(total + t.numel() * t.dtype().itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) (prefix == 10 ? 1 : 2)).put((byte) 0);
    if (prefix == 10) buf.putShort((short) header.length());
    else buf.putInt(header.length());
    buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
    switch (t.toHostArray()) {
      case byte[] v -> buf.put(v);
      case short[] v -> buf.asShortBuffer().put(v);
      case int[] v -> buf.asIntBuffer().put(v);
      case long[] v -> buf.asLongBuffer().put(v);
      case float[] v -> buf.asFloatBuffer().put(v);
      case double[] v -> buf.asDoubleBuffer().put(v);
      default -> throw new IllegalStateException("unexpected host array for " + t.dtype());
    }
    try {
      Files.write(file, buf.array());
    } catch (IOException e) {
      throw new UncheckedIOException("Npy.write: cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
