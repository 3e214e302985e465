package dev.dl.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dl.DType;
import dev.dl.Tensor;
import dev.dl.nn.Linear;
import dev.dl.nn.Module;
import dev.dl.nn.ReLU;
import dev.dl.nn.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  /** A file assembled byte by byte from the specification: length prefix, header, data. */
  private static byte[] file(String header, int... data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = h.length;
    for (int i = 0; i < 8; i++) out.write((int) (n >>> (8 * i)) & 0xFF);
    out.writeBytes(h);
    for (int b : data) out.write(b);
    return out.toByteArray();
  }

  private Path write(byte[] bytes) throws IOException {
    Path p = dir.resolve("t" + System.nanoTime() + ".safetensors");
    Files.write(p, bytes);
    return p;
  }

  @Test
  void readsAHandBuiltFile() throws IOException {
    byte[] bytes = file("{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"h\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[16,18]},"
        + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[18,20]}}  ",
        0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0,          // a: 1.5f, -2.0f
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,          // b: 7L
        0x00, 0x3C,                                              // h: 1.0 in float16
        0x01, 0x00);                                             // m: true, false
    Safetensors.Contents c = Safetensors.load(write(bytes));
    assertEquals(Map.of("format", "pt"), c.metadata());
    assertEquals(DType.FLOAT32, c.tensors().get("a").dtype());
    assertArrayEquals(new double[] {1.5, -2.0}, c.tensors().get("a").toDoubleArray(), 0);
    assertEquals(0, c.tensors().get("b").dim());
    assertEquals(7L, c.tensors().get("b").itemLong());
    assertEquals(DType.FLOAT16, c.tensors().get("h").dtype());
    assertEquals(1.0, c.tensors().get("h").item(), 0);
    assertArrayEquals(new boolean[] {true, false}, c.tensors().get("m").toBooleanArray());
  }

  @Test
  void writerFollowsTheSpec() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("z.small", Tensor.of(new int[] {1, -1, 3}, 3));
    tensors.put("a.weight", Tensor.of(new float[] {0.5f, -1, 2, 4, 8, 16}, 2, 3));
    tensors.put("c.double", Tensor.of(new double[] {Math.PI}, 1));
    tensors.put("e.empty", Tensor.zeros(0, 4));
    Path p = dir.resolve("out.safetensors");
    Safetensors.save(tensors, Map.of("format", "pt"), p);
    byte[] bytes = Files.readAllBytes(p);
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = buf.getLong();
    assertEquals(0, (8 + n) % 8, "header is padded so data starts 8-byte aligned");
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    String json = header.stripTrailing();
    assertTrue(header.substring(json.length()).chars().allMatch(ch -> ch == ' '), "padding is spaces");
    JsonObject root = JsonParser.parseString(json).getAsJsonObject();
    assertEquals("pt", root.getAsJsonObject("__metadata__").get("format").getAsString());
    long dataSize = bytes.length - 8 - n;
    List<String> names = new ArrayList<>();
    long expectedBegin = 0;
    for (Map.Entry<String, JsonElement> e : root.entrySet()) {
      if (e.getKey().equals("__metadata__")) continue;
      names.add(e.getKey());
      JsonObject info = e.getValue().getAsJsonObject();
      assertEquals(3, info.size(), "exactly dtype, shape and data_offsets");
      long begin = info.getAsJsonArray("data_offsets").get(0).getAsLong();
      long end = info.getAsJsonArray("data_offsets").get(1).getAsLong();
      assertEquals(expectedBegin, begin, "offsets are sorted and contiguous");
      expectedBegin = end;
    }
    assertEquals(dataSize, expectedBegin, "the data section is exactly covered");
    assertEquals(List.of("c.double", "a.weight", "e.empty", "z.small"), names, "larger items first, then by name");
    JsonObject a = root.getAsJsonObject("a.weight");
    assertEquals("F32", a.get("dtype").getAsString());
    assertEquals("[2,3]", a.get("shape").toString());
    long aBegin = a.getAsJsonArray("data_offsets").get(0).getAsLong();
    ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n + aBegin), 24).order(ByteOrder.LITTLE_ENDIAN);
    float[] expected = {0.5f, -1, 2, 4, 8, 16};
    for (float f : expected) assertEquals(f, data.getFloat());
    JsonObject c = root.getAsJsonObject("c.double");
    assertEquals("F64", c.get("dtype").getAsString());
    assertEquals(Double.doubleToLongBits(Math.PI), ByteBuffer.wrap(bytes, (int) (8 + n), 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    // And our reader gets everything back.
    Safetensors.Contents back = Safetensors.load(p);
    tensors.forEach((k, v) -> assertTrue(v.equal(back.tensors().get(k)), k));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void moduleRoundTrip() throws IOException {
    Sequential a = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    Sequential b = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    Path p = dir.resolve("m.safetensors");
    Safetensors.save(a.stateDict(), Map.of(), p);
    Module.LoadResult r = Safetensors.loadInto(b, p, true);
    assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
    a.stateDict().forEach((k, v) -> assertTrue(v.equal(b.stateDict().get(k)), k));
  }

  private void rejects(byte[] bytes, String messagePart) throws IOException {
    Path p = write(bytes);
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.load(p));
    assertTrue(e.getMessage().contains(messagePart), "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
  }

  private static final String A = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

  @Test
  void malformedFilesGiveClearErrors() throws IOException {
    rejects(new byte[] {1, 2, 3}, "too short");
    byte[] huge = file(A, new int[8]);
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    rejects(huge, "outside");
    byte[] longer = file(A, new int[8]);
    ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 5000);
    rejects(longer, "larger than the rest of the file");
    rejects(file(A, new int[4]), "truncated");
    rejects(file(A, new int[12]), "data section has 12 bytes");
    rejects(file("[1,2]", new int[0]), "start with '{'");
    rejects(file("{\"a\":", new int[0]), "malformed JSON");
    rejects(file("{\"a\":{\"dtype\":\"F8_E5M2\",\"shape\":[2],\"data_offsets\":[0,2]}}", new int[2]), "unsupported dtype 'F8_E5M2'");
    rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new int[8]), "needs 12 bytes");
    rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[100000,100000,100000],\"data_offsets\":[0,8]}}", new int[8]),
        "more elements than one tensor can hold");
    rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new int[8]), "negative");
    rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new int[8]), "leaves a gap");
    rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new int[8]), "overlaps");
    rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new int[8]), "duplicate");
    rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", new int[4]), "unknown field");
    rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new int[4]), "not a non-negative integer");
    rejects(file("{\"a\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[0,1]}}", 7), "not 0 or 1");
    rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}\n", new int[4]), "padded with spaces");
  }

  @Test
  void loadIntoChangesNothingOnMismatch() throws IOException {
    Linear src = new Linear(3, 2);
    Linear dst = new Linear(3, 2);
    Tensor before = dst.weight.tensor().clone();
    Map<String, Tensor> sd = new LinkedHashMap<>(src.stateDict());
    sd.put("extra", Tensor.zeros(1));
    Path p = dir.resolve("x.safetensors");
    Safetensors.save(sd, null, p);
    assertThrows(IllegalArgumentException.class, () -> Safetensors.loadInto(dst, p, true));
    assertTrue(dst.weight.tensor().equal(before));
    Safetensors.save(new Linear(4, 2).stateDict(), null, p);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.loadInto(dst, p, false));
    assertTrue(e.getMessage().contains("size mismatch for weight"), e.getMessage());
    assertTrue(dst.weight.tensor().equal(before));
  }

  @Test
  void invalidNamesAreNotWrittenAndTheOldFileSurvives() throws IOException {
    Path p = dir.resolve("keep.safetensors");
    Safetensors.save(Map.of("w", Tensor.ones(2)), null, p);
    byte[] old = Files.readAllBytes(p);
    assertThrows(IllegalArgumentException.class, () -> Safetensors.save(Map.of("__metadata__", Tensor.ones(1)), null, p));
    assertArrayEquals(old, Files.readAllBytes(p));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }
}
