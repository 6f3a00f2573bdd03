package dev.sparse4j.api.alloc;

import dev.sparse4j.api.prune.SynflowPruner;
import dev.sparse4j.api.prune.ModelView;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.api.prune.Pruner;

/**
 * {@code synflow-ratio} (SynFlow-ratio): the per-layer densities of the {@code synflow} pruner's global mask
 * (data-free synaptic flow). Bind a model before allocating ({@link PrunerRatioAllocator}); see {@link
 * PrunerRatio}. Options: those of the pruner.
 */
public final class SynflowRatioAllocator extends PrunerRatioAllocator {
  /** The registry name. */
  public static final String NAME = "synflow-ratio";

  /** Unbound, with the pruner's default options. */
  public SynflowRatioAllocator() {
    super(NAME, new SynflowPruner(), null, null);
  }

  private SynflowRatioAllocator(Pruner pruner, ModelView model, PruneContext context) {
    super(NAME, pruner, model, context);
  }

  @Override
  protected SynflowRatioAllocator copy(Pruner pruner, ModelView model, PruneContext context) {
    return new SynflowRatioAllocator(pruner, model, context);
  }
}
