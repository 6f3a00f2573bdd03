package dev.sparse4j.api.alloc;

import dev.sparse4j.api.prune.MagnitudePruner;
import dev.sparse4j.api.prune.ModelView;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.api.prune.Pruner;

/**
 * {@code magnitude-ratio} (magnitude-ratio): the per-layer densities of the {@code magnitude} pruner's global mask
 * (scores |w|, needs weight values only). Bind a model before allocating ({@link PrunerRatioAllocator}); see
 * {@link PrunerRatio}. Options: those of the pruner.
 */
public final class MagnitudeRatioAllocator extends PrunerRatioAllocator {
  /** The registry name. */
  public static final String NAME = "magnitude-ratio";

  /** Unbound, with the pruner's default options. */
  public MagnitudeRatioAllocator() {
    super(NAME, new MagnitudePruner(), null, null);
  }

  private MagnitudeRatioAllocator(Pruner pruner, ModelView model, PruneContext context) {
    super(NAME, pruner, model, context);
  }

  @Override
  protected MagnitudeRatioAllocator copy(Pruner pruner, ModelView model, PruneContext context) {
    return new MagnitudeRatioAllocator(pruner, model, context);
  }
}
