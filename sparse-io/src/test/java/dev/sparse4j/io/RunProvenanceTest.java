package dev.sparse4j.io;

import dev.sparse4j.api.Versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunProvenanceTest {
  @TempDir Path dir;

  static RunProvenance sample() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("model", "resnet20");
    config.put("epochs", "160");
    config.put("lr", "0.1");
    Map<String, Double> layers = new LinkedHashMap<>();
    layers.put("conv1.weight", 1.0);
    layers.put("layer1.0.conv1.weight", 0.1234567890123456789);
    layers.put("fc.weight", 0.3);
    return new RunProvenance(config, -7L, Map.of("sparse4j", Versions.SPARSE4J, "pytorch", "2.7.1"), "djl-pytorch",
        "resnet20", "erk", Map.of("power", "1.0"), "random", Map.of("mode", "exact"), 0.1, 0.10000000000000002,
        layers, Instant.parse("2025-03-04T05:06:07.123456789Z"));
  }

  @Test
  void roundTripsThroughJson() {
    RunProvenance p = sample();
    String json = p.toJson();
    RunProvenance back = RunProvenance.fromJson(json);
    assertEquals(p, back);
    assertEquals(List.copyOf(p.config().keySet()), List.copyOf(back.config().keySet()), "order is kept");
    assertEquals(List.copyOf(p.layerDensities().keySet()), List.copyOf(back.layerDensities().keySet()));
    assertEquals(json, back.toJson());
  }

  @Test
  void jsonHasReadableFields() throws IOException {
    JsonNode n = new ObjectMapper().readTree(sample().toJson());
    assertEquals("2025-03-04T05:06:07.123456789Z", n.get("startTime").asText());
    assertEquals("djl-pytorch", n.get("backend").asText());
    assertEquals(-7, n.get("seed").asLong());
    assertEquals(0.3, n.get("layerDensities").get("fc.weight").asDouble());
    assertEquals("exact", n.get("prunerConfig").get("mode").asText());
  }

  @Test
  void buildsFromPlanAndMasks() {
    ParamSpec a = ParamSpec.of("conv1.weight", ParamKind.WEIGHT, 2, 2);
    ParamSpec b = ParamSpec.of("fc.weight", ParamKind.WEIGHT, 2, 4);
    DensityPlan plan = new DensityPlan("uniform", Map.of(), 0.5,
        List.of(new LayerDensity(a, 0.5), new LayerDensity(b, 0.5)), OptionalDouble.empty(), List.of(), 1.0);
    Map<String, Mask> m = new LinkedHashMap<>();
    m.put("conv1.weight", Mask.ofBooleans(new int[] {2, 2}, new boolean[] {true, false, false, true}));
    m.put("fc.weight", Mask.ofBooleans(new int[] {2, 4},
        new boolean[] {true, true, true, false, false, false, false, false}));
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    RunProvenance p = RunProvenance.of(Map.of("x", "y"), 3L, "nd4j", "mlp", plan, "random",
        Map.of("mode", "bernoulli"), MaskSet.of(m), t);
    assertEquals("uniform", p.allocator());
    assertEquals(0.5, p.targetDensity());
    assertEquals(5 / 12.0, p.achievedDensity(), 1e-15);
    assertEquals(0.375, p.layerDensities().get("fc.weight"));
    assertEquals(Versions.SPARSE4J, p.versions().get("sparse4j"));
    assertTrue(p.versions().containsKey("java"));
    assertEquals("7", p.withVersions(Map.of("engine", "7")).versions().get("engine"));
    assertEquals(p, RunProvenance.fromJson(p.toJson()));
  }

  @Test
  void ignoresUnknownFieldsAndRejectsBadJson() {
    String json = sample().toJson().replaceFirst("\\{", "{ \"addedInAFutureVersion\": [1, 2],");
    assertEquals(sample(), RunProvenance.fromJson(json));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunProvenance.fromJson("{"));
    assertTrue(e.getMessage().contains("not valid run provenance JSON"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RunProvenance.fromJson(sample().toJson().replace("0.10000000000000002", "1.5")));
    assertTrue(e.getMessage().contains("achieved density must be in [0, 1], got 1.5"), e.getMessage());
  }

  @Test
  void writesAndReadsFiles() throws IOException {
    Path f = dir.resolve("run/provenance.json");
    sample().write(f);
    assertEquals(sample(), RunProvenance.read(f));
    Files.writeString(f, "{\"seed\": \"not a number\"}");
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> RunProvenance.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }
}
