package dev.sparse4j.tck;

import static dev.sparse4j.tck.ContractAssertions.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.StepResult;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Masks and state: pruned weights stay exactly zero through every call, and state, masks and optimizer
 * state round-trip.
 *
 * <p>Part of {@link BackendTck}; tests needing a capability the backend lacks are skipped (by capability, never by
 * backend name).
 */
public abstract class MaskContract extends BackendFixture {
  // ------------------------------------------------------------------------------------------ masks

  @Test
  public void masksZeroExactlyThePrunedEntries() {
    for (ModelSpec spec : List.of(BackendSpecs.tinyResidual(), BackendSpecs.allLayers(), BackendSpecs.mlp())) {
      SparseModel m = build(spec, 8);
      Map<String, float[]> before = m.state();
      MaskSet masks = BackendData.masks(spec.prunable(), 0.3, 9);
      m.applyMasks(masks);
      assertEquals(masks, m.masks());
      Map<String, float[]> after = m.state();
      for (Map.Entry<String, float[]> e : after.entrySet()) {
        String name = e.getKey();
        float[] v = e.getValue();
        if (!masks.contains(name)) {
          assertArrayEquals(before.get(name), v, name + " is not masked and must not change");
          continue;
        }
        Mask mask = masks.get(name);
        for (int i = 0; i < v.length; i++) {
          if (mask.isKept(i)) {
            assertEquals(before.get(name)[i], v[i], 0.0f, name + "[" + i + "] is kept and must not change");
          } else {
            assertEquals(0.0f, v[i], 0.0f, name + "[" + i + "] is pruned and must be 0.0");
          }
        }
      }
    }
  }

  @Test
  public void prunedWeightsStayZeroDuringNesterovSgdWithWeightDecay() {
    assumeCapability(Capability.TRAIN);
    for (ModelSpec spec : List.of(BackendSpecs.tinyResidual(), BackendSpecs.tinyCnn())) {
      SparseModel m = build(spec, 10);
      MaskSet masks = BackendData.masks(spec.prunable(), 0.4, 11);
      m.applyMasks(masks);
      m.setOptimizer(OptimizerConfig.paperSgd());
      Map<String, float[]> start = m.state();
      for (int step = 0; step < 6; step++) {
        m.trainStep(BackendData.inputs(8 * spec.inputSize(), 100 + step), BackendData.labels(8, spec.numClasses(),
            100 + step), 8, 0.1);
        assertPrunedZero(masks, m.state(), "step " + step + " weights");
        Map<String, float[]> opt = m.optimizerState();
        Map<String, float[]> momentum = new HashMap<>();
        masks.names().forEach(n -> momentum.put(n, opt.get(n + ".momentum")));
        assertPrunedZero(masks, momentum, "step " + step + " momentum");
      }
      assertKeptChanged(masks, start, m.state());
    }
  }

  @Test
  public void prunedWeightsStayZeroDuringAdam() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 12);
    MaskSet masks = BackendData.masks(spec.prunable(), 0.5, 13);
    m.applyMasks(masks);
    m.setOptimizer(OptimizerConfig.adam(1e-4));
    Map<String, float[]> start = m.state();
    for (int step = 0; step < 4; step++) {
      m.trainStep(BackendData.inputs(8 * spec.inputSize(), step), BackendData.labels(8, spec.numClasses(), step), 8,
          0.01);
      assertPrunedZero(masks, m.state(), "Adam step " + step);
      Map<String, float[]> opt = m.optimizerState();
      for (String suffix : List.of(".adam_m", ".adam_v")) {
        Map<String, float[]> moments = new HashMap<>();
        masks.names().forEach(n -> moments.put(n, opt.get(n + suffix)));
        assertPrunedZero(masks, moments, "Adam step " + step + suffix);
      }
    }
    assertKeptChanged(masks, start, m.state());
  }

  @Test
  public void anEmptyMaskSetMakesTheModelDenseAgain() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.mlp();
    SparseModel m = build(spec, 14);
    MaskSet masks = BackendData.masks(spec.prunable(), 0.3, 15);
    m.applyMasks(masks);
    m.applyMasks(MaskSet.empty());
    assertEquals(0, m.masks().size());
    m.setOptimizer(OptimizerConfig.paperSgd());
    m.trainStep(BackendData.inputs(16 * 12, 16), BackendData.labels(16, 3, 16), 16, 0.5);
    float[] w = m.values("fc1.weight");
    Mask mask = masks.get("fc1.weight");
    int revived = 0;
    for (int i = 0; i < w.length; i++) {
      if (!mask.isKept(i) && w[i] != 0f) {
        revived++;
      }
    }
    assertTrue(revived > 0, "after removing the masks, formerly pruned weights must train again");
  }

  @Test
  public void loadStateReappliesTheMasks() {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel dense = build(spec, 17);
    SparseModel m = build(spec, 18);
    MaskSet masks = BackendData.masks(spec.prunable(), 0.5, 19);
    m.applyMasks(masks);
    m.loadState(dense.state());
    assertPrunedZero(masks, m.state(), "after loadState");
    Mask mask = masks.get("conv1.weight");
    float[] w = m.values("conv1.weight");
    float[] d = dense.values("conv1.weight");
    for (int i = 0; i < w.length; i++) {
      if (mask.isKept(i)) {
        assertEquals(d[i], w[i], 0f);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ state

  @Test
  public void stateRoundTripGivesIdenticalLogits() {
    for (ModelSpec spec : BackendSpecs.all()) {
      SparseModel a = build(spec, 20);
      randomizeNormState(a, 21);
      if (backend().capabilities().contains(Capability.TRAIN)) {
        a.setOptimizer(OptimizerConfig.paperSgd());
        for (int i = 0; i < 2; i++) {
          a.trainStep(BackendData.inputs(4 * spec.inputSize(), i), BackendData.labels(4, spec.numClasses(), i), 4,
              0.05);
        }
      }
      SparseModel b = build(spec, 777);
      b.loadState(a.state());
      assertStatesEqual(a.state(), b.state(), spec.name() + ": loadState(state())");
      float[] x = BackendData.inputs(3 * spec.inputSize(), 22);
      assertArrayEquals(a.logits(x, 3), b.logits(x, 3), spec.name() + ": logits after a state round trip");
    }
  }

  @Test
  public void optimizerStateHasOneEntryPerParameterAndAStepCount() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 23);
    m.setOptimizer(OptimizerConfig.paperSgd());
    Set<String> expected = new LinkedHashSet<>();
    spec.parameters().forEach(p -> expected.add(p.name() + ".momentum"));
    expected.add("step");
    assertEquals(expected, m.optimizerState().keySet());
    m.trainStep(BackendData.inputs(4 * spec.inputSize(), 1), BackendData.labels(4, 3, 1), 4, 0.1);
    m.trainStep(BackendData.inputs(4 * spec.inputSize(), 2), BackendData.labels(4, 3, 2), 4, 0.1);
    assertArrayEquals(new float[] {2f}, m.optimizerState().get("step"));
    m.setOptimizer(OptimizerConfig.adam(0));
    Set<String> adam = new LinkedHashSet<>();
    spec.parameters().forEach(p -> {
      adam.add(p.name() + ".adam_m");
      adam.add(p.name() + ".adam_v");
    });
    adam.add("step");
    assertEquals(adam, new LinkedHashSet<>(m.optimizerState().keySet()));
    assertArrayEquals(new float[] {0f}, m.optimizerState().get("step"), "setOptimizer resets the state");
  }

  @Test
  public void optimizerStateRoundTripContinuesTrainingIdentically() {
    assumeCapability(Capability.TRAIN);
    for (OptimizerConfig opt : List.of(OptimizerConfig.paperSgd(), OptimizerConfig.adam(5e-4))) {
      ModelSpec spec = BackendSpecs.tinyResidual();
      SparseModel a = build(spec, 24);
      a.applyMasks(BackendData.masks(spec.prunable(), 0.5, 25));
      a.setOptimizer(opt);
      for (int i = 0; i < 2; i++) {
        a.trainStep(BackendData.inputs(4 * spec.inputSize(), i), BackendData.labels(4, 4, i), 4, 0.05);
      }
      SparseModel b = build(spec, 26);
      b.loadState(a.state());
      b.applyMasks(a.masks());
      b.setOptimizer(opt);
      b.loadOptimizerState(a.optimizerState());
      assertStatesEqual(a.optimizerState(), b.optimizerState(), opt.kind() + ": optimizer state round trip");
      float[] x = BackendData.inputs(4 * spec.inputSize(), 9);
      int[] y = BackendData.labels(4, 4, 9);
      StepResult ra = a.trainStep(x, y, 4, 0.05);
      StepResult rb = b.trainStep(x, y, 4, 0.05);
      assertEquals(ra, rb, opt.kind() + ": the next step after a round trip");
      assertStatesEqual(a.state(), b.state(), opt.kind() + ": state after the next step");
      assertStatesEqual(a.optimizerState(), b.optimizerState(), opt.kind() + ": optimizer state after the next step");
    }
  }
}
