package dev.sparse4j.backend.djl.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Evaluation passes run batch-norms folded into the convolutions (ConvBatchNormBlock) and keep the folded tensors
 * between {@code logits} calls: whatever changes the model between calls — a training step (weights and running
 * statistics), loaded weights, masks — must show in the calls after it. Each check compares with a fresh model given
 * the same state; a fold kept from an earlier state differs by far more than the tolerance.
 */
class BatchNormFoldingModelTest {
  private static SparseBackend backend;

  @BeforeAll
  static void start() {
    backend = new DjlPyTorchProvider().create(BackendOptions.defaults());
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  private static void assertSameLogits(String what, ModelSpec spec, SparseModel m, float[] x, int batch) {
    float[] got = m.logits(x, batch);
    try (SparseModel fresh = backend.build(spec, 99)) {
      fresh.loadState(m.state());
      float[] expected = fresh.logits(x, batch);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], got[i], 1e-5 * (1 + Math.abs(expected[i])), what + ": logit " + i);
      }
    }
  }

  @Test
  void logitsFollowEveryChangeOfTheModel() {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(new int[] {3, 12, 12}, 10));
    int batch = 8;
    SplittableRandom rng = new SplittableRandom(5);
    float[] x = new float[batch * spec.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    int[] y = {0, 3, 9, 1, 1, 7, 2, 5};
    try (SparseModel m = backend.build(spec, 7)) {
      assertSameLogits("initial", spec, m, x, batch);
      float[] before = m.logits(x, batch);
      m.setOptimizer(OptimizerConfig.paperSgd());
      for (int s = 0; s < 3; s++) {
        m.trainStep(x, y, batch, 0.1);
      }
      float[] trained = m.logits(x, batch);
      assertSameLogits("after three training steps", spec, m, x, batch);
      double moved = 0;
      for (int i = 0; i < before.length; i++) {
        moved = Math.max(moved, Math.abs(trained[i] - before[i]));
      }
      assertTrue(moved > 1e-2, "training moved the logits (" + moved + "): the check says something");

      Map<String, float[]> state = m.state();
      state.get("bn1.running_mean")[0] += 3f;
      state.get("conv1.weight")[0] -= 1f;
      m.loadState(state);
      assertSameLogits("after loadState", spec, m, x, batch);

      int[] shape = spec.stateTensors().stream().filter(p -> p.name().equals("conv1.weight")).findFirst()
          .orElseThrow().shape();
      boolean[] keep = new boolean[m.state().get("conv1.weight").length];
      for (int i = 0; i < keep.length; i++) {
        keep[i] = i % 3 != 0;
      }
      m.applyMasks(MaskSet.of(Map.of("conv1.weight", Mask.ofBooleans(shape, keep))));
      assertSameLogits("after applyMasks", spec, m, x, batch);

      float[] masked = m.logits(x, batch);
      m.inputGradient(x, y, batch, 1.0); // evaluation mode with autograd: the unfolded layers; the fold stays
      assertArrayEquals(masked, m.logits(x, batch), "logits are the same before and after an input gradient");
    }
  }
}
