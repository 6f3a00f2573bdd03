package dev.sparse4j.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Sequential;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bookkeeping of {@link AbstractSparseModel} on an in-memory "engine" that records what it is asked. */
class AbstractSparseModelTest {
  private static final ModelSpec SPEC = new ModelSpec("probe", new int[] {1, 2, 2}, 2, Sequential.of("",
      new Conv2d("conv", 1, 2, 1, 1, 0, false),
      BatchNorm2d.of("bn", 2),
      new GlobalAvgPool2d("gap"),
      new Linear("fc", 2, 2, true)), Map.of());

  /** Tensors in Java maps; a training-mode gradient pass scribbles on the running statistics, as DJL's does. */
  static final class MapModel extends AbstractSparseModel {
    final Map<String, float[]> tensors = new LinkedHashMap<>();
    final Map<String, float[]> optimizer = new LinkedHashMap<>();
    Map<String, Mask> installed;
    final List<Long> noiseSeeds = new ArrayList<>();
    int releases;

    MapModel(Set<Capability> capabilities) {
      super("map", capabilities, SPEC, 1);
      for (ParamSpec p : SPEC.stateTensors()) {
        float[] v = new float[p.numel()];
        java.util.Arrays.fill(v, 1f);
        tensors.put(p.name(), v);
      }
    }

    @Override
    protected Map<String, float[]> readTensors(List<String> names) {
      Map<String, float[]> out = new LinkedHashMap<>();
      names.forEach(n -> out.put(n, tensors.get(n).clone()));
      return out;
    }

    @Override
    protected void writeTensors(Map<String, float[]> values) {
      values.forEach((n, v) -> tensors.put(n, v.clone()));
    }

    @Override
    protected void installMasks(Map<String, Mask> active) {
      installed = active;
    }

    @Override
    protected float[] forwardLogits(float[] inputs, int batchSize) {
      return new float[batchSize * 2];
    }

    @Override
    protected void release() {
      releases++;
    }

    @Override
    protected void resetOptimizerState(OptimizerConfig config, Map<String, ParamSpec> entries) {
      optimizer.clear();
      entries.forEach((e, p) -> {
        float[] v = new float[p.numel()];
        java.util.Arrays.fill(v, 2f);
        optimizer.put(e, v);
      });
    }

    @Override
    protected Map<String, float[]> readOptimizerState(List<String> entries) {
      Map<String, float[]> out = new LinkedHashMap<>();
      entries.forEach(e -> out.put(e, optimizer.get(e).clone()));
      return out;
    }

    @Override
    protected void writeOptimizerState(Map<String, float[]> values) {
      values.forEach((e, v) -> optimizer.put(e, v.clone()));
    }

    @Override
    protected StepOutput step(TrainingBatch batch) {
      noiseSeeds.add(batch.noiseSeed());
      return new StepOutput(0.5, new float[] {0, 1, 1, 0});
    }

    @Override
    protected Map<String, float[]> computeParameterGradients(float[] inputs, int[] labels, int batchSize,
        boolean trainMode, double temperature) {
      tensors.put("bn.running_mean", new float[] {9, 9});
      return Map.of();
    }
  }

  @Test
  void masksThatKeepEverythingAreNotInstalledButReported() {
    MapModel m = new MapModel(EnumSet.of(Capability.TRAIN));
    boolean[] keep = {true, false};
    Map<String, Mask> masks = new LinkedHashMap<>();
    masks.put("conv.weight", Mask.ofBooleans(new int[] {2, 1, 1, 1}, keep));
    masks.put("fc.weight", Mask.dense(2, 2));
    MaskSet set = MaskSet.of(masks);
    m.setOptimizer(OptimizerConfig.paperSgd());
    m.applyMasks(set);
    assertEquals(set, m.masks());
    assertEquals(List.of("conv.weight"), new ArrayList<>(m.installed.keySet()));
    assertArrayEquals(new float[] {1, 0}, m.tensors.get("conv.weight"), "pruned weight zeroed");
    assertArrayEquals(new float[] {2, 0}, m.optimizer.get("conv.weight.momentum"), "pruned momentum zeroed");
    assertArrayEquals(new float[] {1, 1, 1, 1}, m.tensors.get("fc.weight"), "a dense-kept layer is untouched");
    Map<String, float[]> state = m.state();
    state.put("conv.weight", new float[] {5, 6});
    m.loadState(state);
    assertArrayEquals(new float[] {5, 0}, m.tensors.get("conv.weight"), "loadState applies the installed masks");
    m.applyMasks(MaskSet.empty());
    assertTrue(m.installed.isEmpty());
  }

  @Test
  void theStepCounterTheCorrectCountAndTheNoiseSeed() {
    MapModel m = new MapModel(EnumSet.of(Capability.TRAIN));
    m.setOptimizer(OptimizerConfig.adam(0));
    assertEquals(2, m.trainStep(new float[8], new int[] {1, 0}, 2, 0.1).correct());
    m.trainStep(new float[8], new int[] {0, 0}, 2, 0.1);
    m.trainStep(new float[8], new int[] {0, 0}, 2, 0.1, 1234L);
    assertEquals(1234L, m.noiseSeeds.get(2), "an explicit noise seed reaches the engine");
    assertNotEquals(m.noiseSeeds.get(0), m.noiseSeeds.get(1), "the default noise seed follows the step count");
    assertArrayEquals(new float[] {3}, m.optimizerState().get("step"));
    Map<String, float[]> saved = m.optimizerState();
    MapModel other = new MapModel(EnumSet.of(Capability.TRAIN));
    other.setOptimizer(OptimizerConfig.adam(0));
    other.loadOptimizerState(saved);
    other.trainStep(new float[8], new int[] {0, 0}, 2, 0.1);
    MapModel straight = new MapModel(EnumSet.of(Capability.TRAIN));
    straight.setOptimizer(OptimizerConfig.adam(0));
    for (int i = 0; i < 4; i++) {
      straight.trainStep(new float[8], new int[] {0, 0}, 2, 0.1);
    }
    assertEquals(straight.noiseSeeds.get(3), other.noiseSeeds.get(0),
        "after loading the optimizer state, the default noise seed continues where the saved run was");
  }

  @Test
  void trainingModeGradientsLeaveTheRunningStatisticsAsTheyWere() {
    MapModel m = new MapModel(EnumSet.of(Capability.PARAM_GRADIENTS));
    m.parameterGradients(new float[4], new int[] {0}, 1, true);
    assertArrayEquals(new float[] {1, 1}, m.tensors.get("bn.running_mean"));
  }

  @Test
  void aDeclaredButUnimplementedCapabilityNamesTheMissingHook() {
    MapModel m = new MapModel(EnumSet.of(Capability.INPUT_GRADIENTS));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> m.inputGradient(new float[4], new int[] {0}, 1, 1.0));
    assertTrue(e.getMessage().contains("computeInputGradient") && e.getMessage().contains("INPUT_GRADIENTS"),
        e.getMessage());
    UnsupportedCapabilityException u = assertThrows(UnsupportedCapabilityException.class,
        () -> m.parameterGradients(new float[4], new int[] {0}, 1, false));
    assertEquals(Capability.PARAM_GRADIENTS, u.capability());
  }

  @Test
  void aModelWithoutTrainAcceptsAnOptimizerButRefusesToStep() {
    MapModel m = new MapModel(EnumSet.noneOf(Capability.class));
    m.setOptimizer(OptimizerConfig.paperSgd());
    assertEquals(Map.of("step", 0f), Map.of("step", m.optimizerState().get("step")[0]));
    assertThrows(UnsupportedCapabilityException.class, () -> m.trainStep(new float[4], new int[] {0}, 1, 0.1));
  }

  @Test
  void closingReleasesOnceAndThenRefusesWork() {
    MapModel m = new MapModel(EnumSet.noneOf(Capability.class));
    m.close();
    m.close();
    assertEquals(1, m.releases);
    assertTrue(assertThrows(IllegalStateException.class, m::state).getMessage().contains("closed"));
    assertThrows(IllegalStateException.class, () -> m.logits(new float[4], 1));
  }
}
