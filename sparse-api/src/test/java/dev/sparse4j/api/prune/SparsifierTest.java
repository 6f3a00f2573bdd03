package dev.sparse4j.api.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.alloc.Allocators;
import dev.sparse4j.api.alloc.PrunerRatio;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SparsifierTest {

  @Test
  void plansAndPrunesInOneCallLikeTheTwoStepsByHand() {
    TestMlp model = new TestMlp(new int[] {6, 8, 3}, true, 3);
    PruneContext ctx = PruneContext.ofSeed(5);
    Sparsifier s = Sparsifier.of(Allocators.get("erk"), Pruners.get("random"));
    Sparsifier.Result r = s.sparsify(model, Density.ofSparsity(0.5), ctx);
    DensityPlan plan = Allocators.get("erk").allocate(model.prunable(), Density.of(0.5));
    assertEquals(plan, r.plan());
    assertEquals(Pruners.get("random").prune(model, plan, ctx), r.masks());
    assertEquals(List.of(), r.guardedLayers());
    assertEquals(Set.of(), s.requiredCapabilities());
  }

  @Test
  void modelAwareAllocatorsGetTheModelWithoutABindStep() {
    TestMlp model = new TestMlp(new int[] {6, 8, 3}, true, 3);
    Dataset data = ScorePrunersTest.data(40, 6, 3, 2);
    PruneContext ctx = PruneContext.ofSeed(5).withData(data);
    Sparsifier s = Sparsifier.of(Allocators.get("snip-ratio", Map.of("batch-size", "20")), Pruners.get("random"));
    assertEquals(Set.of(Capability.PARAM_GRADIENTS), s.requiredCapabilities());
    Sparsifier.Result r = s.sparsify(model, Density.of(0.3), ctx);
    // snip-ratio's layer densities are those of snip's own global mask at the same density and seed.
    DensityPlan snip = PrunerRatio.plan(Pruners.get("snip", Map.of("batch-size", "20")), model, ctx, Density.of(0.3));
    assertEquals(snip.layers(), r.plan().layers());
    for (ParamSpec p : model.prunable()) {
      assertEquals(snip.layer(p.name()).keptCount(), r.masks().get(p.name()).kept(), p.name());
    }
  }

  @Test
  void aScorePrunerReportsItsCollapseGuard() {
    TestMlp model = new TestMlp(new int[] {6, 8, 3}, true, 3);
    Sparsifier.Result r = Sparsifier.of(Allocators.get("uniform"), Pruners.get("magnitude"))
        .sparsify(model, Density.of(0.05), PruneContext.ofSeed(1));
    assertEquals(r.plan().totalKept(), r.masks().kept());
  }

  @Test
  void aMissingCapabilityIsCaughtBeforeAnythingIsScored() {
    Sparsifier s = Sparsifier.of(Allocators.get("erk"), Pruners.get("snip"));
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
        () -> s.checkBackend("onnx-like", Set.of(Capability.TRAIN)));
    assertEquals(Capability.PARAM_GRADIENTS, e.capability());
    assertTrue(e.getMessage().startsWith("backend 'onnx-like' does not support PARAM_GRADIENTS, which pruner 'snip'"
        + " needs"), e.getMessage());
    s.checkBackend("full", Set.of(Capability.PARAM_GRADIENTS));
  }

  @Test
  void gradientViewIsCheckedAndReadsSeededBatches() {
    TestMlp model = new TestMlp(new int[] {6, 3}, true, 3);
    Dataset data = ScorePrunersTest.data(10, 6, 3, 4);
    GradientView view = PruneContext.ofSeed(9).withData(data).gradients("mine", model);
    List<GradientView.Batch> b = view.batches(2, 4);
    assertEquals(2, b.size());
    assertEquals(4, b.get(0).size());
    assertEquals(24, b.get(0).inputs().length);
    // The same seed gives the same batches; the gradient is the model's own.
    assertEquals(List.of(b.get(0).labels()[0], b.get(1).labels()[3]), List.of(
        view.batches(2, 4).get(0).labels()[0], view.batches(2, 4).get(1).labels()[3]));
    assertEquals(model.parameterGradients(b.get(0).inputs(), b.get(0).labels(), 4, true).get("fc1.weight")[5],
        view.lossGradients(b.get(0), true).get("fc1.weight")[5]);

    String noData = assertThrows(IllegalArgumentException.class,
        () -> PruneContext.ofSeed(1).gradients("mine", model).batches(1, 4)).getMessage();
    assertTrue(noData.startsWith("pruner 'mine' computes gradients of the training loss and needs training data"),
        noData);
    String specOnly = assertThrows(IllegalArgumentException.class,
        () -> PruneContext.ofSeed(1).gradients("mine", ModelView.of(model.parameters()))).getMessage();
    assertTrue(specOnly.contains("pruner 'mine' computes gradients, so it needs a model built on a backend"), specOnly);
    String badCount = assertThrows(IllegalArgumentException.class, () -> view.batches(0, 4)).getMessage();
    assertTrue(badCount.contains("both must be ≥ 1"), badCount);
  }
}
