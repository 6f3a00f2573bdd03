package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.MagnitudePruner;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruners;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import dev.sparse4j.api.spi.Capability;
import java.util.Set;

/** Densities taken from a score pruner's global mask (SNIP-ratio and friends), on magnitude scores. */
class PrunerRatioTest {
  private static final List<ParamSpec> NET = ResNet20.layers();

  /** ResNet-20 weights uniform in ±1/√fan_in, so magnitude keeps more of the small-fan-in layers. */
  private static ModelView values() {
    SplittableRandom r = new SplittableRandom(5);
    Map<String, float[]> v = new LinkedHashMap<>();
    for (ParamSpec p : NET) {
      double bound = 1 / Math.sqrt(p.numel() / (double) p.dim(0));
      float[] w = new float[p.numel()];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) ((2 * r.nextDouble() - 1) * bound);
      }
      v.put(p.name(), w);
    }
    return ModelView.of(NET, v);
  }

  @Test
  void planDensitiesAreThoseOfTheGlobalMask() {
    ModelView model = values();
    double density = 0.1;
    DensityPlan plan = PrunerRatio.plan(new MagnitudePruner(), model, PruneContext.ofSeed(1), Density.of(density));
    long n = NET.stream().mapToLong(ParamSpec::numel).sum();
    assertEquals(Math.round(density * n), plan.totalKept(), "exactly round(D·N) weights");
    assertEquals("magnitude-ratio", plan.allocator());
    assertEquals(new MagnitudePruner().config(), plan.allocatorConfig());
    DensityPlan budget = new DensityPlan("x", Map.of(), density,
        NET.stream().map(p -> new LayerDensity(p, density)).toList(), java.util.OptionalDouble.empty(), List.of(), 0.9);
    MaskSet global = new MagnitudePruner().prune(model, budget, PruneContext.ofSeed(1));
    double firstConv = plan.density("conv1.weight");
    double deepConv = plan.density("layer3.2.conv2.weight");
    assertTrue(firstConv > deepConv, "magnitude keeps more of the small-fan-in first conv: " + firstConv + " vs "
        + deepConv);
    for (LayerDensity l : plan.layers()) {
      assertTrue(l.keptCount() >= 1, l.name());
      // Same scores and seed, budgets differing by at most a few weights: the densities agree closely.
      assertEquals(global.get(l.name()).density(), l.density(), 0.01, l.name());
    }
    // Then positions are drawn at random inside each layer with those counts.
    MaskSet random = Pruners.get("random").prune(model, plan, PruneContext.ofSeed(2));
    for (LayerDensity l : plan.layers()) {
      assertEquals(l.keptCount(), random.get(l.name()).kept(), l.name());
    }
  }

  @Test
  void registeredAllocatorsPlanOnTheModelTheyAreGiven() {
    DensityAllocator a = Allocators.get("magnitude-ratio");
    assertInstanceOf(MagnitudeRatioAllocator.class, a);
    assertInstanceOf(SnipRatioAllocator.class, Allocators.get("snip-ratio"));
    assertInstanceOf(GraspRatioAllocator.class, Allocators.get("grasp-ratio"));
    assertInstanceOf(SynflowRatioAllocator.class, Allocators.get("synflow-ratio"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.allocate(NET, Density.of(0.1)));
    assertTrue(e.getMessage().contains("allocate(model, density"), e.getMessage());
    DensityPlan plan = a.allocate(values(), Density.of(0.1), PruneContext.ofSeed(1));
    assertEquals(PrunerRatio.plan(new MagnitudePruner(), values(), PruneContext.ofSeed(1), Density.of(0.1)).layers(),
        plan.layers());
    assertEquals("magnitude-ratio", plan.allocator());
    assertEquals(a.config(), plan.allocatorConfig());
    // What the pruner needs of the backend, the allocator needs too: checked before training.
    assertEquals(Set.of(), a.requiredCapabilities());
    assertEquals(Set.of(Capability.PARAM_GRADIENTS), Allocators.get("snip-ratio").requiredCapabilities());
    assertEquals(Set.of(Capability.PARAM_GRADIENTS), Allocators.get("synflow-ratio").requiredCapabilities());
  }

  @Test
  void optionsAreThePrunersOptions() {
    DensityAllocator a = Allocators.get("snip-ratio", Map.of("batches", "3", "collapse", "error"));
    assertEquals("3", a.config().get("batches"));
    assertEquals(a.config(), a.configure(a.config()).config());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("snip-ratio", Map.of("no-such-option", "1")));
    assertTrue(unknown.getMessage().contains("no-such-option") && unknown.getMessage().contains("snip-ratio"),
        unknown.getMessage());
    IllegalArgumentException layerWise = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("grasp-ratio", Map.of("layer-wise", "true")));
    assertTrue(layerWise.getMessage().contains("globally"), layerWise.getMessage());
  }

  @Test
  void badInputsAreRejected() {
    ModelView model = values();
    PruneContext ctx = PruneContext.ofSeed(1);
    DensityAllocator a = new MagnitudeRatioAllocator();
    InfeasibleDensityException tooSparse = assertThrows(InfeasibleDensityException.class,
        () -> a.allocate(model, Density.of(1e-5), ctx));
    assertTrue(tooSparse.getMessage().contains("every layer needs at least one"), tooSparse.getMessage());
    assertEquals(1.0 - 22.0 / NET.stream().mapToLong(ParamSpec::numel).sum(), tooSparse.maxFeasibleSparsity(), 1e-12);
    assertThrows(IllegalArgumentException.class,
        () -> PrunerRatio.plan(new MagnitudePruner(), model, ctx, List.of(), Density.of(0.5)));
    IllegalArgumentException layerWise = assertThrows(IllegalArgumentException.class,
        () -> PrunerRatio.plan(new MagnitudePruner(true, MagnitudePruner.Collapse.GUARD), model,
            PruneContext.ofSeed(1), Density.of(0.1)));
    assertTrue(layerWise.getMessage().contains("layer-wise"), layerWise.getMessage());
    DensityPlan dense = a.allocate(model, Density.DENSE, ctx);
    assertEquals(NET.size(), dense.denseLayers().size());
  }
}
