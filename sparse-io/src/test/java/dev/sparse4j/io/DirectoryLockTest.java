package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
  @TempDir
  Path tmp;

  /** Holds the lock of args[0] in its own JVM until its standard input closes (a second process for the tests). */
  public static void main(String[] args) throws Exception {
    try (DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), "test holder")) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // wait
      }
    }
  }

  private static Process holder(Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        DirectoryLockTest.class.getName(), dir.toString())).redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("locked", r.readLine(), "the holder process should report that it holds the lock");
    return p;
  }

  @Test
  void aSecondProcessIsRefusedWithTheHolderNamedAndADeadHolderIsTakenOver() throws Exception {
    Path dir = tmp.resolve("run");
    Process p = holder(dir);
    try {
      DirectoryLock.LockedException e = assertThrows(DirectoryLock.LockedException.class,
          () -> DirectoryLock.acquire(dir, "sparse4j train"));
      assertTrue(e.getMessage().contains("in use by another sparse4j process") && e.getMessage().contains("PID "
          + p.pid()) && e.getMessage().contains("test holder"), e.getMessage());
    } finally {
      p.destroyForcibly(); // kill -9: the operating system releases the lock
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    try (DirectoryLock lock = DirectoryLock.acquire(dir, "sparse4j train")) {
      assertTrue(lock.previousHolder() != null && lock.previousHolder().contains("PID " + p.pid()),
          "a dead holder is reported: " + lock.previousHolder());
    }
    try (DirectoryLock lock = DirectoryLock.acquire(dir, "sparse4j eval")) {
      assertNull(lock.previousHolder(), "a holder that released the lock left nothing behind");
    }
  }

  @Test
  void theSameProcessCannotLockTwiceAndAFileIsNotADirectory() throws Exception {
    Path dir = tmp.resolve("run");
    try (DirectoryLock lock = DirectoryLock.acquire(dir, "first")) {
      DirectoryLock.LockedException e = assertThrows(DirectoryLock.LockedException.class,
          () -> DirectoryLock.acquire(dir, "second"));
      assertTrue(e.getMessage().contains("first"), e.getMessage());
    }
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DirectoryLock.acquire(file, "x")).getMessage()
        .contains("is a file"));
  }

  @Test
  void aDirectoryCreatedForNothingIsRemovedAgain() throws Exception {
    Path dir = tmp.resolve("new");
    DirectoryLock.acquire(dir, "probe").close();
    assertFalse(Files.exists(dir), "an unused new directory is not left behind");
    Path used = tmp.resolve("used");
    try (DirectoryLock lock = DirectoryLock.acquire(used, "train")) {
      Files.writeString(used.resolve("report.json"), "{}");
    }
    assertTrue(Files.exists(used.resolve("report.json")));
  }

  /** A lock file that points elsewhere is refused before anything is written to what it points at. */
  @Test
  void aLinkedOrOddLockFileIsRefusedAndItsTargetLeftAlone() throws Exception {
    Path victim = tmp.resolve("victim.txt");
    Files.writeString(victim, "someone else's data");
    Path dir = tmp.resolve("shared-run");
    Files.createDirectories(dir);
    Path lockFile = dir.resolve(DirectoryLock.FILE);

    Files.createSymbolicLink(lockFile, victim);
    DirectoryLock.UnsafeLockFileException link = assertThrows(DirectoryLock.UnsafeLockFileException.class,
        () -> DirectoryLock.acquire(dir, "sparse4j train"));
    assertTrue(link.getMessage().startsWith("the lock file " + lockFile + " is a symbolic link (to " + victim
        + "), not a plain file of its own; sparse4j does not write through it"), link.getMessage());
    assertEquals("someone else's data", Files.readString(victim));

    Files.delete(lockFile);
    Files.createSymbolicLink(lockFile, tmp.resolve("does-not-exist"));
    assertThrows(DirectoryLock.UnsafeLockFileException.class, () -> DirectoryLock.acquire(dir, "sparse4j train"));
    assertFalse(Files.exists(tmp.resolve("does-not-exist")), "a dangling link must not create its target");

    Files.delete(lockFile);
    Files.createLink(lockFile, victim);
    assertTrue(assertThrows(DirectoryLock.UnsafeLockFileException.class,
        () -> DirectoryLock.acquire(dir, "sparse4j eval")).getMessage().contains("(it has 2 hard links)"));
    assertEquals("someone else's data", Files.readString(victim));

    Files.delete(lockFile);
    Files.createDirectory(lockFile);
    assertTrue(assertThrows(DirectoryLock.UnsafeLockFileException.class,
        () -> DirectoryLock.acquire(dir, "sparse4j sweep")).getMessage().contains(" is a directory, not a plain"));

    Files.delete(lockFile);
    try (DirectoryLock lock = DirectoryLock.acquire(dir, "sparse4j train")) {
      assertTrue(Files.isRegularFile(lockFile, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
  }
}
