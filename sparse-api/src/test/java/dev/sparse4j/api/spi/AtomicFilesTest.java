package dev.sparse4j.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void replacesTheTargetAndCreatesParents() throws IOException {
    Path f = dir.resolve("a/b/out.txt");
    AtomicFiles.writeString(f, "one");
    AtomicFiles.writeString(f, "two");
    assertEquals("two", Files.readString(f));
    assertEquals(List.of(f), Files.list(f.getParent()).toList());
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("out.bin");
    AtomicFiles.writeString(f, "old");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
      out.write("half of the new con".getBytes());
      throw new IOException("disk full");
    }));
    // The file is named: a full disk's own message does not say which write failed.
    assertTrue(e.getMessage().contains(f.toAbsolutePath().toString()) && e.getMessage().contains("disk full"),
        e.getMessage());
    assertEquals("old", Files.readString(f));
    assertEquals(List.of(f), Files.list(dir).toList());
  }
}
