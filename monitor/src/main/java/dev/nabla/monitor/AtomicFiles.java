package dev.nabla.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a file whole or not at all, so a reader never sees half a chart. */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to a new temporary file beside {@code file} (creating the directory if
   * need be), then moves it over
   * {@code file} atomically. On failure the temporary file is removed and {@code file} is left as
   * it was. (Not {@code Files.createTempFile}: its owner-only permissions would reach the result.)
   */
  static void write(Path file, byte[] bytes) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "."
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
    try {
      Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
