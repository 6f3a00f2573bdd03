package dev.sparse4j.backend.sparse;

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
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
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
 * and refuses training with the usual capability error naming the backends that can.
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

  @Test
  void trainingAndGradientsNameTheBackendsThatCan() {
    try (SparseBackend sp = new SparseCpuProvider().create(BackendOptions.defaults())) {
      assertEquals(Set.of(), sp.capabilities());
      SparseModel m = sp.build(specs().get(0), 1);
      m.setOptimizer(OptimizerConfig.paperSgd());
      UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
          () -> m.trainStep(new float[784], new int[1], 1, 0.1));
      assertEquals(Capability.TRAIN, e.capability());
      assertThrows(UnsupportedCapabilityException.class, () -> m.inputGradient(new float[784], new int[1], 1, 1));
    }
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
