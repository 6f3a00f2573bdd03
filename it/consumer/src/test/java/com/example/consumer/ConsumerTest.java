package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a user's project does with sparse4j from Maven coordinates and the BOM: find every backend through
 * ServiceLoader, train a masked ResNet on one (djl-tensorflow: the engine a wrong JavaCPP broke) and evaluate the same
 * weights on the others (djl-pytorch, nd4j) with the same logits.
 */
class ConsumerTest {
  @Test
  void trainsOnOneBackendAndEvaluatesOnTheOthers() {
    for (String id : List.of("djl-pytorch", "djl-tensorflow", "nd4j")) {
      assertTrue(Backends.registry().providers().stream().anyMatch(p -> p.id().equals(id) && p.available()),
          id + " is installed and available: " + Backends.registry().report());
    }
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(new int[] {1, 12, 12}, 10).withWidth(0.25));
    MaskSet masks = Pruners.get("random").prune(spec,
        Allocators.get("erk").allocate(spec.prunable(), Density.ofSparsity(0.8)), PruneContext.ofSeed(1));
    int batch = 8;
    SplittableRandom r = new SplittableRandom(2);
    float[] x = new float[batch * spec.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    int[] y = {0, 1, 2, 3, 4, 5, 6, 7};
    Map<String, float[]> trained;
    float[] expected;
    BackendOptions two = new BackendOptions(Map.of("threads", "2"));
    try (SparseBackend tf = Backends.create("djl-tensorflow", two); SparseModel m = tf.build(spec, 3)) {
      m.applyMasks(masks);
      m.setOptimizer(OptimizerConfig.paperSgd());
      for (int step = 0; step < 3; step++) {
        assertTrue(Double.isFinite(m.trainStep(x, y, batch, 0.05).loss()));
      }
      trained = m.state();
      expected = m.logits(x, batch);
    }
    for (String other : List.of("djl-pytorch", "nd4j")) {
      try (SparseBackend b = Backends.create(other, two); SparseModel m = b.build(spec, 3)) {
        m.loadState(trained);
        float[] logits = m.logits(x, batch);
        assertEquals(expected.length, logits.length);
        for (int i = 0; i < logits.length; i++) {
          assertEquals(expected[i], logits[i], 1e-4 * Math.max(1, Math.abs(expected[i])), other + " logit " + i);
        }
      }
    }
  }
}
