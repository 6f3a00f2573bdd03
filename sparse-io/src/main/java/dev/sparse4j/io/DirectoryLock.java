package dev.sparse4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An exclusive, process-wide lock on a directory that sparse4j writes (a run directory), held through an operating
 * system file lock on {@value #FILE} inside it: the operating system releases it when the holder exits, even by
 * {@code kill -9}, so a lock left by a dead process is simply taken over. The file records who holds it (PID, host,
 * start time, purpose) so that a refused writer can say who is in the way.
 */
public final class DirectoryLock implements AutoCloseable {
  /** The lock file's name inside the locked directory. */
  public static final String FILE = ".sparse4j.lock";

  private final Path directory;
  private final FileChannel channel;
  private final FileLock lock;
  private final boolean created;
  private final String previousHolder;

  private DirectoryLock(Path directory, FileChannel channel, FileLock lock, boolean created, String previousHolder) {
    this.directory = directory;
    this.channel = channel;
    this.lock = lock;
    this.created = created;
    this.previousHolder = previousHolder;
  }

  /** Thrown when another process (or another part of this one) holds the lock. */
  public static final class LockedException extends IOException {
    private static final long serialVersionUID = 1L;

    LockedException(String message) {
      super(message);
    }
  }

  /**
   * Thrown when the lock file is not a plain file of its own — a symbolic link, a second name (hard link) of another
   * file, a directory or a device: opening and truncating it would empty whatever it points at, so it is refused.
   */
  public static final class UnsafeLockFileException extends IOException {
    private static final long serialVersionUID = 1L;

    UnsafeLockFileException(String message) {
      super(message);
    }
  }

  /**
   * Locks {@code directory}, creating it if it does not exist.
   *
   * @param purpose what the holder does, recorded for others (e.g. {@code sparse4j train})
   * @throws LockedException naming the holder (PID, host, start time, purpose) if the directory is locked
   * @throws UnsafeLockFileException if the lock file is a link, a directory or anything but a plain file
   * @throws IllegalArgumentException if {@code directory} exists and is not a directory
   * @throws IOException if the directory or the lock file cannot be created
   */
  public static DirectoryLock acquire(Path directory, String purpose) throws IOException {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new IllegalArgumentException(directory + " is a file, not a directory");
    }
    boolean created = !Files.exists(directory);
    Files.createDirectories(directory);
    Path file = directory.resolve(FILE);
    requirePlainFile(file);
    FileChannel channel;
    try {
      // NOFOLLOW_LINKS (O_NOFOLLOW): a link put in place after the check above fails here instead of being followed.
      channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
    } catch (FileSystemException e) {
      requirePlainFile(file);
      throw e;
    }
    FileLock lock;
    try {
      // Checked again on the opened file before anything is written to it (the truncation below).
      requirePlainFile(file);
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = read(channel);
      channel.close();
      throw new LockedException(directory + " is in use by another sparse4j process ("
          + (holder.isEmpty() ? "holder unknown" : holder) + "); wait for it to finish, or use another directory");
    }
    String previous = read(channel);
    String me = "PID " + ProcessHandle.current().pid() + " on host " + host() + ", since " + Instant.now() + ", "
        + purpose;
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return new DirectoryLock(directory, channel, lock, created, previous.isEmpty() ? null : previous);
  }

  /**
   * The holder recorded by a process that died while holding the lock (its file still named it), or {@code null}.
   * Its work may be incomplete; callers say so.
   */
  public String previousHolder() {
    return previousHolder;
  }

  /** The locked directory. */
  public Path directory() {
    return directory;
  }

  /**
   * Releases the lock. The file stays (deleting it could let two processes lock two different files) but is
   * emptied, so the next holder knows the previous one finished. A directory this lock created and nothing else
   * wrote into is removed again.
   */
  @Override
  public void close() throws IOException {
    try {
      channel.truncate(0);
      lock.release();
    } finally {
      channel.close();
    }
    if (created) {
      try (Stream<Path> entries = Files.list(directory)) {
        if (entries.allMatch(p -> p.getFileName().toString().equals(FILE))) {
          Files.deleteIfExists(directory.resolve(FILE));
          Files.deleteIfExists(directory);
        }
      }
    }
  }

  /** Refuses a lock file that is a symbolic link, has other names (hard links), or is not a regular file. */
  private static void requirePlainFile(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String what = null;
    if (Files.isSymbolicLink(file)) {
      what = "a symbolic link (to " + Files.readSymbolicLink(file) + ")";
    } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      what = "a directory";
    } else if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      what = "not a regular file (a device, pipe or socket)";
    } else if (links(file) > 1) {
      what = "a second name of another file (it has " + links(file) + " hard links)";
    }
    if (what != null) {
      throw new UnsafeLockFileException("the lock file " + file + " is " + what + ", not a plain file of its own;"
          + " sparse4j does not write through it (that would empty what it points at). Remove it if it is yours;"
          + " if not, someone else with write access to " + file.getParent() + " put it there");
    }
  }

  /** The number of names of {@code file}, or 1 where the file system does not say. */
  private static int links(Path file) {
    try {
      return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return 1;
    }
  }

  private static String read(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0 || size > 4096) {
      return "";
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    channel.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
  }

  /** The host name without a network look-up (which can take seconds on a machine without DNS). */
  private static String host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      return Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException e) {
      return "unknown host";
    }
  }
}
