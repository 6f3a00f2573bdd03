package dev.sparse4j.prune;


import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.Options;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.spi.Capability;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses a density per prunable layer so that the whole network reaches a target density. An extension point:
 * implement it, give it a public no-argument constructor and register it under
 * {@code META-INF/services/dev.sparse4j.prune.DensityAllocator} (and {@code provides} in your
 * {@code module-info}); {@link dev.sparse4j.prune.alloc.Allocators#get(String, Map)} then finds it by {@link #name()}. The TCK's
 * {@code AllocatorContract} checks an implementation against the rules below.
 *
 * <p>Implementations are immutable; options are applied by {@link #configure(Map)}, which returns a new instance.
 *
 * <p>Rules every allocator follows (docs/allocators.md): the plan's total kept count {@code Σ round(d_l·n_l)} is
 * {@code round(D·N)} within ±1 per layer; no layer is planned to keep zero weights (that is an
 * {@link dev.sparse4j.prune.alloc.InfeasibleDensityException}, never a silent zero mask); the plan reports the maximum feasible sparsity.
 * {@link dev.sparse4j.prune.alloc.Feasibility} implements these rules for you.
 *
 * <p>An allocator that needs the model itself (its weights or gradients, like {@code snip-ratio}) overrides
 * {@link #allocate(ModelView, Density, PruneContext)} and declares what it needs of the backend in
 * {@link #requiredCapabilities()}; {@link dev.sparse4j.prune.Sparsifier} and the CLI always call that method.
 */
public interface DensityAllocator {

  /** Unique lower-kebab name, as used on the CLI ({@code erk}, {@code uniform-plus}). */
  String name();

  /** One-line description for listings. */
  default String description() {
    return name();
  }

  /** The options in effect, as strings; {@code configure(config())} rebuilds an identical allocator. */
  default Map<String, String> config() {
    return Map.of();
  }

  /**
   * A copy with {@code options} applied over the current ones. The default is for allocators without options: it
   * rejects every key.
   *
   * @throws IllegalArgumentException for an unknown option or a bad value, naming the known options
   */
  default DensityAllocator configure(Map<String, String> options) {
    Options.checkKnown("allocator '" + name() + "'", options, List.of());
    return this;
  }

  /**
   * What this allocator needs of the model's backend, checked before any training starts (e.g.
   * {@link Capability#PARAM_GRADIENTS} for an allocator that scores gradients). The default needs nothing.
   */
  default Set<Capability> requiredCapabilities() {
    return Set.of();
  }

  /**
   * Plans per-layer densities.
   *
   * @param prunable the prunable parameters, in model order (see {@link ParamSpec#prunable()})
   * @param density the target overall density ({@link Density#of} or {@link Density#ofSparsity})
   * @throws IllegalArgumentException if the list is empty or holds a parameter that is not prunable
   * @throws dev.sparse4j.prune.alloc.InfeasibleDensityException if this allocator cannot reach the target, stating the maximum feasible sparsity
   * @throws IllegalStateException if this allocator needs the model (call
   *     {@link #allocate(ModelView, Density, PruneContext)})
   */
  DensityPlan allocate(List<ParamSpec> prunable, Density density);

  /**
   * Plans per-layer densities for {@code model}'s prunable layers. The default plans on
   * {@code model.prunable()} alone; an allocator that scores the model overrides it.
   *
   * @param model the model to plan for (a backend's {@link dev.sparse4j.api.spi.SparseModel} when the allocator
   *     needs values or gradients)
   * @param density the target overall density
   * @param context seed and training data, for allocators that score the model
   * @throws dev.sparse4j.prune.alloc.InfeasibleDensityException if this allocator cannot reach the target, stating the maximum feasible sparsity
   */
  default DensityPlan allocate(ModelView model, Density density, PruneContext context) {
    return allocate(model.prunable(), density);
  }
}
