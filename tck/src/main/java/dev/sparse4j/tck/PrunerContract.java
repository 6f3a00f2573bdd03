package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.alloc.Allocators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link Pruner} follows (see its Javadoc). Subclass it in your test sources and return your pruner
 * from {@link #pruner()}; override the hooks for options, a model with values (score pruners), data
 * ({@link #context}), a random count ({@link #exactCount}) or global selection ({@link #followsPlanPerLayer}).
 *
 * <pre>{@code
 * class MyPrunerContractTest extends PrunerContract {
 *   @Override protected Pruner pruner() { return new MyPruner(); }
 * }
 * }</pre>
 */
public abstract class PrunerContract {

  /** The pruner under test, before {@link #options()} are applied. */
  protected abstract Pruner pruner();

  /** Options applied with {@link Pruner#configure(Map)} before every check; none by default. */
  protected Map<String, String> options() {
    return Map.of();
  }

  /** The model to prune; a values-free view of ResNet-20 by default (score pruners return one with values). */
  protected ModelView model() {
    return ModelView.of(ContractLayers.resNet20());
  }

  /** The plan to realise for {@code prunable}; ERK at density 0.2 by default. */
  protected DensityPlan plan(List<ParamSpec> prunable) {
    return Allocators.get("erk").allocate(prunable, Density.of(0.2));
  }

  /** Whether every layer keeps exactly {@link LayerDensity#keptCount()}; false for a documented random count. */
  protected boolean exactCount() {
    return true;
  }

  /**
   * Whether every layer keeps exactly the plan's count ({@link LayerDensity#keptCount()}). A global score pruner
   * returns false: it keeps the plan's total ({@link DensityPlan#totalKept()}) and the per-layer counts emerge from
   * the scores; the contract then checks the total and that every layer keeps at least one weight.
   */
  protected boolean followsPlanPerLayer() {
    return true;
  }

  /** The context for a pruning call with {@code seed}; add data here for data-driven pruners. */
  protected PruneContext context(long seed) {
    return PruneContext.ofSeed(seed);
  }

  /** Whether different seeds must give different masks (false for a deterministic score pruner without ties). */
  protected boolean seedDependent() {
    return true;
  }

  /** Whether {@link Pruners#get(String)} must find the pruner by name. */
  protected boolean expectRegistered() {
    return true;
  }

  private Pruner configured() {
    return pruner().configure(options());
  }

  private MaskSet prune(DensityPlan plan, long seed) {
    return configured().prune(model(), plan, context(seed));
  }

  @Test
  void achievedCountEqualsPlannedCountPerLayer() {
    DensityPlan plan = plan(model().prunable());
    MaskSet masks = prune(plan, 1);
    if (!followsPlanPerLayer()) {
      assertEquals(plan.totalKept(), masks.kept(), "a global pruner keeps the plan's total");
      for (LayerDensity l : plan.layers()) {
        Mask m = masks.get(l.name());
        assertTrue(m.kept() >= 1, l.name() + " keeps no weight (layer collapse must not be silent)");
      }
      return;
    }
    for (LayerDensity l : plan.layers()) {
      Mask m = masks.get(l.name());
      if (exactCount()) {
        assertEquals(l.keptCount(), m.kept(), "kept weights of " + l.name() + " (density " + l.density() + ")");
      } else {
        // A random count: binomial(n, d); 7σ + 1 makes a false alarm practically impossible.
        double n = m.numel();
        double sigma = Math.sqrt(n * l.density() * (1 - l.density()));
        assertEquals(l.density() * n, m.kept(), 7 * sigma + 1, "kept weights of " + l.name());
      }
    }
  }

  @Test
  void masksMatchParameterShapes() {
    DensityPlan plan = plan(model().prunable());
    MaskSet masks = prune(plan, 2);
    for (LayerDensity l : plan.layers()) {
      assertArrayEquals(l.param().shape(), masks.get(l.name()).shape(), "mask shape of " + l.name());
    }
  }

  @Test
  void masksOnlyForPlannedLayersInPlanOrder() {
    List<ParamSpec> prunable = model().prunable();
    List<ParamSpec> everyOther = new ArrayList<>();
    for (int i = 0; i < prunable.size(); i += 2) {
      everyOther.add(prunable.get(i));
    }
    DensityPlan partial = plan(everyOther);
    MaskSet masks = prune(partial, 3);
    assertEquals(partial.names(), List.copyOf(masks.names()), "masked layers must be exactly the planned ones");
  }

  @Test
  void sameSeedGivesTheSameMasks() {
    DensityPlan plan = plan(model().prunable());
    assertEquals(prune(plan, 42), prune(plan, 42));
  }

  @Test
  void differentSeedsGiveDifferentMasks() {
    assumeTrue(seedDependent(), "this pruner does not depend on the seed");
    DensityPlan plan = plan(model().prunable());
    assertNotEquals(prune(plan, 42), prune(plan, 43));
  }

  @Test
  void densityOneKeepsEverything() {
    DensityPlan dense = Allocators.get("uniform").allocate(model().prunable(), Density.of(1.0));
    MaskSet masks = prune(dense, 4);
    for (Mask m : masks.asMap().values()) {
      assertEquals(m.numel(), m.kept());
    }
  }

  @Test
  void configRoundTripGivesTheSameMasks() {
    Pruner p = configured();
    Pruner again = p.configure(p.config());
    assertEquals(p.config(), again.config());
    DensityPlan plan = plan(model().prunable());
    assertEquals(p.prune(model(), plan, context(7)), again.prune(model(), plan, context(7)));
  }

  @Test
  void rejectsAPlanForALayerTheModelLacks() {
    List<ParamSpec> layers = new ArrayList<>(model().prunable());
    layers.add(ContractLayers.weight("not.in.the.model.weight", 8, 8));
    DensityPlan plan = Allocators.get("uniform").allocate(layers, Density.of(0.5));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> prune(plan, 5));
    assertTrue(e.getMessage().contains("not.in.the.model.weight"), "message should name the layer: " + e.getMessage());
  }

  @Test
  void rejectsAnUnknownOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pruner().configure(Map.of("no-such-option-xyz", "1")));
    assertTrue(e.getMessage().contains("no-such-option-xyz"), "message should name the option: " + e.getMessage());
  }

  @Test
  void nameIsLowerKebabAndRegistered() {
    String name = pruner().name();
    assertTrue(name.matches("[a-z0-9]+(-[a-z0-9]+)*"), "name must be lower-kebab, got '" + name + "'");
    assumeTrue(expectRegistered(), "not registered as a service");
    assertTrue(Pruners.names().contains(name), "Pruners.names() does not list '" + name + "': " + Pruners.names()
        + "; register it in META-INF/services/dev.sparse4j.prune.Pruner");
    assertEquals(pruner().getClass(), Pruners.get(name).getClass());
  }
}
