package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad inputs get exceptions whose messages say what was wrong and what is allowed. */
class AllocatorErrorsTest {
  private static final List<ParamSpec> NET = ResNet20.layers();

  @ParameterizedTest
  @ValueSource(strings = {"dense", "uniform", "er", "erk", "uniform-plus", "erk-plus", "custom"})
  void rejectsBadDensities(String name) {
    DensityAllocator a = Allocators.get(name);
    for (double bad : new double[] {0.0, -0.1, 1.5, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.allocate(NET, Density.of(bad)));
      assertTrue(e.getMessage().contains("density must be in (0, 1], got " + bad), e.getMessage());
    }
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> a.allocate(NET, Density.of(Double.NaN)));
    assertTrue(nan.getMessage().contains("density is NaN"), nan.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dense", "uniform", "er", "erk", "uniform-plus", "erk-plus", "custom"})
  void rejectsEmptyLayerList(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get(name).allocate(List.of(), Density.of(0.1)));
    assertTrue(e.getMessage().contains("empty layer list"), e.getMessage());
  }

  @Test
  void rejectsNonPrunableAndDuplicateLayers() {
    List<ParamSpec> withBias = List.of(NET.get(0), ParamSpec.of("conv1.bias", ParamKind.BIAS, 16));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ErkAllocator().allocate(withBias, Density.of(0.5)));
    assertTrue(e.getMessage().contains("conv1.bias") && e.getMessage().contains("not prunable"), e.getMessage());
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> new UniformAllocator().allocate(List.of(NET.get(0), NET.get(0)), Density.of(0.5)));
    assertTrue(dup.getMessage().contains("conv1.weight appears twice"), dup.getMessage());
  }

  @Test
  void unknownAllocatorListsKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Allocators.get("erdos"));
    assertTrue(e.getMessage().contains("unknown allocator 'erdos'"), e.getMessage());
    assertTrue(e.getMessage().contains("dense, uniform, er, erk, uniform-plus, erk-plus, custom"), e.getMessage());
  }

  @Test
  void unknownOptionNamesKnownOptions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("erk", Map.of("power", "0.5")));
    assertTrue(e.getMessage().contains("unknown option [power] for allocator 'erk'"), e.getMessage());
    assertTrue(e.getMessage().contains("known options: power-scale"), e.getMessage());
    IllegalArgumentException plus = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("erk-plus", Map.of("fc", "0.5")));
    assertTrue(plus.getMessage().contains("known options: fc-density, power-scale"), plus.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("uniform", Map.of("x", "1")));
    assertTrue(none.getMessage().contains("it takes no options"), none.getMessage());
  }

  @Test
  void userExtensionsWithoutOptionsRejectEveryKeyByDefault() {
    DensityAllocator mine = new DensityAllocator() {
      @Override
      public String name() {
        return "mine";
      }

      @Override
      public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
        throw new AssertionError("not called");
      }
    };
    assertSame(mine, mine.configure(Map.of()));
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> mine.configure(Map.of("k", "1")));
    assertEquals("unknown option [k] for allocator 'mine'; it takes no options", a.getMessage());

    Pruner pruner = new Pruner() {
      @Override
      public String name() {
        return "mine";
      }

      @Override
      public MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
        throw new AssertionError("not called");
      }
    };
    assertSame(pruner, pruner.configure(Map.of()));
    IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
        () -> pruner.configure(Map.of("k", "1")));
    assertEquals("unknown option [k] for pruner 'mine'; it takes no options", p.getMessage());
  }

  @Test
  void badOptionValues() {
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("erk", Map.of("power-scale", "abc")));
    assertTrue(nan.getMessage().contains("power-scale") && nan.getMessage().contains("'abc'"), nan.getMessage());
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("er", Map.of("power-scale", "-1")));
    assertTrue(neg.getMessage().contains("≥ 0"), neg.getMessage());
    IllegalArgumentException fc = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("erk-plus", Map.of("fc-density", "1.5")));
    assertTrue(fc.getMessage().contains("fc-density") && fc.getMessage().contains("(0, 1]"), fc.getMessage());
  }

  @Test
  void infeasibleUniformPlusStatesMaxFeasibleSparsity() {
    InfeasibleDensityException e = assertThrows(InfeasibleDensityException.class,
        () -> new UniformPlusAllocator().allocate(NET, Density.of(0.001)));
    // 1 − (432 + 0.2·640 + (0.5/512)·(270896 − 432 − 640)) / 270896, computed by hand (see AllocatorVectorsTest)
    assertEquals(0.9969600880042525, e.maxFeasibleSparsity(), 1e-9);
    assertTrue(e.getMessage().contains("maximum feasible sparsity is 0.99696"), e.getMessage());
    assertTrue(e.getMessage().contains("uniform-plus") && e.getMessage().contains("0.001"), e.getMessage());
    // Between the continuous bound (560/270896 = 0.002067) and the rounding bound, a middle layer rounds to 0.
    InfeasibleDensityException zero = assertThrows(InfeasibleDensityException.class,
        () -> new UniformPlusAllocator().allocate(NET, Density.of(0.0025)));
    assertTrue(zero.getMessage().contains("layer1.0.conv1.weight") || zero.getMessage().contains("shortcut"),
        zero.getMessage());
    assertTrue(zero.getMessage().contains("= 0 weights"), zero.getMessage());
    // Just above the bound it works.
    new UniformPlusAllocator().allocate(NET, Density.of(1 - 0.9969600880042525 + 1e-9));
  }

  @Test
  void layerThatWouldKeepNothingIsAnErrorNamingIt() {
    // ERK at 1e-4 (< 1.2189e-4): conv1 would keep round(ε·25) = 0.
    InfeasibleDensityException e = assertThrows(InfeasibleDensityException.class,
        () -> new ErkAllocator().allocate(NET, Density.of(1e-4)));
    assertTrue(e.getMessage().contains("conv1.weight (432 weights) would keep"), e.getMessage());
    assertTrue(e.getMessage().contains("maximum feasible sparsity is 0.999878"), e.getMessage());
    InfeasibleDensityException u = assertThrows(InfeasibleDensityException.class,
        () -> new UniformAllocator().allocate(NET, Density.of(0.001)));
    assertTrue(u.getMessage().contains("conv1.weight"), u.getMessage());
    assertEquals(1 - 0.5 / 432, u.maxFeasibleSparsity(), 1e-9);
  }

  @Test
  void erkPlusWithSparseClassifierCannotReachDensityOne() {
    InfeasibleDensityException e = assertThrows(InfeasibleDensityException.class,
        () -> new ErkPlusAllocator(0.5, 1.0).allocate(NET, Density.of(1.0)));
    double max = (320.0 + ResNet20.TOTAL - 640) / ResNet20.TOTAL;
    assertTrue(e.getMessage().contains("maximum feasible density is " + String.valueOf(max).substring(0, 7)),
        e.getMessage());
    InfeasibleDensityException low = assertThrows(InfeasibleDensityException.class,
        () -> new ErkPlusAllocator().allocate(NET, Density.of(0.002)));
    assertTrue(low.getMessage().contains("fc-density 1.0"), low.getMessage());
    assertEquals(0.9975210412852165, low.maxFeasibleSparsity(), 1e-9);
  }

  @Test
  void denseOnlyAcceptsDensityOne() {
    InfeasibleDensityException e = assertThrows(InfeasibleDensityException.class,
        () -> new DenseAllocator().allocate(NET, Density.of(0.5)));
    assertTrue(e.getMessage().contains("only density 1.0"), e.getMessage());
    assertEquals(0.0, e.maxFeasibleSparsity());
  }

  @Test
  void customRejectsBadMaps() {
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
        () -> CustomAllocator.of(Map.of("fc.weigth", 0.5)).allocate(NET, Density.of(0.1)));
    assertTrue(typo.getMessage().contains("[fc.weigth]") && typo.getMessage().contains("prunable layers: [conv1.weight"),
        typo.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> CustomAllocator.of(Map.of("fc.weight", 0.0)));
    assertTrue(zero.getMessage().contains("fc.weight") && zero.getMessage().contains("(0, 1]"), zero.getMessage());
    IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("custom", Map.of("densities", "conv1.weight=1.0")));
    assertTrue(syntax.getMessage().contains("name:density"), syntax.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("custom", Map.of("densities", "fc.weight:0.5,fc.weight:0.6")));
    assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> Allocators.get("custom").allocate(NET, Density.of(0.1)));
    assertTrue(empty.getMessage().contains("densities=name:density"), empty.getMessage());
  }

  @Test
  void customNamingEveryLayerNeedsTheMatchingDensity() {
    List<ParamSpec> two = List.of(NET.get(0), NET.get(NET.size() - 1)); // 432 + 640 weights
    CustomAllocator a = CustomAllocator.of(Map.of("conv1.weight", 1.0, "fc.weight", 0.5));
    double implied = (432 + 320) / 1072.0;
    assertEquals(0.5, a.allocate(two, Density.of(implied)).density("fc.weight"));
    InfeasibleDensityException e = assertThrows(InfeasibleDensityException.class, () -> a.allocate(two, Density.of(0.3)));
    assertTrue(e.getMessage().contains("fix every layer, giving overall density " + implied), e.getMessage());
  }
}
