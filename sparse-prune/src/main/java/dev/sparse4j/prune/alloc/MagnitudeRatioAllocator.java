package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.MagnitudePruner;
import dev.sparse4j.prune.Pruner;

/**
 * {@code magnitude-ratio} (magnitude-ratio): the per-layer densities of the {@code magnitude} pruner's global mask
 * (scores |w|, needs weight values only). It plans on a model ({@link PrunerRatioAllocator}); see
 * {@link PrunerRatio}. Options: those of the pruner.
 */
public final class MagnitudeRatioAllocator extends PrunerRatioAllocator {
  /** The registry name. */
  public static final String NAME = "magnitude-ratio";

  /** With the pruner's default options. */
  public MagnitudeRatioAllocator() {
    super(NAME, new MagnitudePruner());
  }

  private MagnitudeRatioAllocator(Pruner pruner) {
    super(NAME, pruner);
  }

  @Override
  protected MagnitudeRatioAllocator copy(Pruner pruner) {
    return new MagnitudeRatioAllocator(pruner);
  }
}
