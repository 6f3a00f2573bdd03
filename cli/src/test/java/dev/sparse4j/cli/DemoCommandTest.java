package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.spi.SparseBackendProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir
  Path tmp;

  @Test
  void missingDataWithoutTheScriptSaysExactlyWhatToRun() {
    String before = System.getProperty("sparse4j.home");
    // A sparse4j home without scripts/, and the test's working directory (the cli module) has none either.
    System.setProperty("sparse4j.home", tmp.toString());
    try {
      Path data = tmp.resolve("data");
      CliRunner.Result r = CliRunner.run(new SparseBackendProvider[] {new FakeBackend.Provider()}, "demo",
          "--data-dir", data.toString(), "--out", tmp.resolve("demo").toString());
      assertEquals(1, r.exit(), r.err());
      assertTrue(r.err().contains("The data is not installed in " + data.toAbsolutePath()), r.err());
      assertTrue(r.err().contains("install script was not found (-Dsparse4j.home is " + tmp + ")"), r.err());
      assertTrue(r.err().contains("from the sparse4j repository run: scripts/install-data.sh --data-dir "
          + data.toAbsolutePath()), r.err());
    } finally {
      if (before == null) {
        System.clearProperty("sparse4j.home");
      } else {
        System.setProperty("sparse4j.home", before);
      }
    }
  }

  @Test
  void installScriptIsFoundUnderTheHome() throws Exception {
    String before = System.getProperty("sparse4j.home");
    Path script = java.nio.file.Files.createDirectories(tmp.resolve("scripts")).resolve("install-data.sh");
    java.nio.file.Files.writeString(script, "#!/bin/sh\n");
    System.setProperty("sparse4j.home", tmp.toString());
    try {
      assertEquals(script, DemoCommand.findInstallScript());
    } finally {
      if (before == null) {
        System.clearProperty("sparse4j.home");
      } else {
        System.setProperty("sparse4j.home", before);
      }
    }
  }
}
