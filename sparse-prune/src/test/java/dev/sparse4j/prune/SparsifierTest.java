package dev.sparse4j.prune;

import dev.sparse4j.api.spi.GradientView;
import dev.sparse4j.api.ModelView;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.prune.alloc.PrunerRatio;
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

  /** A pruner that returns other masks than the plan's: too many kept, a layer missing, a wrong shape. */
  private record Liar(String name, java.util.function.BiFunction<DensityPlan, MaskSet, MaskSet> edit)
      implements Pruner {
    @Override
    public MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
      return edit.apply(plan, new RandomPruner().prune(model, plan, context));
    }
  }

  @Test
  void masksThatDoNotFollowThePlanAreRefusedNamingPrunerLayerAndCounts() {
    TestMlp model = new TestMlp(new int[] {6, 8, 3}, true, 3);
    DensityPlan plan = Allocators.get("erk").allocate(model.prunable(), Density.of(0.5));
    String first = plan.names().get(0);
    int n = plan.layer(first).param().numel();
    Pruner keepAll = new Liar("keep-all", (p, m) -> {
      java.util.Map<String, dev.sparse4j.api.Mask> out = new java.util.LinkedHashMap<>(m.asMap());
      boolean[] all = new boolean[n];
      java.util.Arrays.fill(all, true);
      out.put(first, dev.sparse4j.api.Mask.ofBooleans(p.layer(first).param().shape(), all));
      return MaskSet.of(out);
    });
    dev.sparse4j.api.PluginException e = assertThrows(dev.sparse4j.api.PluginException.class,
        () -> Sparsifier.of(Allocators.get("erk"), keepAll).masks(model, plan, PruneContext.ofSeed(1)));
    assertEquals("pruner 'keep-all' kept " + n + " of " + n + " weights of " + first + " but the plan says exactly "
        + plan.layer(first).keptCount() + " (density " + plan.layer(first).density() + "); refusing masks that do"
        + " not match the density they would be reported under", e.getMessage());

    Pruner dropLast = new Liar("drop-last", (p, m) -> {
      java.util.Map<String, dev.sparse4j.api.Mask> out = new java.util.LinkedHashMap<>(m.asMap());
      out.remove(p.names().get(p.names().size() - 1));
      return MaskSet.of(out);
    });
    assertTrue(assertThrows(dev.sparse4j.api.PluginException.class,
        () -> Sparsifier.of(Allocators.get("erk"), dropLast).masks(model, plan, PruneContext.ofSeed(1)))
        .getMessage().startsWith("pruner 'drop-last' returned masks for other layers than the plan: missing ["
            + plan.names().get(plan.names().size() - 1) + "]"));
  }

  @Test
  void randomCountsAndGlobalSelectionsPassTheirOwnRule() {
    TestMlp model = new TestMlp(new int[] {6, 8, 3}, true, 3);
    DensityPlan plan = Allocators.get("uniform").allocate(model.prunable(), Density.of(0.5));
    // Bernoulli keeps a random count per layer; magnitude (global) keeps the plan's total, not each layer's count.
    assertEquals(Pruner.KeptCounts.BINOMIAL, Pruners.get("random", Map.of("mode", "bernoulli")).keptCounts());
    Sparsifier.of(Allocators.get("uniform"), Pruners.get("random", Map.of("mode", "bernoulli")))
        .masks(model, plan, PruneContext.ofSeed(3));
    assertEquals(Pruner.KeptCounts.TOTAL, Pruners.get("magnitude").keptCounts());
    Sparsifier.of(Allocators.get("uniform"), Pruners.get("magnitude")).masks(model, plan, PruneContext.ofSeed(3));
    assertEquals(Pruner.KeptCounts.EXACT, Pruners.get("random").keptCounts());
  }
}
