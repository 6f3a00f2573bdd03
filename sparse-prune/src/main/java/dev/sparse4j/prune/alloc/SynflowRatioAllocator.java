package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.SynflowPruner;
import dev.sparse4j.prune.Pruner;

/**
 * {@code synflow-ratio} (SynFlow-ratio): the per-layer densities of the {@code synflow} pruner's global mask
 * (data-free synaptic flow). It plans on a model ({@link PrunerRatioAllocator}); see {@link
 * PrunerRatio}. Options: those of the pruner.
 */
public final class SynflowRatioAllocator extends PrunerRatioAllocator {
  /** The registry name. */
  public static final String NAME = "synflow-ratio";

  /** With the pruner's default options. */
  public SynflowRatioAllocator() {
    super(NAME, new SynflowPruner());
  }

  private SynflowRatioAllocator(Pruner pruner) {
    super(NAME, pruner);
  }

  @Override
  protected SynflowRatioAllocator copy(Pruner pruner) {
    return new SynflowRatioAllocator(pruner);
  }
}
