package dev.sparse4j.api.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
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
   * Locks {@code directory}, creating it if it does not exist.
   *
   * @param purpose what the holder does, recorded for others (e.g. {@code sparse4j train})
   * @throws LockedException naming the holder (PID, host, start time, purpose) if the directory is locked
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
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
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
