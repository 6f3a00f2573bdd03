package dev.sparse4j.tck.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.tck.AllocatorContract;
import dev.sparse4j.tck.PrunerContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The TCK proves itself: deliberately broken fakes run through the contracts (with JUnit's {@link EngineTestKit}) and
 * must fail — in the test that names their defect — while the correct built-in they break passes every test. A
 * contract that a broken implementation passes would certify nothing.
 */
class ContractSelfTest {

  /** ERK, except that the first layer keeps no weight at all. */
  static final class EmptyLayerAllocator implements DensityAllocator {
    @Override
    public String name() {
      return "empty-layer";
    }

    @Override
    public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
      DensityPlan erk = Allocators.get("erk").allocate(prunable, density);
      List<LayerDensity> layers = new ArrayList<>(erk.layers());
      layers.set(0, new LayerDensity(layers.get(0).param(), 0.0));
      return new DensityPlan(name(), config(), erk.targetDensity(), layers, erk.erkEpsilon(), erk.denseLayers(),
          erk.maxFeasibleSparsity());
    }
  }

  /** Random masks that ignore the context's seed. */
  static final class SeedlessPruner implements Pruner {
    @Override
    public String name() {
      return "seedless";
    }

    @Override
    public MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
      return new RandomPruner().prune(model, plan, PruneContext.ofSeed(7));
    }
  }

  /** The allocator contract on the broken allocator. */
  static class BrokenAllocatorContract extends AllocatorContract {
    @Override
    protected DensityAllocator allocator() {
      return new EmptyLayerAllocator();
    }

    @Override
    protected boolean expectRegistered() {
      return false;
    }
  }

  /** The allocator contract on the real ERK, for comparison. */
  static class ErkContract extends AllocatorContract {
    @Override
    protected DensityAllocator allocator() {
      return Allocators.get("erk");
    }
  }

  /** The pruner contract on the broken pruner. */
  static class BrokenPrunerContract extends PrunerContract {
    @Override
    protected Pruner pruner() {
      return new SeedlessPruner();
    }

    @Override
    protected boolean expectRegistered() {
      return false;
    }
  }

  /** The pruner contract on the real random pruner. */
  static class RandomContract extends PrunerContract {
    @Override
    protected Pruner pruner() {
      return new RandomPruner();
    }
  }

  private static Events run(Class<?> contract) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
  }

  private static Set<String> failed(Events events) {
    Set<String> names = new TreeSet<>();
    events.failed().stream().forEach(e -> names.add(e.getTestDescriptor().getDisplayName()));
    return names;
  }

  @Test
  void anAllocatorThatLeavesALayerEmptyFailsTheContract() {
    assertEquals(0, run(ErkContract.class).failed().count(), "the real ERK passes");
    Set<String> failed = failed(run(BrokenAllocatorContract.class));
    assertTrue(failed.contains("densitiesAreInTheUnitIntervalAndEveryLayerKeepsAWeight()"), "failed: " + failed);
  }

  @Test
  void aPrunerThatIgnoresTheSeedFailsTheContract() {
    assertEquals(0, run(RandomContract.class).failed().count(), "the real random pruner passes");
    Set<String> failed = failed(run(BrokenPrunerContract.class));
    assertEquals(Set.of("differentSeedsGiveDifferentMasks()"), failed);
  }
}
