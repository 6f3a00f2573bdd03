package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published schema of {@code report.json} ({@code docs/report.schema.json}) accepts the reports of sparse4j 0.1.0
 * and the reports this version writes, and rejects a report with a required field missing or of the wrong type.
 */
class ReportSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  @TempDir
  Path tmp;

  @BeforeAll
  static void loadSchema() throws Exception {
    // Surefire runs in the module directory; the schema is published from the repository's docs/.
    Path file = Path.of("..", "docs", "report.schema.json");
    assertTrue(Files.isRegularFile(file), "no " + file.toAbsolutePath());
    JsonNode node = JSON.readTree(file.toFile());
    assertEquals("https://json-schema.org/draft/2020-12/schema", node.get("$schema").asText());
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
  }

  private static JsonNode fixture(String name) throws Exception {
    return JSON.readTree(ReportSchemaTest.class.getResource("/compat/v0.1.0/" + name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"report.json", "report-updated.json"})
  void acceptsTheReportsOfVersion010(String name) throws Exception {
    Set<ValidationMessage> errors = schema.validate(fixture(name));
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void acceptsAFreshReport() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 300, 100);
    Path out = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run(new SparseBackendProvider[] {new FakeBackend.Provider()}, "train",
        "--backend", "fake", "--data-dir", data.toString(), "--model", "mlp", "--batch-size", "64", "--epochs", "1",
        "--sparsity", "0.8", "--pgd-l2-eps", "0.5", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    Set<ValidationMessage> errors = schema.validate(report);
    assertTrue(errors.isEmpty(), errors.toString());
    if (Files.isReadable(Path.of("/proc/self/status"))) {
      // The run's peak memory, as Linux counts it (heap and native): a JVM takes tens of MB at least.
      assertTrue(report.path("peakRssBytes").asLong() > 20L * 1024 * 1024, report.path("peakRssBytes").toString());
      assertTrue(r.out().contains(" MiB)"), "the console says it too: " + r.out());
    }
  }

  @Test
  void rejectsAMissingRequiredField() throws Exception {
    ObjectNode report = (ObjectNode) fixture("report.json");
    report.remove("metrics");
    assertRejected(report, "metrics");
    ObjectNode layer = (ObjectNode) fixture("report.json").get("layers").get(0);
    layer.remove("kept");
    ObjectNode withLayer = (ObjectNode) fixture("report.json");
    ((com.fasterxml.jackson.databind.node.ArrayNode) withLayer.get("layers")).set(0, layer);
    assertRejected(withLayer, "kept");
  }

  @Test
  void rejectsAWrongType() throws Exception {
    ObjectNode report = (ObjectNode) fixture("report.json");
    report.put("totalDensity", "high");
    assertRejected(report, "totalDensity");
    ObjectNode config = (ObjectNode) fixture("report.json");
    ((ObjectNode) config.get("config")).put("epochs", 1.5);
    assertRejected(config, "epochs");
    ObjectNode metrics = (ObjectNode) fixture("report.json");
    ((ObjectNode) metrics.get("metrics")).put("accuracy", "0.9");
    assertRejected(metrics, "accuracy");
  }

  /** Values no run can have: the schema refuses accuracy 1.5, the typed reader also kept > params. */
  @Test
  void rejectsImpossibleValues() throws Exception {
    ObjectNode metrics = (ObjectNode) fixture("report.json");
    ((ObjectNode) metrics.get("metrics")).put("accuracy", 1.5);
    assertRejected(metrics, "accuracy");
    ObjectNode params = (ObjectNode) fixture("report.json");
    ((ObjectNode) params.get("params")).put("kept", params.get("params").get("total").asLong() + 1);
    Path file = tmp.resolve("report.json");
    Files.writeString(file, JSON.writeValueAsString(params));
    dev.sparse4j.io.CorruptFileException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.sparse4j.io.CorruptFileException.class,
        () -> dev.sparse4j.runner.RunReevaluation.readReport(file));
    assertTrue(e.getMessage().contains("impossible parameter counts"), e.getMessage());
  }

  private static void assertRejected(JsonNode report, String field) {
    Set<ValidationMessage> errors = schema.validate(report);
    assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains(field)),
        "expected an error naming " + field + ", got " + errors);
  }
}
