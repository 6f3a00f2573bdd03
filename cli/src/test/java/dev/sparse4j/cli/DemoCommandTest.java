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

  @Test
  void tableHasOdinAndFgsmColumnsFromTheRuns() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 64, 40);
    Path out = tmp.resolve("demo");
    CliRunner.Result r = CliRunner.run(new SparseBackendProvider[] {new FakeBackend.Provider()}, "demo", "--backend",
        "fake", "--data-dir", data.toString(), "--epochs", "1", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    java.util.List<String> lines = r.out().lines().toList();
    String header = lines.stream().filter(l -> l.startsWith("run ")).findFirst().orElseThrow();
    assertTrue(header.contains("AUROC odin") && header.contains("FGSM 8/255"), header);
    com.fasterxml.jackson.databind.JsonNode rep = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.resolve("erk-0.9/report.json").toFile());
    String odin = String.format(java.util.Locale.ROOT, "%.4f",
        rep.get("metrics").get("ood").get("mnist").get("odin").get("auroc").asDouble());
    String fgsm = String.format(java.util.Locale.ROOT, "%.4f",
        rep.get("metrics").get("robustness").get("fgsm").get(0).get("accuracy").asDouble());
    String row = lines.stream().filter(l -> l.startsWith("erk-0.9 ")).findFirst().orElseThrow();
    assertTrue(row.contains(odin) && row.contains(fgsm), row + " vs odin " + odin + ", fgsm " + fgsm);
    assertEquals(40, rep.get("metrics").get("robustness").get("count").asInt(), "min(500, 40 test images)");
    assertEquals(1, rep.get("metrics").get("robustness").get("fgsm").size());
    assertTrue(rep.get("metrics").get("robustness").path("pgd").isMissingNode(), "the demo runs no PGD");
  }
}
