package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllocateCommandTest {
  private static final String[] RESNET20_ERK = {
      "allocate", "--model", "resnet20", "--width", "1", "--input", "1x28x28", "--classes", "10",
      "--allocator", "erk", "--sparsity", "0.9"};

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void tablePrintsEveryPrunableLayerAndTotals() {
    CliRunner.Result r = CliRunner.run(RESNET20_ERK);
    assertEquals(0, r.exit(), r.err());
    String out = r.out();
    assertTrue(out.contains("layer") && out.contains("target density") && out.contains("kept"), out);
    assertTrue(out.contains("conv1.weight") && out.contains("16x1x3x3"), out);
    assertTrue(out.contains("layer2.0.shortcut.0.weight"), out);
    assertTrue(out.contains("fc.weight") && out.contains("10x64"), out);
    assertTrue(out.contains("total (22 layers)"), out);
    assertTrue(out.contains("ERK epsilon: "), out);
    assertTrue(out.contains("dense layers: "), out);
    assertTrue(out.contains("allocator: erk"), out);
    assertEquals("", r.err());
  }

  @Test
  void jsonHasTheDocumentedKeysAndConsistentNumbers() throws Exception {
    CliRunner.Result r = CliRunner.run(with(RESNET20_ERK, "--json"));
    assertEquals(0, r.exit(), r.err());
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertEquals("resnet20", root.get("model").asText());
    assertEquals("erk", root.get("allocator").asText());
    assertEquals(0.1, root.get("targetDensity").asDouble(), 1e-12);
    JsonNode layers = root.get("layers");
    assertEquals(22, layers.size(), "ResNet-20: 19 convs + 2 shortcuts + fc");
    assertEquals("conv1.weight", layers.get(0).get("name").asText());
    assertEquals("fc.weight", layers.get(21).get("name").asText());

    // Recompute the totals from the per-layer rows.
    long params = 0;
    long kept = 0;
    Set<String> dense = new HashSet<>();
    root.get("denseLayers").forEach(n -> dense.add(n.asText()));
    double eps = root.get("erkEpsilon").asDouble();
    assertTrue(eps > 0, "ERK has an epsilon");
    for (JsonNode l : layers) {
      long p = 1;
      long sum = 0;
      for (JsonNode d : l.get("shape")) {
        p *= d.asLong();
        sum += d.asLong();
      }
      assertEquals(p, l.get("params").asLong(), l.toString());
      long k = l.get("kept").asLong();
      assertEquals((double) k / p, l.get("density").asDouble(), 1e-12, l.toString());
      assertEquals(Math.round(l.get("targetDensity").asDouble() * p), k, l.toString());
      // ERK (docs/allocators.md): density = ε · Σdims / Πdims unless the layer was forced dense.
      double expected = dense.contains(l.get("name").asText()) ? 1.0 : eps * sum / p;
      assertEquals(expected, l.get("targetDensity").asDouble(), 1e-9, l.toString());
      params += p;
      kept += k;
    }
    assertEquals(params, root.get("totalParams").asLong());
    assertEquals(kept, root.get("totalKept").asLong());
    assertEquals((double) kept / params, root.get("totalDensity").asDouble(), 1e-12);
    // Whole weights: at most ±1 weight per layer away from the target.
    assertEquals(0.1, root.get("totalDensity").asDouble(), 22.0 / params);
  }

  @Test
  void densityIsAnAlternativeToSparsity() throws Exception {
    CliRunner.Result r = CliRunner.run("allocate", "--model", "resnet20", "--allocator", "uniform",
        "--density", "0.25", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertEquals(0.25, root.get("targetDensity").asDouble(), 1e-12);
    for (JsonNode l : root.get("layers")) {
      assertEquals(0.25, l.get("targetDensity").asDouble(), 1e-12);
    }
    assertEquals(3, root.get("layers").get(0).get("shape").get(1).asInt(), "default input is 3x32x32");
  }

  @Test
  void sparsityAndDensityTogetherIsAUsageError() {
    CliRunner.Result r = CliRunner.run(with(RESNET20_ERK, "--density", "0.1"));
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).startsWith("sparse4j allocate: error: "), r.err());
    assertEquals("sparse4j allocate: error: --sparsity=S, --density=D are mutually exclusive (specify only one)",
        r.errLines().get(0));
    assertTrue(r.err().contains("Usage: sparse4j allocate"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void anAllocatorThatScoresTheModelSaysToTrainWithIt() {
    CliRunner.Result r = CliRunner.run("allocate", "--model", "mlp", "--allocator", "snip-ratio", "--sparsity", "0.9");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.errLines().get(0).startsWith("sparse4j allocate: error: allocator 'snip-ratio' plans by scoring a "
        + "built model"), r.err());
    assertTrue(r.err().contains("sparse4j train --allocator snip-ratio"), r.err());
    assertFalse(r.err().contains("internal error"), r.err());
  }

  @Test
  void unknownOptionGivesOneLineAndTheUsage() {
    CliRunner.Result r = CliRunner.run(with(RESNET20_ERK, "--bogus"));
    assertEquals(2, r.exit());
    assertEquals("sparse4j allocate: error: Unknown option: '--bogus'", r.errLines().get(0));
    assertTrue(r.err().contains("Usage: sparse4j allocate"), r.err());
  }

  @Test
  void missingTargetOrModelIsAUsageError() {
    CliRunner.Result r = CliRunner.run("allocate", "--model", "resnet20");
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).contains("--sparsity") && r.errLines().get(0).contains("--density"), r.err());
    r = CliRunner.run("allocate", "--sparsity", "0.9");
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).contains("Missing required option: '--model=NAME'"), r.err());
  }

  @Test
  void badNumbersGiveOneLineErrors() {
    CliRunner.Result r = CliRunner.run("allocate", "--model", "resnet20", "--sparsity", "1.5");
    assertEquals(2, r.exit());
    assertEquals(2, r.errLines().size(), r.err());
    assertTrue(r.errLines().get(0).startsWith("sparse4j allocate: error: sparsity must be in [0, 1), got 1.5"), r.err());
    assertEquals("Run 'sparse4j allocate --help' for usage.", r.errLines().get(1));

    r = CliRunner.run("allocate", "--model", "resnet20", "--density", "0");
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).contains("density must be in (0, 1], got 0.0"), r.err());

    r = CliRunner.run("allocate", "--model", "resnet20", "--density", "abc");
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).contains("Invalid value for option '--density'"), r.err());

    r = CliRunner.run("allocate", "--model", "resnet20", "--sparsity", "0.9", "--input", "3x32");
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).startsWith("sparse4j allocate: error: "), r.err());
  }

  @Test
  void unknownModelAndAllocatorAreNamed() {
    CliRunner.Result r = CliRunner.run("allocate", "--model", "alexnet", "--sparsity", "0.9");
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).contains("unknown model 'alexnet'"), r.err());
    assertTrue(r.errLines().get(0).contains("resnet20"), "lists the known models: " + r.err());

    r = CliRunner.run("allocate", "--model", "resnet20", "--allocator", "magic", "--sparsity", "0.9");
    assertEquals(2, r.exit());
    assertTrue(r.errLines().get(0).startsWith("sparse4j allocate: error: "), r.err());
    assertTrue(r.errLines().get(0).contains("magic"), r.err());
    assertTrue(r.errLines().get(0).contains("erk"), "lists the known allocators: " + r.err());
  }
}
