package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.GraspPruner;
import dev.sparse4j.prune.Pruner;

/**
 * {@code grasp-ratio} (GraSP-ratio of Liu et al., 2022): the per-layer densities of the {@code grasp} pruner's
 * global mask (scores −w ⊙ Hg on training data). It plans on a model ({@link PrunerRatioAllocator});
 * see {@link PrunerRatio}. Options: those of the pruner.
 */
public final class GraspRatioAllocator extends PrunerRatioAllocator {
  /** The registry name. */
  public static final String NAME = "grasp-ratio";

  /** With the pruner's default options. */
  public GraspRatioAllocator() {
    super(NAME, new GraspPruner());
  }

  private GraspRatioAllocator(Pruner pruner) {
    super(NAME, pruner);
  }

  @Override
  protected GraspRatioAllocator copy(Pruner pruner) {
    return new GraspRatioAllocator(pruner);
  }
}
