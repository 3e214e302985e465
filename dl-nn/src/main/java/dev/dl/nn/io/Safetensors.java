package dev.dl.nn.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.nn.Module;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets}, "__metadata__": {...}}} padded with spaces to a
 * multiple of 8 bytes, then the raw little-endian tensor bytes. Files are readable by PyTorch
 * and Hugging Face's {@code safetensors}.
 *
 * <pre>{@code
 * Safetensors.save(model.stateDict(), Map.of("format", "pt"), Path.of("model.safetensors"));
 * Safetensors.loadInto(model, Path.of("model.safetensors"), true);
 * }</pre>
 *
 * <p>Files are treated as untrusted: the header length, every shape, dtype and offset are checked
 * against the file size before any tensor memory is allocated, and loading into a module
 * changes nothing until the whole file has been validated.
 */
public final class Safetensors {
  /** The largest header we accept, as the reference implementation (100 MB). */
  static final long MAX_HEADER = 100_000_000L;

  private Safetensors() {}

  /** The tensors (in data order) and the {@code __metadata__} strings of a file. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  /** Where one tensor lies in the data section. */
  record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

  // =====================================================================================
  // Writing
  // =====================================================================================

  /**
   * Writes {@code tensors} (any device; saved in their dtype) and optional string
   * {@code metadata} to {@code path} atomically (temporary file, fsync, rename).
   */
  public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path path) throws IOException {
    AtomicFiles.write(path, encode(tensors, metadata));
  }

  /** The file's bytes as buffers: length prefix, padded header, tensor data. */
  static List<ByteBuffer> encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
    List<String> names = new ArrayList<>(tensors.keySet());
    for (String n : names) {
      if (n == null || n.isEmpty() || n.equals("__metadata__")) {
        throw new IllegalArgumentException("safetensors: invalid tensor name '" + n + "'");
      }
    }
    // As the reference writer: larger items first, then by name, so every tensor starts at a
    // multiple of its item size once the header is 8-byte aligned.
    names.sort(Comparator.comparingInt((String n) -> -tensors.get(n).dtype().itemSize()).thenComparing(n -> n));
    JsonObject header = new JsonObject();
    if (metadata != null && !metadata.isEmpty()) {
      JsonObject meta = new JsonObject();
      metadata.forEach((k, v) -> meta.addProperty(k, v));
      header.add("__metadata__", meta);
    }
    List<ByteBuffer> data = new ArrayList<>();
    long offset = 0;
    for (String n : names) {
      Tensor t = tensors.get(n);
      ByteBuffer bytes = toBytes(t);
      JsonObject info = new JsonObject();
      info.addProperty("dtype", t.dtype().safetensorsName());
      JsonArray shape = new JsonArray();
      for (int d : t.shape().toArray()) shape.add(new JsonPrimitive((long) d));
      info.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(new JsonPrimitive(offset));
      offsets.add(new JsonPrimitive(offset + bytes.remaining()));
      info.add("data_offsets", offsets);
      header.add(n, info);
      offset += bytes.remaining();
      data.add(bytes);
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) head.put((byte) ' ');
    head.flip();
    List<ByteBuffer> out = new ArrayList<>();
    out.add(head);
    out.addAll(data);
    return out;
  }

  private static ByteBuffer toBytes(Tensor t) {
    Object host = t.toHostArray();
    int n = t.numel();
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(n, t.dtype().itemSize())).order(ByteOrder.LITTLE_ENDIAN);
    switch (host) {
      case float[] a -> b.asFloatBuffer().put(a);
      case double[] a -> b.asDoubleBuffer().put(a);
      case short[] a -> b.asShortBuffer().put(a);
      case int[] a -> b.asIntBuffer().put(a);
      case long[] a -> b.asLongBuffer().put(a);
      case byte[] a -> b.put(a).flip();
      default -> throw new IllegalStateException("unexpected host array " + host.getClass());
    }
    b.position(0).limit(b.capacity());
    return b;
  }

  // =====================================================================================
  // Reading
  // =====================================================================================

  /** Reads every tensor of a file onto the CPU after validating the whole file. */
  public static Contents load(Path path) throws IOException { return load(path, Device.CPU); }

  /** Reads every tensor of a file onto {@code device} after validating the whole file. */
  public static Contents load(Path path, Device device) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      Header h = readHeader(ch, size, path.toString());
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : h.entries()) {
        ByteBuffer b = ByteBuffer.allocate((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        long pos = h.dataStart() + e.begin();
        while (b.hasRemaining()) {
          int r = ch.read(b, pos + b.position());
          if (r < 0) throw new SafetensorsException(path + ": file ended while reading tensor '" + e.name() + "'");
        }
        b.flip();
        tensors.put(e.name(), Tensor.fromHost(fromBytes(b, e, path.toString()), e.dtype(), e.shape(), device));
      }
      return new Contents(tensors, h.metadata());
    }
  }

  /**
   * Loads a file into {@code module}'s parameters and buffers by name: the file is validated
   * completely, then names and shapes are checked against the module (all of them, with
   * {@code strict}), and only then are values copied.
   */
  public static Module.LoadResult loadInto(Module module, Path path, boolean strict) throws IOException {
    Device device = module.parameters().isEmpty() ? Device.CPU : module.parameters().get(0).device();
    Contents c = load(path, device);
    return module.loadStateDict(c.tensors(), strict);
  }

  /** The metadata and tensor entries of a file, without reading tensor data. */
  public static Map<String, String> readMetadata(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return readHeader(ch, ch.size(), path.toString()).metadata();
    }
  }

  record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

  static Header readHeader(FileChannel ch, long size, String file) throws IOException {
    if (size < 8) throw new SafetensorsException(file + ": file is " + size + " bytes, too short for the 8-byte header length");
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    while (lenBuf.hasRemaining()) {
      if (ch.read(lenBuf, lenBuf.position()) < 0) throw new SafetensorsException(file + ": truncated header length");
    }
    long n = lenBuf.flip().getLong();
    if (n < 2 || n > MAX_HEADER) {
      throw new SafetensorsException(file + ": header length " + Long.toUnsignedString(n) + " is outside [2, " + MAX_HEADER + "]");
    }
    if (n > size - 8) {
      throw new SafetensorsException(file + ": header length " + n + " is larger than the rest of the file (" + (size - 8)
          + " bytes); the file is truncated or not safetensors");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) n);
    while (hb.hasRemaining()) {
      if (ch.read(hb, 8 + hb.position()) < 0) throw new SafetensorsException(file + ": truncated header");
    }
    hb.flip();
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb).toString();
    } catch (CharacterCodingException e) {
      throw new SafetensorsException(file + ": header is not valid UTF-8");
    }
    if (!json.startsWith("{")) throw new SafetensorsException(file + ": header must start with '{'");
    long dataSize = size - 8 - n;
    return parseHeader(json, dataSize, 8 + n, file);
  }

  static Header parseHeader(String json, long dataSize, long dataStart, String file) throws SafetensorsException {
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    try (JsonReader r = new JsonReader(new StringReader(json))) {
      r.setStrictness(Strictness.STRICT);
      Set<String> seen = new HashSet<>();
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        if (!seen.add(name)) throw new SafetensorsException(file + ": duplicate entry '" + name + "' in header");
        if (name.equals("__metadata__")) {
          r.beginObject();
          while (r.hasNext()) {
            String k = r.nextName();
            if (r.peek() != JsonToken.STRING) throw new SafetensorsException(file + ": __metadata__ value of '" + k + "' must be a string");
            metadata.put(k, r.nextString());
          }
          r.endObject();
        } else {
          entries.add(readEntry(r, name, file));
        }
      }
      r.endObject();
      // Only the space padding may follow the object.
      if (r.peek() != JsonToken.END_DOCUMENT) throw new SafetensorsException(file + ": unexpected content after the header object");
    } catch (SafetensorsException e) {
      throw e;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new SafetensorsException(file + ": malformed JSON header: " + e.getMessage());
    }
    // JSON allows any whitespace after the object; the format allows only space padding.
    if (!json.substring(json.stripTrailing().length()).chars().allMatch(c -> c == ' ')) {
      throw new SafetensorsException(file + ": header may only be padded with spaces");
    }
    // Data must be exactly covered: sorted by begin offset, contiguous, ending at the file's end.
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    for (Entry e : sorted) {
      if (e.begin() != expected) {
        throw new SafetensorsException(file + ": tensor '" + e.name() + "' starts at byte " + e.begin() + " of the data but "
            + (e.begin() < expected ? "overlaps the previous tensor" : "leaves a gap") + " (expected " + expected + ")");
      }
      expected = e.end();
    }
    if (expected != dataSize) {
      throw new SafetensorsException(file + ": tensors cover " + expected + " bytes but the data section has " + dataSize
          + " bytes (truncated file or wrong offsets)");
    }
    return new Header(sorted, metadata, dataStart);
  }

  private static Entry readEntry(JsonReader r, String name, String file) throws IOException {
    String dtypeName = null;
    List<Long> shape = null;
    List<Long> offsets = null;
    r.beginObject();
    while (r.hasNext()) {
      String k = r.nextName();
      switch (k) {
        case "dtype" -> {
          if (r.peek() != JsonToken.STRING) throw new SafetensorsException(file + ": dtype of '" + name + "' must be a string");
          dtypeName = r.nextString();
        }
        case "shape" -> shape = readLongs(r, file, name, "shape");
        case "data_offsets" -> offsets = readLongs(r, file, name, "data_offsets");
        default -> throw new SafetensorsException(file + ": unknown field '" + k + "' in entry '" + name + "'");
      }
    }
    r.endObject();
    if (dtypeName == null || shape == null || offsets == null) {
      throw new SafetensorsException(file + ": entry '" + name + "' needs dtype, shape and data_offsets");
    }
    DType dtype = null;
    for (DType d : DType.values()) if (d.safetensorsName().equals(dtypeName)) dtype = d;
    if (dtype == null) {
      throw new SafetensorsException(file + ": tensor '" + name + "' has unsupported dtype '" + dtypeName
          + "'; supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
    }
    if (offsets.size() != 2 || offsets.get(0) > offsets.get(1)) {
      throw new SafetensorsException(file + ": data_offsets of '" + name + "' must be [begin, end] with begin <= end, got " + offsets);
    }
    int[] dims = new int[shape.size()];
    long numel = 1;
    for (int i = 0; i < dims.length; i++) {
      long d = shape.get(i);
      if (d > Integer.MAX_VALUE) throw new SafetensorsException(file + ": dimension " + d + " of '" + name + "' is too large");
      dims[i] = (int) d;
      numel *= d;
      if (numel > Integer.MAX_VALUE) {
        throw new SafetensorsException(file + ": tensor '" + name + "' of shape " + shape + " has more elements than one tensor can hold");
      }
    }
    long bytes = numel * dtype.itemSize();
    if (offsets.get(1) - offsets.get(0) != bytes) {
      throw new SafetensorsException(file + ": tensor '" + name + "' of dtype " + dtypeName + " and shape " + shape + " needs "
          + bytes + " bytes but data_offsets " + offsets + " span " + (offsets.get(1) - offsets.get(0)));
    }
    return new Entry(name, dtype, dims, offsets.get(0), offsets.get(1));
  }

  private static List<Long> readLongs(JsonReader r, String file, String name, String field) throws IOException {
    List<Long> out = new ArrayList<>();
    r.beginArray();
    while (r.hasNext()) {
      if (r.peek() != JsonToken.NUMBER) throw new SafetensorsException(file + ": " + field + " of '" + name + "' must hold integers");
      String s = r.nextString();
      long v;
      try {
        v = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new SafetensorsException(file + ": " + field + " of '" + name + "' holds '" + s + "', not a non-negative integer");
      }
      if (v < 0) throw new SafetensorsException(file + ": " + field + " of '" + name + "' holds negative value " + v);
      out.add(v);
    }
    r.endArray();
    return out;
  }

  private static Object fromBytes(ByteBuffer b, Entry e, String file) throws SafetensorsException {
    int n = (int) ((e.end() - e.begin()) / e.dtype().itemSize());
    return switch (e.dtype()) {
      case FLOAT32 -> {
        float[] a = new float[n];
        b.asFloatBuffer().get(a);
        yield a;
      }
      case FLOAT64 -> {
        double[] a = new double[n];
        b.asDoubleBuffer().get(a);
        yield a;
      }
      case FLOAT16, BFLOAT16, INT16 -> {
        short[] a = new short[n];
        b.asShortBuffer().get(a);
        yield a;
      }
      case INT32 -> {
        int[] a = new int[n];
        b.asIntBuffer().get(a);
        yield a;
      }
      case INT64 -> {
        long[] a = new long[n];
        b.asLongBuffer().get(a);
        yield a;
      }
      case INT8, UINT8 -> {
        byte[] a = new byte[n];
        b.get(a);
        yield a;
      }
      case BOOL -> {
        byte[] a = new byte[n];
        b.get(a);
        for (byte v : a) {
          if (v != 0 && v != 1) throw new SafetensorsException(file + ": bool tensor '" + e.name() + "' holds byte " + v + " (not 0 or 1)");
        }
        yield a;
      }
    };
  }
}
