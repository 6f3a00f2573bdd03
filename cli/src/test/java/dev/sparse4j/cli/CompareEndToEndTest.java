package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.io.data.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparse4j compare} for real: djl-pytorch, the real Fashion-MNIST (first 2,000 training and test images, one
 * epoch of an MLP per configuration) and the 10,000 MNIST digits as OOD set (ODIN included), FGSM and PGD on 200
 * test images.
 * Skipped without the data, except on CI ({@code CI=true}) where it fails (as {@link TrainEndToEndTest}).
 */
class CompareEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void comparesTheFiveConfigurationsOnRealData() throws Exception {
    DataDirectory data = TrainEndToEndTest.requireData();
    Path out = tmp.resolve("compare");
    CliRunner.Result r = TrainEndToEndTest.run("compare", "--backend", "djl-pytorch", "--model", "mlp", "--epochs",
        "1", "--train-limit", "2000", "--test-limit", "2000", "--robustness-examples", "200", "--data-dir",
        data.path().toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.out() + r.err());

    List<String> table = Files.readAllLines(out.resolve("compare.md")).stream().filter(l -> l.startsWith("|"))
        .toList();
    List<String> rows = table.subList(2, table.size());
    assertEquals(5, rows.size(), String.join("\n", table));
    for (String row : rows) {
      String[] cells = row.split("\\|");
      // density … PGD @0.1: 11 numbers, each measured (no '-'), each a fraction in [0, 1] (NLL may exceed 1).
      assertEquals(14, cells.length, row);
      for (int c = 2; c <= 12; c++) {
        double v = Double.parseDouble(cells[c].trim());
        assertTrue(v >= 0 && (c == 5 || v <= 1), "cell " + c + " of " + row);
      }
    }
    JsonNode cmp = JSON.readTree(out.resolve("compare.json").toFile());
    JsonNode dense = cmp.get("runs").get(0);
    assertEquals(1.0, dense.get("density").asDouble());
    // 16 steps are enough for the dense MLP; the 90 %-sparse ones need longer (uniform stays near chance after 16
    // steps: its weights start at the dense init scale with a tenth of the fan-in; one full epoch reaches 0.84).
    assertTrue(dense.get("accuracy").asDouble() > 0.5, dense.toString());
    for (int i = 1; i < 5; i++) {
      JsonNode run = cmp.get("runs").get(i);
      assertEquals(0.1, run.get("density").asDouble(), 1e-3, run.get("name").asText());
    }
    JsonNode erk = JSON.readTree(out.resolve("erk/report.json").toFile());
    JsonNode rob = erk.get("metrics").get("robustness");
    assertEquals(200, rob.get("count").asInt());
    // An attack never helps: FGSM at 0.1 is at most the clean accuracy on the same 200 images.
    assertTrue(rob.get("fgsm").get(1).get("accuracy").asDouble() <= rob.get("cleanAccuracy").asDouble(),
        rob.toString());
    assertEquals(2_000, erk.get("metrics").get("count").asInt());
    assertTrue(erk.get("metrics").get("ood").get("mnist").get("odin").get("auroc").isNumber());
  }
}
