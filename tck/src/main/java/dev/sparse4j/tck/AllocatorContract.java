package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.alloc.Allocators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link DensityAllocator} follows (docs/allocators.md). Subclass it in your test sources and return
 * your allocator from {@link #allocator()}; override the other hooks when your allocator needs other layers or
 * targets. Plans are made through the model-aware call
 * {@link DensityAllocator#allocate(ModelView, Density, PruneContext)}, as {@code Sparsifier} and the CLI make them;
 * an allocator that scores the model overrides {@link #model()} to give it values (or a backend's model).
 *
 * <pre>{@code
 * class MyAllocatorContractTest extends AllocatorContract {
 *   @Override protected DensityAllocator allocator() { return new MyAllocator(); }
 * }
 * }</pre>
 */
public abstract class AllocatorContract {

  /** The allocator under test, configured as it should be checked. */
  protected abstract DensityAllocator allocator();

  /** The prunable layers to plan; ResNet-20's by default. */
  protected List<ParamSpec> layers() {
    return ContractLayers.resNet20();
  }

  /**
   * Target densities the allocator must reach on {@link #layers()}; every density between the smallest and the
   * largest must be feasible too (the monotonicity check walks a fine grid between them).
   */
  protected List<Double> targetDensities() {
    return List.of(0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0);
  }

  /**
   * The model to plan for; its {@link ModelView#prunable()} must be {@link #layers()}. A values-free view of the
   * layers by default.
   */
  protected ModelView model() {
    return ModelView.of(layers());
  }

  /** The context given to the allocator: seed 1, no data, by default. */
  protected PruneContext context() {
    return PruneContext.ofSeed(1);
  }

  /** Whether {@link Allocators#get(String)} must find the allocator by name (it is registered as a service). */
  protected boolean expectRegistered() {
    return true;
  }

  private DensityPlan plan(double density) {
    DensityPlan p = allocator().allocate(model(), Density.of(density), context());
    assertNotNull(p, "allocate returned null at density " + density);
    return p;
  }

  private static long total(List<ParamSpec> layers) {
    return layers.stream().mapToLong(ParamSpec::numel).sum();
  }

  @Test
  void totalKeptIsRoundOfDensityTimesWeightsWithinOnePerLayer() {
    long n = total(layers());
    for (double d : targetDensities()) {
      DensityPlan p = plan(d);
      long target = Math.round(d * n);
      assertTrue(Math.abs(p.totalKept() - target) <= layers().size(),
          "at density " + d + " the plan keeps " + p.totalKept() + " weights; round(D·N) = " + target
              + ", allowed ±" + layers().size() + " (one per layer)");
    }
  }

  @Test
  void planCoversExactlyTheGivenLayersInOrder() {
    List<String> names = layers().stream().map(ParamSpec::name).toList();
    for (double d : targetDensities()) {
      DensityPlan p = plan(d);
      assertEquals(names, p.names(), "planned layers at density " + d);
      for (LayerDensity l : p.layers()) {
        assertEquals(layers().get(names.indexOf(l.name())), l.param(), "parameter spec of " + l.name());
      }
    }
  }

  @Test
  void densitiesAreInTheUnitIntervalAndEveryLayerKeepsAWeight() {
    for (double d : targetDensities()) {
      for (LayerDensity l : plan(d).layers()) {
        assertTrue(l.density() > 0.0 && l.density() <= 1.0, l.name() + " has density " + l.density() + " at " + d);
        assertTrue(l.keptCount() >= 1, l.name() + " would keep no weight at density " + d + " (never a zero mask)");
      }
    }
  }

  @Test
  void denseForcedLayersAreExactlyOne() {
    for (double d : targetDensities()) {
      DensityPlan p = plan(d);
      for (String name : p.denseLayers()) {
        assertEquals(1.0, p.density(name), name + " is reported dense at density " + d);
      }
    }
  }

  @Test
  void achievedDensityIsMonotoneInTheTarget() {
    TreeSet<Double> grid = new TreeSet<>(targetDensities());
    double lo = grid.first();
    double hi = grid.last();
    for (int i = 1; i < 40; i++) {
      grid.add(lo + (hi - lo) * i / 40.0);
    }
    double previous = -1;
    double previousTarget = Double.NaN;
    for (double d : grid) {
      double achieved = plan(d).achievedDensity();
      assertTrue(achieved >= previous, "achieved density fell from " + previous + " at target " + previousTarget
          + " to " + achieved + " at target " + d);
      previous = achieved;
      previousTarget = d;
    }
  }

  @Test
  void planNamesTheAllocatorAndItsConfigAndTarget() {
    DensityAllocator a = allocator();
    for (double d : targetDensities()) {
      DensityPlan p = plan(d);
      assertEquals(a.name(), p.allocator());
      assertEquals(a.config(), p.allocatorConfig());
      assertEquals(d, p.targetDensity());
      double s = p.maxFeasibleSparsity();
      assertTrue(s >= 0.0 && s < 1.0, "max feasible sparsity " + s);
      assertTrue(1.0 - d <= s + 1e-9, "target sparsity " + (1.0 - d) + " exceeds the stated maximum " + s);
    }
  }

  @Test
  void statedMaximumFeasibleSparsityIsReachable() {
    double s = plan(targetDensities().get(0)).maxFeasibleSparsity();
    assertTrue(s >= 0 && s < 1, "max feasible sparsity must be in [0, 1), got " + s);
    // At the stated maximum the allocator must plan, keep at least one weight per layer, and get within rounding
    // (one weight per layer) of that sparsity: an allocator that overstates it fails here.
    double d = Math.min(1.0, 1.0 - s + 1e-9);
    DensityPlan p = plan(d);
    long n = p.totalParams();
    assertTrue(p.totalKept() > 0, "a plan at the stated maximum sparsity " + s + " keeps nothing");
    double achieved = 1.0 - (double) p.totalKept() / n;
    assertTrue(achieved >= s - (double) p.layers().size() / n - 1e-9, "at the stated maximum sparsity " + s
        + " the plan reaches only " + achieved);
  }

  @Test
  void allocationIsDeterministic() {
    for (double d : targetDensities()) {
      assertEquals(plan(d), plan(d), "two plans at density " + d);
    }
  }

  @Test
  void configRoundTripGivesTheSamePlan() {
    DensityAllocator a = allocator();
    DensityAllocator again = a.configure(a.config());
    assertEquals(a.name(), again.name());
    assertEquals(a.config(), again.config());
    for (double d : targetDensities()) {
      assertEquals(a.allocate(model(), Density.of(d), context()), again.allocate(model(), Density.of(d), context()),
          "plan at " + d + " after configure(config())");
    }
  }

  @Test
  void rejectsAnEmptyLayerList() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> allocator().allocate(ModelView.of(List.of()), Density.of(targetDensities().get(0)), context()));
    assertNotNull(e.getMessage());
  }

  @Test
  void rejectsAnUnknownOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> allocator().configure(Map.of("no-such-option-xyz", "1")));
    assertTrue(e.getMessage().contains("no-such-option-xyz"), "message should name the option: " + e.getMessage());
  }

  @Test
  void nameIsLowerKebabAndRegistered() {
    String name = allocator().name();
    assertTrue(name.matches("[a-z0-9]+(-[a-z0-9]+)*"), "name must be lower-kebab, got '" + name + "'");
    assumeTrue(expectRegistered(), "not registered as a service");
    List<String> names = new ArrayList<>(Allocators.names());
    assertTrue(names.contains(name), "Allocators.names() does not list '" + name + "': " + names
        + "; register it in META-INF/services/dev.sparse4j.prune.DensityAllocator");
    assertEquals(allocator().getClass(), Allocators.get(name).getClass());
    assertFalse(allocator().description().isBlank());
  }
}
