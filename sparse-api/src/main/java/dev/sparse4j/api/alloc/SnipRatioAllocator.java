package dev.sparse4j.api.alloc;

import dev.sparse4j.api.prune.SnipPruner;
import dev.sparse4j.api.prune.ModelView;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.api.prune.Pruner;

/**
 * {@code snip-ratio} (SNIP-ratio of Liu et al., 2022): the per-layer densities of the {@code snip} pruner's global
 * mask (scores |g ⊙ w| on training data). Bind a model before allocating ({@link PrunerRatioAllocator}); see
 * {@link PrunerRatio}. Options: those of the pruner.
 */
public final class SnipRatioAllocator extends PrunerRatioAllocator {
  /** The registry name. */
  public static final String NAME = "snip-ratio";

  /** Unbound, with the pruner's default options. */
  public SnipRatioAllocator() {
    super(NAME, new SnipPruner(), null, null);
  }

  private SnipRatioAllocator(Pruner pruner, ModelView model, PruneContext context) {
    super(NAME, pruner, model, context);
  }

  @Override
  protected SnipRatioAllocator copy(Pruner pruner, ModelView model, PruneContext context) {
    return new SnipRatioAllocator(pruner, model, context);
  }
}
