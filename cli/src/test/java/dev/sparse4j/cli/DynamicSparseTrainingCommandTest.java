package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.io.MaskFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --dst}: a dynamic run writes its updater and ITOP rates; bad settings fail before any data is read. */
class DynamicSparseTrainingCommandTest {
  private static final SparseBackendProvider[] PROVIDERS = {new FakeBackend.Provider(), FakeBackend.Provider.basic()};

  @TempDir
  Path tmp;
  private Path data;

  @BeforeEach
  void data() throws IOException {
    data = TestData.create(tmp.resolve("data"), 64, 20);
  }

  private CliRunner.Result train(String backend, String... args) {
    List<String> all = new ArrayList<>(List.of("train", "--backend", backend, "--data-dir", data.toString(),
        "--model", "mlp", "--batch-size", "16", "--no-robustness", "--no-odin"));
    all.addAll(List.of(args));
    return CliRunner.run(PROVIDERS, all.toArray(String[]::new));
  }

  private static void failure(CliRunner.Result r, String... parts) {
    assertTrue(r.exit() == 1 || r.exit() == 2, r.err());
    for (String p : parts) {
      assertTrue(r.err().contains(p), "expected '" + p + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void aDynamicRunReportsItsUpdaterAndItopRate() throws IOException {
    Path out = tmp.resolve("set");
    // 4 steps per epoch, an update every step from step 1 until 0.75 · 8 = step 6: steps 1 … 5.
    CliRunner.Result r = train("fake", "--dst", "set", "--dst-interval", "1", "--epochs", "2", "--sparsity", "0.8",
        "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("dynamic sparse training: set every 1 steps until 75 % of the steps"), r.err());
    assertTrue(r.err().contains("ITOP "), r.err());
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertEquals("set", report.at("/config/dst").asText());
    assertEquals(1, report.at("/config/dstInterval").asInt());
    JsonNode history = report.get("history");
    assertEquals(3, history.get(0).get("topologyUpdates").asLong());
    assertEquals(5, history.get(1).get("topologyUpdates").asLong());
    double itop = history.get(1).get("itop").asDouble();
    assertTrue(itop > 0.2 && itop <= 1, "ITOP " + itop);
    assertTrue(history.get(1).get("itopLayers").size() > 0);
    assertTrue(Files.isRegularFile(out.resolve("training.png")));
    assertEquals("set", MaskFile.read(out.resolve("masks.s4jm")).metadata().extra().get("dst"));

    // The same run static: no dst fields, and other masks.
    Path still = tmp.resolve("static");
    assertEquals(0, train("fake", "--epochs", "2", "--sparsity", "0.8", "--out", still.toString()).exit());
    JsonNode staticReport = new ObjectMapper().readTree(still.resolve("report.json").toFile());
    assertTrue(staticReport.at("/config/dst").isMissingNode());
    assertTrue(staticReport.get("history").get(1).path("itop").isMissingNode());
    assertNotEquals(MaskFile.read(still.resolve("masks.s4jm")).masks(), MaskFile.read(out.resolve("masks.s4jm")).masks());
  }

  @Test
  void prunersListsTheTopologyUpdaters() throws IOException {
    CliRunner.Result r = CliRunner.run(PROVIDERS, "pruners", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode updaters = new ObjectMapper().readTree(r.out()).get("topologyUpdaters");
    assertEquals("set", updaters.get(0).get("name").asText());
    assertEquals("rigl", updaters.get(1).get("name").asText());
    String table = CliRunner.run(PROVIDERS, "pruners").out();
    assertTrue(table.contains("topologyUpdaters:") && table.lines().anyMatch(l -> l.startsWith("rigl")), table);
  }

  @Test
  void badSettingsFailBeforeAnythingIsWritten() {
    failure(train(FakeBackend.BASIC_ID, "--dst", "rigl", "--out", tmp.resolve("a").toString()),
        "backend 'fake-basic' does not support PARAM_GRADIENTS, which topology updater 'rigl'",
        "use --dst set (it needs nothing of the backend) or --dst static");
    failure(train("fake", "--dst", "sett", "--out", tmp.resolve("b").toString()), "sett", "set", "rigl");
    failure(train("fake", "--dst", "set", "--sparsity", "0", "--out", tmp.resolve("c").toString()),
        "--dst set needs a sparse run");
    failure(train("fake", "--dst", "set", "--dst-interval", "0", "--out", tmp.resolve("d").toString()),
        "interval must be ≥ 1 step, got 0");
    failure(train("fake", "--dst", "set", "--dst-fraction", "1.5", "--out", tmp.resolve("e").toString()),
        "fraction must be in (0, 1], got 1.5");
    failure(train("fake", "--dst-option", "k=v", "--out", tmp.resolve("f").toString()), "--dst-option needs --dst");
    for (String d : List.of("a", "b", "c", "d", "e", "f")) {
      assertFalse(Files.exists(tmp.resolve(d)), "nothing is created for a bad setting: " + d);
    }
  }
}
