package dev.sparse4j.api.spi;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files all-or-nothing: the content goes to a temporary file in the target's directory, is flushed to disk,
 * and is then moved over the target in one step, so a reader never sees a half-written file and a failed write
 * leaves the old file (if any) untouched.
 */
public final class AtomicFiles {

  /** Writes the content of a file to the stream it is given. */
  @FunctionalInterface
  public interface Body {
    /** Writes the whole content to {@code out} (do not close it). */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with what {@code body} writes, creating missing parent directories.
   *
   * @throws IOException if writing or moving fails; the temporary file is then removed
   */
  public static void write(Path target, Body body) throws IOException {
    Objects.requireNonNull(body, "body");
    Path abs = Objects.requireNonNull(target, "target").toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    // Same directory as the target: a rename within one file system is atomic.
    Path tmp = createTemp(dir, abs.getFileName().toString());
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        body.writeTo(out);
        out.flush();
        ch.force(true);
      } catch (IOException e) {
        if (e.getClass().getName().startsWith("dev.sparse4j.")) {
          throw e; // sparse4j's own errors (e.g. a corrupt source file) already name the file and the fix
        }
        // "No space left on device" names no file by itself; the previous version of the file is untouched.
        throw new IOException("cannot write " + abs + ": " + e.getMessage() + " (nothing was replaced; free space or"
            + " choose another directory)", e);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    // Files.createFile (unlike createTempFile, which forces 0600) gives the permissions the user's umask allows.
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
      Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  /** Replaces {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /** Replaces {@code target} with {@code text} in UTF-8. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Deletes {@code root} and everything below it; does nothing if it does not exist. Used to clear the temporary
   * directories that atomic directory writes (checkpoints, run directories) leave behind after a crash.
   */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
