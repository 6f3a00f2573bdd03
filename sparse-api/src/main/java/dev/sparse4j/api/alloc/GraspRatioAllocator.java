package dev.sparse4j.api.alloc;

import dev.sparse4j.api.prune.GraspPruner;
import dev.sparse4j.api.prune.ModelView;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.api.prune.Pruner;

/**
 * {@code grasp-ratio} (GraSP-ratio of Liu et al., 2022): the per-layer densities of the {@code grasp} pruner's
 * global mask (scores −w ⊙ Hg on training data). Bind a model before allocating ({@link PrunerRatioAllocator});
 * see {@link PrunerRatio}. Options: those of the pruner.
 */
public final class GraspRatioAllocator extends PrunerRatioAllocator {
  /** The registry name. */
  public static final String NAME = "grasp-ratio";

  /** Unbound, with the pruner's default options. */
  public GraspRatioAllocator() {
    super(NAME, new GraspPruner(), null, null);
  }

  private GraspRatioAllocator(Pruner pruner, ModelView model, PruneContext context) {
    super(NAME, pruner, model, context);
  }

  @Override
  protected GraspRatioAllocator copy(Pruner pruner, ModelView model, PruneContext context) {
    return new GraspRatioAllocator(pruner, model, context);
  }
}
