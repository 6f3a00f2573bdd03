package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.io.data.DataDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny real sweep on djl-pytorch and the real Fashion-MNIST (MLP, 1 epoch on 1,000 images, the dense baseline and
 * ERK / uniform at 90 %), two cells at a time in child JVMs (djl-pytorch trains one model per JVM): one CSV row per
 * cell, accuracies that make sense, valid PNG plots. Needs the data ({@code scripts/install-data.sh}); skipped without
 * it, failed on CI.
 */
class SweepEndToEndTest {
  @TempDir
  Path tmp;

  @Test
  void aTinyRealSweepGivesOneRowPerCellAndPlots() throws Exception {
    DataDirectory data = TrainEndToEndTest.requireData();
    Path out = tmp.resolve("sweep");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code = Sparse4jCli.commandLine(new Sparse4jCli(), new PrintWriter(stdout, true), new PrintWriter(stderr, true))
        .execute("sweep", "--backend", "djl-pytorch", "--data-dir", data.path().toString(), "--model", "mlp",
            "--sparsities", "0.9", "--allocators", "erk,uniform", "--epochs", "1", "--train-limit", "1000",
            "--test-limit", "500", "--robustness-examples", "200", "--no-odin", "--parallel", "2", "--out",
            out.toString());
    assertEquals(0, code, stderr.toString());
    assertTrue(stdout.toString().contains("2 at a time"), stdout.toString());
    List<String> lines = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(4, lines.size(), "a header and one row per cell:\n" + String.join("\n", lines));
    JsonNode rows = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("rows");
    assertEquals("mlp-w1-dense-seed0", rows.get(0).path("cell").asText());
    for (JsonNode r : rows) {
      double acc = r.path("accuracy").asDouble();
      assertTrue(acc > 0.1 && acc <= 1.0, r.path("cell").asText() + ": accuracy " + acc);
      assertTrue(r.has("pgd@8/255") && r.has("ood.mnist.energy.auroc"), r.toString());
      assertEquals("djl-pytorch", r.path("backend").asText());
    }
    assertEquals(0.1, rows.get(1).path("totalDensity").asDouble(), 1e-3);
    for (String png : List.of("accuracy-vs-sparsity.png", "ece-vs-sparsity.png", "ood-auroc-vs-sparsity.png",
        "pgd-accuracy-vs-sparsity.png")) {
      assertNotNull(ImageIO.read(out.resolve("plots").resolve(png).toFile()), png);
    }
  }
}
