package dev.sparse4j.backend.djl.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.backend.djl.pytorch.DjlPyTorchProvider;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.tck.BackendParity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * djl-tensorflow and djl-pytorch agree: same seed → same initial weights and bit-identical masks; weights written by
 * one to a {@code .npz} load into the other and give evaluation-mode logits within 1e-4 (MLP and ResNet-20 with
 * non-trivial batch-norm statistics), both ways.
 */
class TensorFlowParityTest {
  private static SparseBackend tf;
  private static SparseBackend pt;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    tf = new DjlTensorFlowProvider().create(BackendOptions.defaults());
    pt = new DjlPyTorchProvider().create(BackendOptions.defaults());
  }

  @AfterAll
  static void stop() {
    tf.close();
    pt.close();
  }

  private static List<ModelSpec> specs() {
    return List.of(Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10)),
        Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10)));
  }

  @Test
  void aSeedGivesTheSameWeightsAndBitIdenticalMasks() {
    for (ModelSpec spec : specs()) {
      try (SparseModel a = tf.build(spec, 7); SparseModel b = pt.build(spec, 7)) {
        Map<String, float[]> sb = b.state();
        a.state().forEach((name, v) -> assertArrayEquals(sb.get(name), v, spec.name() + " initial " + name));
        DensityPlan plan = Allocators.get("erk").allocate(spec.prunable(), Density.of(0.1));
        for (String pruner : List.of("random", "magnitude")) {
          assertEquals(Pruners.get(pruner).prune(b, plan, PruneContext.ofSeed(3)),
              Pruners.get(pruner).prune(a, plan, PruneContext.ofSeed(3)), spec.name() + ": " + pruner + " masks");
        }
      }
    }
  }

  @Test
  void weightsFromDjlPyTorchGiveTheSameLogitsOnTensorFlowAndBack() {
    for (ModelSpec spec : specs()) {
      try (SparseModel from = pt.build(spec, 11); SparseModel to = tf.build(spec, 12)) {
        transferAndCompare(spec, from, to);
      }
      try (SparseModel from = tf.build(spec, 13); SparseModel to = pt.build(spec, 14)) {
        transferAndCompare(spec, from, to);
      }
    }
  }

  private void transferAndCompare(ModelSpec spec, SparseModel from, SparseModel to) {
    MaskSet masks = Pruners.get("random").prune(spec, Allocators.get("erk").allocate(spec.prunable(), Density.of(0.2)),
        PruneContext.ofSeed(5));
    BackendParity.assertSameLogitsThroughNpz(spec, from, true, to, masks, tmp, 1e-4);
  }
}
