package dev.sparse4j.backend.nd4j;

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
 * nd4j and djl-pytorch agree: the same seed gives the same initial weights and bit-identical masks (random and
 * magnitude), and weights written by one backend to a {@code .npz} file load into the other and give the same
 * evaluation-mode logits within 1e-4 (MLP and ResNet-20 with non-trivial batch-norm statistics), both ways.
 */
class CrossBackendParityTest {
  private static SparseBackend nd4j;
  private static SparseBackend djl;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    nd4j = new Nd4jProvider().create(BackendOptions.defaults());
    djl = new DjlPyTorchProvider().create(BackendOptions.defaults());
  }

  @AfterAll
  static void stop() {
    nd4j.close();
    djl.close();
  }

  private static List<ModelSpec> specs() {
    return List.of(Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10)),
        Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10)));
  }

  @Test
  void aSeedGivesTheSameWeightsAndBitIdenticalMasksOnBothBackends() {
    for (ModelSpec spec : specs()) {
      try (SparseModel a = nd4j.build(spec, 7); SparseModel b = djl.build(spec, 7)) {
        Map<String, float[]> sa = a.state();
        Map<String, float[]> sb = b.state();
        sa.forEach((name, v) -> assertArrayEquals(v, sb.get(name), spec.name() + " initial " + name));
        DensityPlan plan = Allocators.get("erk").allocate(spec.prunable(), Density.of(0.1));
        for (String pruner : List.of("random", "magnitude")) {
          MaskSet ma = Pruners.get(pruner).prune(a, plan, PruneContext.ofSeed(3));
          MaskSet mb = Pruners.get(pruner).prune(b, plan, PruneContext.ofSeed(3));
          assertEquals(mb, ma, spec.name() + ": " + pruner + " masks differ between nd4j and djl-pytorch");
        }
      }
    }
  }

  @Test
  void weightsFromDjlPyTorchGiveTheSameLogitsOnNd4j() {
    for (ModelSpec spec : specs()) {
      try (SparseModel from = djl.build(spec, 11); SparseModel to = nd4j.build(spec, 12)) {
        transferAndCompare(spec, from, to);
      }
    }
  }

  @Test
  void weightsFromNd4jGiveTheSameLogitsOnDjlPyTorch() {
    for (ModelSpec spec : specs()) {
      try (SparseModel from = nd4j.build(spec, 13); SparseModel to = djl.build(spec, 14)) {
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
