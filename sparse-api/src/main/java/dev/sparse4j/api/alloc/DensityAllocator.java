package dev.sparse4j.api.alloc;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.internal.Options;
import java.util.List;
import java.util.Map;

/**
 * Chooses a density per prunable layer so that the whole network reaches a target density. An extension point:
 * implement it, give it a public no-argument constructor and register it under
 * {@code META-INF/services/dev.sparse4j.api.alloc.DensityAllocator} (and {@code provides} in your
 * {@code module-info}); {@link Allocators#get(String, Map)} then finds it by {@link #name()}. The TCK's
 * {@code AllocatorContract} checks an implementation against the rules below.
 *
 * <p>Implementations are immutable; options are applied by {@link #configure(Map)}, which returns a new instance.
 *
 * <p>Rules every allocator follows (design §5): the plan's total kept count {@code Σ round(d_l·n_l)} is
 * {@code round(D·N)} within ±1 per layer; no layer is planned to keep zero weights (that is an
 * {@link InfeasibleDensityException}, never a silent zero mask); the plan reports the maximum feasible sparsity.
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
   * Plans per-layer densities.
   *
   * @param prunable the prunable parameters, in model order (see {@link ParamSpec#prunable()})
   * @param density target overall density in (0, 1]
   * @throws IllegalArgumentException if the density is outside (0, 1] or NaN, or the list is empty
   * @throws InfeasibleDensityException if this allocator cannot reach the target, stating the maximum feasible sparsity
   */
  DensityPlan allocate(List<ParamSpec> prunable, double density);
}
