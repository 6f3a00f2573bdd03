package dev.sparse4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
  @Test
  void sha256OfTheFipsTestVector(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("abc"), "abc");
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Checksums.sha256(f));
  }
}
