package dev.dl.data.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Whole-file reads with transparent gunzip, and the errors readers share. */
final class Bytes {
  private Bytes() {}

  /** The file's bytes, gunzipped when it starts with the gzip magic 1f 8b. */
  static byte[] readMaybeGzip(Path file) {
    try {
      byte[] raw = Files.readAllBytes(file);
      if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
          ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
          in.transferTo(out);
          return out.toByteArray();
        } catch (IOException e) {
          throw new MalformedDataException(file + ": corrupt gzip data: " + e.getMessage(), e);
        }
      }
      return raw;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static boolean isGzipName(Path file) { return file.getFileName().toString().endsWith(".gz"); }

  static int bigEndianInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }
}
