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
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep.json}, {@code results.json} and {@code eval.json} as written fit the schemas published in docs/. */
class OutputSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private static JsonSchema schema(String name) throws Exception {
    Path file = Path.of("..", "docs", name);
    assertTrue(Files.isRegularFile(file), "no " + file.toAbsolutePath());
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(file.toFile()));
  }

  private static void valid(JsonSchema schema, JsonNode json, String what) {
    Set<ValidationMessage> errors = schema.validate(json);
    assertTrue(errors.isEmpty(), what + ": " + errors);
  }

  @Test
  void aSweepsFilesFitTheirSchemas() throws Exception {
    Path data = TestData.create(tmp.resolve("data"), 100, 40);
    Path out = tmp.resolve("sweep");
    CliRunner.Result r = CliRunner.run(new SparseBackendProvider[] {new FakeBackend.Provider()}, "sweep",
        "--backend", "fake", "--data-dir", data.toString(), "--model", "mlp", "--sparsities", "0.8", "--epochs", "1",
        "--batch-size", "32", "--no-robustness", "--no-odin", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    valid(schema("sweep.schema.json"), JSON.readTree(out.resolve("sweep.json").toFile()), "sweep.json");
    JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
    JsonSchema resultsSchema = schema("results.schema.json");
    valid(resultsSchema, results, "results.json");
    assertTrue(results.path("rows").get(0).path("nesterov").isBoolean(), "booleans are JSON booleans");

    ObjectNode broken = results.deepCopy();
    ((ObjectNode) broken.path("rows").get(0)).put("nesterov", "true");
    assertTrue(!resultsSchema.validate(broken).isEmpty(), "a boolean written as a string is refused");
  }

  @Test
  void evalJsonFitsItsSchema() throws Exception {
    JsonSchema schema = schema("eval.schema.json");
    valid(schema, JSON.readTree(OutputSchemasTest.class.getResource("/compat/v0.1.0/eval.json")), "eval.json 0.1.0");
    Path data = TestData.create(tmp.resolve("data"), 100, 40);
    Path run = tmp.resolve("run");
    SparseBackendProvider[] fake = {new FakeBackend.Provider()};
    assertEquals(0, CliRunner.run(fake, "train", "--backend", "fake", "--data-dir", data.toString(), "--model", "mlp",
        "--epochs", "1", "--sparsity", "0.8", "--no-robustness", "--no-odin", "--out", run.toString()).exit());
    CliRunner.Result e = CliRunner.run(fake, "eval", "--backend", "fake", "--run", run.toString(), "--data-dir",
        data.toString(), "--no-robustness", "--no-odin");
    assertEquals(0, e.exit(), e.err());
    valid(schema, JSON.readTree(run.resolve("eval.json").toFile()), "eval.json");
    for (String name : List.of("sweep.schema.json", "results.schema.json", "eval.schema.json")) {
      assertTrue(Files.readString(Path.of("..", "docs", name)).contains("\"$schema\""), name);
    }
  }
}
