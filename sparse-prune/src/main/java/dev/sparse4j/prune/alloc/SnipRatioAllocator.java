package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.SnipPruner;
import dev.sparse4j.prune.Pruner;

/**
 * {@code snip-ratio} (SNIP-ratio of Liu et al., 2022): the per-layer densities of the {@code snip} pruner's global
 * mask (scores |g ⊙ w| on training data). It plans on a model ({@link PrunerRatioAllocator}); see
 * {@link PrunerRatio}. Options: those of the pruner.
 */
public final class SnipRatioAllocator extends PrunerRatioAllocator {
  /** The registry name. */
  public static final String NAME = "snip-ratio";

  /** With the pruner's default options. */
  public SnipRatioAllocator() {
    super(NAME, new SnipPruner());
  }

  private SnipRatioAllocator(Pruner pruner) {
    super(NAME, pruner);
  }

  @Override
  protected SnipRatioAllocator copy(Pruner pruner) {
    return new SnipRatioAllocator(pruner);
  }
}
