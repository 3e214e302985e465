package dev.dl.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Writes a file so that readers see either the old content or the complete new one. */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code chunks} to a temporary file in the target's directory, forces it to disk,
   * then renames it over {@code target} atomically; the temporary file is removed on failure.
   */
  static void write(Path target, List<ByteBuffer> chunks) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        for (ByteBuffer b : chunks) {
          while (b.hasRemaining()) ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + abs + " atomically on this file system; write to a local disk instead", e);
      }
      done = true;
      syncDirectory(dir);
    } finally {
      if (!done) Files.deleteIfExists(tmp);
    }
  }

  /** Makes the rename durable; not every platform lets a directory be opened, which is then skipped. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open directories; the rename itself has already happened.
    }
  }
}
