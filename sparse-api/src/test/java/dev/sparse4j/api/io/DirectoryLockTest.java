package dev.sparse4j.api.io;

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
}
