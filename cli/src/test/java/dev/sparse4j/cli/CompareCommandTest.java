package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparse4j compare} on the fake backend: the five runs, the table, skipping, resuming, refusing. */
class CompareCommandTest {
  private static final SparseBackendProvider[] FAKE = {new FakeBackend.Provider()};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NAMES = List.of("dense", "erk", "uniform", "snip-ratio", "snip");

  @TempDir
  Path tmp;
  private Path data;
  private Path out;

  @BeforeEach
  void data() throws IOException {
    data = TestData.create(tmp.resolve("data"), 200, 60);
    out = tmp.resolve("compare");
  }

  private CliRunner.Result compare(String... more) {
    List<String> a = new ArrayList<>(List.of("compare", "--backend", "fake", "--data-dir", data.toString(), "--model",
        "mlp", "--out", out.toString()));
    a.addAll(List.of(more));
    if (!a.contains("--robustness-examples")) {
      a.addAll(List.of("--robustness-examples", "20"));
    }
    if (!a.contains("--epochs")) {
      a.addAll(List.of("--epochs", "1"));
    }
    return CliRunner.run(FAKE, a.toArray(String[]::new));
  }

  /** The table rows of compare.md (lines starting with "| " after the header and the rule). */
  private List<String> rows() throws IOException {
    List<String> lines = Files.readAllLines(out.resolve("compare.md")).stream().filter(l -> l.startsWith("|")).toList();
    return lines.subList(2, lines.size());
  }

  @Test
  void runsTheFiveConfigurationsAndWritesTheTable() throws IOException {
    CliRunner.Result r = compare();
    assertEquals(0, r.exit(), r.err());
    List<String> header = Files.readAllLines(out.resolve("compare.md")).stream().filter(l -> l.startsWith("| config"))
        .toList();
    assertEquals(List.of("| config | density | accuracy | ECE | NLL | AUROC msp | AUROC energy | AUROC odin "
        + "| FGSM @8/255 | FGSM @0.1 | PGD @8/255 | PGD @0.1 | train time |"), header);
    List<String> rows = rows();
    assertEquals(5, rows.size(), String.join("\n", rows));
    List<String> titles = List.of("dense", "ERK + random", "uniform + random", "SNIP-ratio + random", "SNIP");
    JsonNode cmp = JSON.readTree(out.resolve("compare.json").toFile());
    assertEquals("sparse4j-compare", cmp.get("format").asText());
    for (int i = 0; i < 5; i++) {
      String[] cells = rows.get(i).split("\\|");
      assertEquals(titles.get(i), cells[1].trim());
      // Every number is measured: no '-' placeholders.
      for (int c = 2; c < cells.length - 1; c++) {
        assertFalse(cells[c].trim().equals("-"), "row " + rows.get(i));
      }
      JsonNode report = JSON.readTree(out.resolve(NAMES.get(i)).resolve("report.json").toFile());
      JsonNode run = cmp.get("runs").get(i);
      assertEquals(NAMES.get(i), run.get("name").asText());
      assertEquals("train", run.get("action").asText());
      assertEquals(report.get("metrics").get("accuracy").asDouble(), run.get("accuracy").asDouble(), 0.0);
      assertEquals(report.get("metrics").get("robustness").get("pgd").get(1).get("accuracy").asDouble(),
          run.get("robustness").get("pgd").get(1).get("accuracy").asDouble(), 0.0);
      assertEquals(String.format(java.util.Locale.ROOT, "%.4f", report.get("metrics").get("ood").get("mnist")
          .get("odin").get("auroc").asDouble()), cells[8].trim());
      assertEquals(20, report.get("metrics").get("robustness").get("count").asInt());
      assertEquals(1, report.get("config").get("epochs").asInt());
      assertEquals(0, report.get("config").get("seed").asInt());
    }
    // The configurations: what train would get for the same options.
    JsonNode dense = JSON.readTree(out.resolve("dense/report.json").toFile());
    assertEquals("dense", dense.get("config").get("allocator").asText());
    assertFalse(dense.get("masked").asBoolean());
    JsonNode snipRatio = JSON.readTree(out.resolve("snip-ratio/report.json").toFile());
    assertEquals("snip-ratio", snipRatio.get("config").get("allocator").asText());
    assertEquals("random", snipRatio.get("config").get("pruner").asText());
    JsonNode snip = JSON.readTree(out.resolve("snip/report.json").toFile());
    assertEquals("snip", snip.get("config").get("pruner").asText());
    assertEquals("uniform", snip.get("config").get("allocator").asText());
    assertEquals(0.1, snip.get("totalDensity").asDouble(), 1e-4);
    assertTrue(Files.readString(out.resolve("compare.md")).contains("`sparse4j train --dataset fashion-mnist --model "
        + "mlp --allocator snip-ratio --sparsity 0.9 --epochs 1 --seed 0 --out " + out.resolve("snip-ratio") + "`"));
    assertTrue(r.out().contains("| SNIP |"), "the table is printed too: " + r.out());

    // Again: every configuration is finished, so nothing is trained and the reports stay as they are.
    String before = Files.readString(out.resolve("erk/report.json"));
    CliRunner.Result again = compare();
    assertEquals(0, again.exit(), again.err());
    for (String n : NAMES) {
      assertTrue(again.err().contains("[" + n + "] finished run of this configuration in"), again.err());
    }
    assertFalse(again.err().contains("epoch 1/1"), "nothing trained: " + again.err());
    assertEquals(before, Files.readString(out.resolve("erk/report.json")));
    assertEquals("skip", JSON.readTree(out.resolve("compare.json").toFile()).get("runs").get(1).get("action")
        .asText());

    // An interrupted configuration (checkpoint, no report) resumes; a report without robustness is completed.
    Files.delete(out.resolve("uniform/report.json"));
    ObjectNode erk = (ObjectNode) JSON.readTree(out.resolve("erk/report.json").toFile());
    ((ObjectNode) erk.get("metrics")).remove("robustness");
    Files.writeString(out.resolve("erk/report.json"), erk.toPrettyString());
    CliRunner.Result resumed = compare();
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().contains("resume from epoch-0001"), resumed.out());
    assertTrue(resumed.err().contains("[uniform] resuming the run in"), resumed.err());
    assertTrue(resumed.err().contains("[erk] finished run in " + out.resolve("erk") + " lacks robustness at ε 8/255,"
        + " 0.1; evaluating it again"), resumed.err());
    assertTrue(JSON.readTree(out.resolve("erk/report.json").toFile()).get("metrics").has("robustness"));
    assertTrue(Files.exists(out.resolve("uniform/report.json")));
    assertEquals(5, rows().size());

    // Other evaluation settings: the finished runs are measured again, not retrained.
    CliRunner.Result fewer = compare("--robustness-examples", "10", "--configs", "dense,snip");
    assertEquals(0, fewer.exit(), fewer.err());
    assertTrue(fewer.err().contains("[snip] finished run in " + out.resolve("snip") + " lacks robustness on 10 "
        + "examples (it has 20)"), fewer.err());
    assertFalse(fewer.err().contains("epoch 1/1"), fewer.err());
    assertEquals(10, JSON.readTree(out.resolve("snip/report.json").toFile()).get("metrics").get("robustness")
        .get("count").asInt());
    assertEquals(2, rows().size());

    // A requested PGD-L2 radius the reports lack: measured again, not retrained.
    CliRunner.Result l2 = compare("--robustness-examples", "10", "--configs", "dense", "--pgd-l2-eps", "1");
    assertEquals(0, l2.exit(), l2.err());
    assertTrue(l2.err().contains("[dense] finished run in " + out.resolve("dense") + " lacks PGD-L2 at ε 1"),
        l2.err());
    assertFalse(l2.err().contains("epoch 1/1"), l2.err());
    assertEquals(1.0, JSON.readTree(out.resolve("dense/report.json").toFile()).get("metrics").get("robustness")
        .get("pgd-l2").get(0).get("eps").asDouble());
  }

  @Test
  void anotherConfigurationIsRefusedUnlessForced() throws IOException {
    assertEquals(0, compare("--configs", "dense,erk").exit());
    String before = Files.readString(out.resolve("dense/report.json"));
    CliRunner.Result r = compare("--configs", "dense,erk", "--epochs", "2");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("holds a run with another configuration (epochs: 1 → 2)"), r.err());
    assertTrue(r.err().contains("--force"), r.err());
    assertEquals(before, Files.readString(out.resolve("dense/report.json")), "nothing was trained");

    CliRunner.Result forced = compare("--configs", "erk", "--epochs", "2", "--force");
    assertEquals(0, forced.exit(), forced.err());
    assertEquals(2, JSON.readTree(out.resolve("erk/report.json").toFile()).get("config").get("epochs").asInt());
    assertEquals(1, rows().size(), "the table has the chosen configurations only");
  }

  @Test
  void badOptions() {
    CliRunner.Result r = compare("--configs", "dense,lottery");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("unknown configuration 'lottery' in --configs; known configurations: dense, erk, "
        + "uniform, snip-ratio, snip"), r.err());
    r = compare("--sparsity", "0");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("--sparsity must be in (0, 1)"), r.err());
    r = compare("--eps", "abc");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("--eps entry 'abc' is not a number or a fraction"), r.err());
    r = compare("--threads", "0");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("--threads must be ≥ 1, got 0"), r.err());
    assertFalse(Files.exists(out), "nothing was trained");
    r = CliRunner.run(new SparseBackendProvider[] {FakeBackend.Provider.basic()}, "compare", "--backend",
        FakeBackend.BASIC_ID, "--data-dir", data.toString(), "--model", "mlp", "--no-robustness", "--no-odin",
        "--out", out.toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("does not support PARAM_GRADIENTS, which allocator 'snip-ratio'"), r.err());
    assertFalse(Files.exists(out), "nothing was trained");
  }
}
