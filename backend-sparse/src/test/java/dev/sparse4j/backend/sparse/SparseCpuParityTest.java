package dev.sparse4j.backend.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.backend.djl.pytorch.DjlPyTorchProvider;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.tck.BackendData;
import dev.sparse4j.tck.BackendParity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * sparse-cpu gives djl-pytorch's evaluation-mode logits within 1e-4 on the same sparse weights (MLP, ResNet-20,
 * VGG-16, WRN with dropout; trained a step, random batch-norm statistics) with the scalar and with the vector kernels,
 * and trains like it.
 */
class SparseCpuParityTest {

  private static List<ModelSpec> specs() {
    return List.of(Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10)),
        Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10)),
        Models.create("vgg16", ModelOptions.of(new int[] {3, 32, 32}, 10).withWidth(0.125)),
        Models.create("wrn-10-2-d0.3", ModelOptions.of(new int[] {3, 16, 16}, 10).withWidth(0.5)));
  }

  @Test
  void scalarLogitsEqualDjlPyTorchOnTheSameSparseWeights() {
    checkParity("scalar", 5);
  }

  @Test
  void vectorLogitsEqualDjlPyTorchOnTheSameSparseWeights() {
    // 70: for the MLP a 64-example chunk (4 vectors; 784 inputs run in column tiles) and one of 6; five chunks of
    // 16 on two threads for the convolutional models.
    checkParity("vector", 70);
  }

  private static void checkParity(String kernels, int batch) {
    try (SparseBackend pt = new DjlPyTorchProvider().create(BackendOptions.defaults());
        SparseBackend sp = new SparseCpuProvider().create(new BackendOptions(Map.of("threads", "2", "kernels",
            kernels)))) {
      for (ModelSpec spec : specs()) {
        MaskSet masks = Pruners.get("random").prune(spec, Allocators.get("erk").allocate(spec.prunable(), Density.of(0.1)),
            PruneContext.ofSeed(3));
        try (SparseModel ref = pt.build(spec, 1); SparseModel m = sp.build(spec, 2)) {
          ref.applyMasks(masks);
          ref.setOptimizer(OptimizerConfig.paperSgd());
          ref.trainStep(BackendData.inputs(8 * spec.inputSize(), 4), BackendData.labels(8, 10, 4), 8, 0.05);
          Map<String, float[]> state = BackendParity.withRandomStatistics(spec, ref.state(), 17);
          ref.loadState(state);
          m.applyMasks(masks);
          m.loadState(state);
          float[] x = BackendData.inputs(batch * spec.inputSize(), 5);
          float[] expected = ref.logits(x, batch);
          float[] actual = m.logits(x, batch);
          for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > 1e-4 * (1 + Math.abs(expected[i]))) {
              fail(spec.name() + " " + kernels + " logits[" + i + "]: djl-pytorch " + expected[i] + " vs sparse-cpu "
                  + actual[i]);
            }
          }
          List<String> choices = KernelChoices.of(m);
          assertEquals(spec.prunable().size(), choices.size(), spec.name() + ": one kernel choice per layer");
        }
      }
    }
  }

  /**
   * Training parity: the same seed gives the same initial state on both backends; two masked steps (SGD with
   * Nesterov momentum and weight decay, then Adam; dropout drawn from the same noise seeds) give the same losses,
   * and the first SGD step the same weights and optimizer state, within float noise; and the trained weights moved either way give the other
   * backend's logits within 1e-4.
   */
  @Test
  void twoMaskedStepsMatchDjlPyTorchAndWeightsMoveBothWays() {
    try (SparseBackend pt = new DjlPyTorchProvider().create(BackendOptions.defaults());
        SparseBackend sp = new SparseCpuProvider().create(new BackendOptions(Map.of("threads", "2")))) {
      assertEquals(Set.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS,
          Capability.KEPT_ENTRIES),
          sp.capabilities());
      for (ModelSpec spec : specs()) {
        for (OptimizerConfig optimizer : List.of(OptimizerConfig.paperSgd(), OptimizerConfig.adam(1e-4))) {
          MaskSet masks = Pruners.get("random").prune(spec,
              Allocators.get("erk").allocate(spec.prunable(), Density.of(0.1)), PruneContext.ofSeed(3));
          try (SparseModel ref = pt.build(spec, 7); SparseModel m = sp.build(spec, 7)) {
            assertEquals(ref.state().keySet(), m.state().keySet());
            ref.state().forEach((name, v) -> assertArrayEquals(v, m.state().get(name), spec.name() + " " + name));
            for (SparseModel model : List.of(ref, m)) {
              model.applyMasks(masks);
              model.setOptimizer(optimizer);
            }
            for (int step = 0; step < 2; step++) {
              float[] x = BackendData.inputs(16 * spec.inputSize(), 10 + step);
              int[] y = BackendData.labels(16, 10, 10 + step);
              double a = ref.trainStep(x, y, 16, 0.05, 99 + step).loss();
              double b = m.trainStep(x, y, 16, 0.05, 99 + step).loss();
              assertEquals(a, b, 1e-4 * (1 + Math.abs(a)), spec.name() + " loss of step " + step);
              if (step == 0 && optimizer.kind() == OptimizerConfig.Kind.SGD) {
                // Adam is left to the losses and the TCK's golden trajectory: a weight whose gradient is ~ε moves
                // by ±lr·g/(|g| + ε), so float noise shows at the learning rate's scale.
                assertClose(spec.name() + " SGD state", ref.state(), m.state());
                assertClose(spec.name() + " SGD optimizer state", ref.optimizerState(), m.optimizerState());
              }
            }
            Map<String, float[]> fromPyTorch = ref.state();
            Map<String, float[]> fromSparse = m.state();
            float[] x = BackendData.inputs(8 * spec.inputSize(), 20);
            m.loadState(fromPyTorch);
            ref.loadState(fromPyTorch);
            assertLogits(spec.name() + " djl-pytorch weights", ref.logits(x, 8), m.logits(x, 8));
            m.loadState(fromSparse);
            ref.loadState(fromSparse);
            assertLogits(spec.name() + " sparse-cpu weights", ref.logits(x, 8), m.logits(x, 8));
          }
        }
      }
    }
  }

  /**
   * Each entry within 1e-5 (the golden trajectory's absolute tolerance) + 1e-4 of its tensor's largest magnitude: a sum of large terms (a first-layer gradient
   * over the whole batch) leaves float noise on its small entries at the scale of the large ones.
   */
  private static void assertClose(String what, Map<String, float[]> expected, Map<String, float[]> actual) {
    assertEquals(expected.keySet(), actual.keySet(), what + ": names");
    expected.forEach((name, e) -> {
      float[] a = actual.get(name);
      double scale = 0;
      for (float v : e) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < e.length; i++) {
        if (Math.abs(e[i] - a[i]) > 1e-5 + 1e-4 * scale) {
          fail(what + ": " + name + "[" + i + "] djl-pytorch " + e[i] + " vs sparse-cpu " + a[i]);
        }
      }
    });
  }

  private static void assertLogits(String what, float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > 1e-4 * (1 + Math.abs(expected[i]))) {
        fail(what + ": logits[" + i + "] djl-pytorch " + expected[i] + " vs sparse-cpu " + actual[i]);
      }
    }
  }

  @Test
  void badOptionsAreRefusedWithTheirValues() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SparseCpuProvider().create(
        new BackendOptions(Map.of("dense-threshold", "2")))).getMessage().contains("[0, 1]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SparseCpuProvider().create(
        new BackendOptions(Map.of("thread", "2")))).getMessage().contains("dense-threshold"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SparseCpuProvider().create(
        new BackendOptions(Map.of("kernels", "simd")))).getMessage().contains("must be auto"));
    try (SparseBackend sp = new SparseCpuProvider().create(new BackendOptions(Map.of("kernels", "vector")))) {
      assertTrue(sp.versions().get("kernels").startsWith("vector ("), sp.versions().toString());
    }
    // Without the option, the system property (for CLI users, through JAVA_OPTS); the option wins.
    System.setProperty("sparse4j.sparse-cpu.kernels", "scalar");
    try (SparseBackend sp = new SparseCpuProvider().create(BackendOptions.defaults());
        SparseBackend vp = new SparseCpuProvider().create(new BackendOptions(Map.of("kernels", "vector")))) {
      assertEquals("scalar", sp.versions().get("kernels"));
      assertTrue(vp.versions().get("kernels").startsWith("vector ("), vp.versions().toString());
      System.setProperty("sparse4j.sparse-cpu.kernels", "fast");
      assertTrue(assertThrows(IllegalArgumentException.class, () -> new SparseCpuProvider().create(
          BackendOptions.defaults())).getMessage().contains("system property sparse4j.sparse-cpu.kernels must be"));
    } finally {
      System.clearProperty("sparse4j.sparse-cpu.kernels");
    }
  }
}
