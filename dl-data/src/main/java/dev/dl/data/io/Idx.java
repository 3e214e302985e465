package dev.dl.data.io;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte}, plain or gzip):
 * two zero bytes, a type code, the number of dims, big-endian int32 sizes, then big-endian data.
 *
 * <pre>{@code
 * Tensor images = Idx.read(Path.of("train-images-idx3-ubyte.gz"));   // uint8 [60000, 28, 28]
 * }</pre>
 */
public final class Idx {
  private Idx() {}

  /** Reads an IDX file (gzip detected by its magic bytes) into a tensor of the file's element type. */
  public static Tensor read(Path file) {
    byte[] b = Bytes.readMaybeGzip(file);
    String where = file + (b.length > 0 && Bytes.isGzipName(file) ? " (after gunzip)" : "");
    if (b.length < 4) {
      throw new MalformedDataException(where + ": truncated IDX header: " + b.length + " bytes, need at least 4");
    }
    if (b[0] != 0 || b[1] != 0) {
      throw new MalformedDataException(where + ": bad IDX magic number 0x" + String.format("%02x%02x%02x%02x", b[0], b[1], b[2], b[3])
          + " at byte offset 0: the first two bytes must be zero");
    }
    DType dtype = switch (b[2] & 0xFF) {
      case 0x08 -> DType.UINT8;
      case 0x09 -> DType.INT8;
      case 0x0B -> DType.INT16;
      case 0x0C -> DType.INT32;
      case 0x0D -> DType.FLOAT32;
      case 0x0E -> DType.FLOAT64;
      default -> throw new MalformedDataException(where + ": unknown IDX type code 0x" + String.format("%02x", b[2])
          + " at byte offset 2 (expected 08, 09, 0b, 0c, 0d or 0e)");
    };
    int ndim = b[3] & 0xFF;
    int headerEnd = 4 + 4 * ndim;
    if (b.length < headerEnd) {
      throw new MalformedDataException(where + ": truncated IDX header: " + ndim + " dims need " + headerEnd
          + " header bytes, the file has " + b.length);
    }
    int[] shape = new int[ndim];
    long count = 1;
    for (int d = 0; d < ndim; d++) {
      shape[d] = Bytes.bigEndianInt(b, 4 + 4 * d);
      if (shape[d] < 0) {
        throw new MalformedDataException(where + ": negative dimension " + shape[d] + " at byte offset " + (4 + 4 * d));
      }
      count *= shape[d];
    }
    long need = headerEnd + count * dtype.itemSize();
    if (b.length < need) {
      throw new MalformedDataException(where + ": truncated IDX data: shape " + Arrays.toString(shape) + " of " + dtype
          + " needs " + need + " bytes, the file ends at byte offset " + b.length);
    }
    if (b.length > need) {
      throw new MalformedDataException(where + ": " + (b.length - need) + " unexpected bytes after the IDX data, from byte offset "
          + need + " (shape " + Arrays.toString(shape) + ")");
    }
    int n = (int) count;
    ByteBuffer buf = ByteBuffer.wrap(b, headerEnd, b.length - headerEnd).order(ByteOrder.BIG_ENDIAN);
    Object host = switch (dtype) {
      case UINT8, INT8 -> Arrays.copyOfRange(b, headerEnd, headerEnd + n);
      case INT16 -> { short[] v = new short[n]; buf.asShortBuffer().get(v); yield v; }
      case INT32 -> { int[] v = new int[n]; buf.asIntBuffer().get(v); yield v; }
      case FLOAT32 -> { float[] v = new float[n]; buf.asFloatBuffer().get(v); yield v; }
      default -> { double[] v = new double[n]; buf.asDoubleBuffer().get(v); yield v; }
    };
    return Tensor.fromHost(host, dtype, shape, Device.defaultDevice());
  }

  /** Writes {@code t} (uint8, int8, int16, int32, float32 or float64) as IDX; gzip if the name ends in .gz. */
  public static void write(Path file, Tensor t) {
    int code = switch (t.dtype()) {
      case UINT8 -> 0x08;
      case INT8 -> 0x09;
      case INT16 -> 0x0B;
      case INT32 -> 0x0C;
      case FLOAT32 -> 0x0D;
      case FLOAT64 -> 0x0E;
      default -> throw new IllegalArgumentException("Idx.write: IDX has no type for " + t.dtype()
          + "; convert to uint8, int8, int16, int32, float32 or float64");
    };
    ByteBuffer buf = ByteBuffer.allocate(4 + 4 * t.dim() + t.numel() * t.dtype().itemSize()).order(ByteOrder.BIG_ENDIAN);
    buf.put((byte) 0).put((byte) 0).put((byte) code).put((byte) t.dim());
    for (int d = 0; d < t.dim(); d++) buf.putInt(t.size(d));
    switch (t.toHostArray()) {
      case byte[] v -> buf.put(v);
      case short[] v -> buf.asShortBuffer().put(v);
      case int[] v -> buf.asIntBuffer().put(v);
      case float[] v -> buf.asFloatBuffer().put(v);
      case double[] v -> buf.asDoubleBuffer().put(v);
      default -> throw new IllegalStateException("unexpected host array for " + t.dtype());
    }
    try (OutputStream out = Bytes.isGzipName(file) ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(buf.array());
    } catch (IOException e) {
      throw new UncheckedIOException("Idx.write: cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
