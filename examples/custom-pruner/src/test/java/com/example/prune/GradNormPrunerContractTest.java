package com.example.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.api.spi.GradientView;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.Sparsifier;
import dev.sparse4j.tck.LinearSoftmaxModel;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.tck.GradientPrunerContract;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code grad-norm} against the TCK's gradient-pruner contract (the pure-Java reference classifier, exact gradients), its
 * scores against a hand computation, and its declared capability.
 */
class GradNormPrunerContractTest extends GradientPrunerContract {
  static final LinearSoftmaxModel MODEL = REFERENCE_MODEL;

  @Override
  protected Pruner pruner() {
    return new GradNormPruner();
  }

  @Test
  void foundByNameThroughServiceLoaderWithItsCapability() {
    assertInstanceOf(GradNormPruner.class, Pruners.get("grad-norm"));
    assertEquals(Set.of(Capability.PARAM_GRADIENTS), Pruners.get("grad-norm").requiredCapabilities());
    assertEquals(Set.of(Capability.PARAM_GRADIENTS), Allocators.get("grad-norm-ratio").requiredCapabilities());
  }

  /** The kept weights are those with the largest |(1/n) Σ_i (p_i − e_{y_i}) x_iᵀ|, computed here in double. */
  @Test
  void keepsTheLargestGradientMagnitudesComputedByHand() {
    Pruner p = new GradNormPruner().configure(Map.of("batch-size", "16"));
    PruneContext ctx = context(7);
    GradientView.Batch b = ctx.gradients("test", MODEL).batches(1, 16).get(0);
    float[] w = MODEL.values("fc.weight");
    float[] bias = MODEL.values("fc.bias");
    double[] g = new double[360];
    for (int i = 0; i < 16; i++) {
      double[] z = new double[10];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < 10; k++) {
        z[k] = bias[k];
        for (int j = 0; j < 36; j++) {
          z[k] += (double) w[k * 36 + j] * b.inputs()[i * 36 + j];
        }
        max = Math.max(max, z[k]);
      }
      double sum = 0;
      for (int k = 0; k < 10; k++) {
        sum += Math.exp(z[k] - max);
      }
      for (int k = 0; k < 10; k++) {
        double d = Math.exp(z[k] - max) / sum - (k == b.labels()[i] ? 1 : 0);
        for (int j = 0; j < 36; j++) {
          g[k * 36 + j] += d * b.inputs()[i * 36 + j] / 16;
        }
      }
    }
    DensityPlan plan = Allocators.get("uniform").allocate(MODEL.prunable(), Density.of(0.25));
    MaskSet masks = p.prune(MODEL, plan, ctx);
    double smallestKept = Double.POSITIVE_INFINITY;
    double largestDropped = 0;
    for (int i = 0; i < 360; i++) {
      if (masks.get("fc.weight").isKept(i)) {
        smallestKept = Math.min(smallestKept, Math.abs(g[i]));
      } else {
        largestDropped = Math.max(largestDropped, Math.abs(g[i]));
      }
    }
    assertEquals(90, masks.get("fc.weight").kept());
    assertTrue(smallestKept >= largestDropped * (1 - 1e-5), smallestKept + " < " + largestDropped);
  }

  @Test
  void optionsUseTheStandardMessagesAndTheModelMustHaveGradients() {
    String bad = assertThrows(IllegalArgumentException.class,
        () -> Pruners.get("grad-norm", Map.of("batches", "0"))).getMessage();
    assertEquals("option batches of pruner 'grad-norm' must be at least 1, got 0", bad);
    assertEquals(Map.of("layer-wise", "true", "collapse", "error", "batches", "2", "batch-size", "64"),
        Pruners.get("grad-norm", Map.of("layer-wise", "true", "collapse", "error", "batches", "2")).config());
    String spec = assertThrows(IllegalArgumentException.class, () -> Sparsifier.of(Allocators.get("erk"),
        Pruners.get("grad-norm")).sparsify(ModelView.of(MODEL.parameters()), Density.of(0.5), context(1)))
        .getMessage();
    assertTrue(spec.contains("pruner 'grad-norm' computes gradients, so it needs a model built on a backend"), spec);
  }

  @Test
  void theRatioAllocatorPlansOnTheModelWithoutABindStep() {
    Sparsifier s = Sparsifier.of(Allocators.get("grad-norm-ratio", Map.of("batch-size", "16")), Pruners.get("random"));
    Sparsifier.Result r = s.sparsify(MODEL, Density.ofSparsity(0.8), context(3));
    assertEquals(List.of("fc.weight"), List.copyOf(r.masks().names()));
    assertEquals(72, r.masks().get("fc.weight").kept());
    assertEquals("grad-norm-ratio", r.plan().allocator());
  }
}
