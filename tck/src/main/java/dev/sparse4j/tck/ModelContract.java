package dev.sparse4j.tck;

import static dev.sparse4j.tck.ContractAssertions.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model a backend builds: its structure, the forward pass against a double-precision reference
 * ({@link BackendReference}) and the seeded initial weights.
 *
 * <p>Part of {@link BackendTck}; tests needing a capability the backend lacks are skipped (by capability, never by
 * backend name).
 */
public abstract class ModelContract extends BackendFixture {
  // ------------------------------------------------------------------------------------------ structure

  @Test
  public void backendDescribesItself() {
    assertTrue(backend().id().matches("[a-z0-9]+(-[a-z0-9]+)*"), "id must be lower-kebab: " + backend().id());
    assertTrue(backend().capabilities() != null, "capabilities must not be null");
    // The versions go into every report's provenance: at least the engine's, no blank names or values.
    assertTrue(backend().versions() != null && !backend().versions().isEmpty(),
        "versions must name at least the engine's version: " + backend().versions());
    backend().versions().forEach((k, v) -> assertTrue(k != null && !k.isBlank() && v != null && !v.isBlank(),
        "blank version entry '" + k + "' = '" + v + "'"));
    SparseModel m = build(BackendSpecs.tinyCnn(), 1);
    assertEquals(backend().id(), m.backendId(), "a model names the backend that built it");
    assertEquals(backend().capabilities(), m.capabilities(), "a model has its backend's capabilities");
  }

  @Test
  public void parameterNamesAndShapesEqualTheSpec() {
    for (ModelSpec spec : BackendSpecs.all()) {
      SparseModel m = build(spec, 1);
      assertEquals(spec, m.spec());
      assertEquals(backend().id(), m.backendId());
      assertEquals(spec.parameters(), m.parameters(), spec.name());
      assertStateMatches(spec, m.state());
      for (ParamSpec p : spec.parameters()) {
        assertArrayEquals(m.state().get(p.name()), m.values(p.name()), p.name());
      }
    }
  }

  @Test
  public void zooModelsCompileWithTheirNames() {
    List<ModelSpec> zoo = List.of(
        Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10)),
        Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10)),
        Models.create("vgg16", ModelOptions.of(new int[] {3, 32, 32}, 10).withWidth(0.125)),
        Models.create("wrn-10-2-d0.3", ModelOptions.of(new int[] {3, 16, 16}, 7).withWidth(0.5)));
    for (ModelSpec spec : zoo) {
      SparseModel m = build(spec, 3);
      assertEquals(spec.parameters(), m.parameters(), spec.name());
      assertStateMatches(spec, m.state());
      float[] logits = m.logits(BackendData.inputs(2 * spec.inputSize(), 5), 2);
      assertEquals(2 * spec.numClasses(), logits.length, spec.name());
      for (float v : logits) {
        assertTrue(Float.isFinite(v), spec.name() + " gave a non-finite logit");
      }
    }
  }

  private static void assertStateMatches(ModelSpec spec, Map<String, float[]> state) {
    List<String> expected = spec.stateTensors().stream().map(ParamSpec::name).toList();
    assertEquals(expected, new ArrayList<>(state.keySet()), spec.name() + ": state names and order");
    for (ParamSpec p : spec.stateTensors()) {
      assertEquals(p.numel(), state.get(p.name()).length, spec.name() + ": size of " + p.name());
    }
  }

  // ------------------------------------------------------------------------------------------ forward pass

  @Test
  public void logitsMatchTheReferenceForwardPass() {
    List<ModelSpec> specs = new ArrayList<>(BackendSpecs.deterministic());
    specs.add(BackendSpecs.allLayers());
    specs.add(BackendSpecs.batchNormProbe());
    for (ModelSpec spec : specs) {
      SparseModel m = build(spec, 11);
      randomizeNormState(m, 12);
      int batch = 3;
      float[] x = BackendData.inputs(batch * spec.inputSize(), 13);
      double[] expected = BackendReference.logits(spec, m.state(), x, batch);
      assertClose(expected, m.logits(x, batch), 1e-4, 1e-4, spec.name() + " logits");
    }
  }

  @Test
  public void resnet20MatchesTheReferenceForwardPass() {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10));
    SparseModel m = build(spec, 21);
    randomizeNormState(m, 22);
    float[] x = BackendData.inputs(2 * spec.inputSize(), 23);
    double[] expected = BackendReference.logits(spec, m.state(), x, 2);
    assertClose(expected, m.logits(x, 2), 1e-3, 1e-3, "resnet20 logits");
  }

  @Test
  public void logitsAreDeterministicAndLeaveTheStateAlone() {
    for (ModelSpec spec : BackendSpecs.all()) {
      SparseModel m = build(spec, 4);
      Map<String, float[]> before = m.state();
      float[] x = BackendData.inputs(4 * spec.inputSize(), 5);
      float[] a = m.logits(x, 4);
      float[] b = m.logits(x, 4);
      assertArrayEquals(a, b, spec.name() + ": logits differ between two calls");
      assertStatesEqual(before, m.state(), spec.name() + ": logits changed the state");
    }
  }

  // ------------------------------------------------------------------------------------------ initialisation

  @Test
  public void aSeedGivesTheSameInitialState() {
    for (ModelSpec spec : BackendSpecs.all()) {
      SparseModel a = build(spec, 42);
      SparseModel b = build(spec, 42);
      assertStatesEqual(a.state(), b.state(), spec.name() + ": same seed, different initial state");
      SparseModel c = build(spec, 43);
      String first = spec.prunable().get(0).name();
      assertFalse(java.util.Arrays.equals(a.values(first), c.values(first)),
          spec.name() + ": seeds 42 and 43 gave the same " + first);
    }
  }

  @Test
  public void aSeedGivesTheSameFirstLoss() {
    assumeCapability(Capability.TRAIN);
    for (ModelSpec spec : BackendSpecs.deterministic()) {
      float[] x = BackendData.inputs(8 * spec.inputSize(), 1);
      int[] y = BackendData.labels(8, spec.numClasses(), 1);
      double[] losses = new double[2];
      List<Map<String, float[]>> states = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        SparseModel m = build(spec, 99);
        m.setOptimizer(OptimizerConfig.paperSgd());
        losses[i] = m.trainStep(x, y, 8, 0.1).loss();
        states.add(m.state());
      }
      assertEquals(losses[0], losses[1], 0.0, spec.name() + ": first loss differs between two builds");
      assertStatesEqual(states.get(0), states.get(1), spec.name() + ": state after one step differs");
    }
  }

  @Test
  public void initialisationFollowsThePyTorchDefaults() {
    ModelSpec spec = BackendSpecs.initProbe();
    SparseModel m = build(spec, 7);
    Map<String, float[]> s = m.state();
    // Kaiming-normal, fan-out, ReLU gain: std = sqrt(2 / (64·3·3)).
    double[] conv = BackendData.widen(s.get("conv.weight"));
    double std = Math.sqrt(2.0 / (64 * 9));
    assertEquals(0.0, BackendData.mean(conv), 4 * std / Math.sqrt(conv.length), "conv weight mean");
    assertEquals(std, sampleStd(conv), 0.05 * std, "conv weight std (Kaiming-normal, fan-out)");
    // Linear: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias, whose std is bound / sqrt(3).
    double bound = 1 / Math.sqrt(64);
    double[] fc = BackendData.widen(s.get("fc.weight"));
    for (double v : fc) {
      assertTrue(Math.abs(v) <= bound, "linear weight " + v + " outside ±" + bound);
    }
    assertEquals(bound / Math.sqrt(3), sampleStd(fc), 0.05 * bound / Math.sqrt(3), "linear weight std");
    for (float v : s.get("fc.bias")) {
      assertTrue(Math.abs(v) <= bound, "linear bias " + v + " outside ±" + bound);
    }
    assertTrue(sampleStd(BackendData.widen(s.get("fc.bias"))) > 0, "linear bias must be random, not constant");
    assertAll(s.get("bn.weight"), 1f, "bn.weight");
    assertAll(s.get("bn.bias"), 0f, "bn.bias");
    assertAll(s.get("bn.running_mean"), 0f, "bn.running_mean");
    assertAll(s.get("bn.running_var"), 1f, "bn.running_var");
  }
}
