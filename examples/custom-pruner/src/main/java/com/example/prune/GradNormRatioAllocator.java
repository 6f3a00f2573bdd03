package com.example.prune;

import dev.sparse4j.prune.alloc.PrunerRatioAllocator;
import dev.sparse4j.prune.Pruner;

/**
 * {@code grad-norm-ratio}: the per-layer densities of the {@code grad-norm} pruner's global mask, for random positions
 * inside each layer (as the paper's SNIP-ratio does for SNIP). A model-aware allocator: it plans through
 * {@code allocate(model, density, context)}, which {@code Sparsifier} and {@code sparse4j train} call with the built
 * model, and needs what its pruner needs ({@code PARAM_GRADIENTS}). Options: those of {@code grad-norm}.
 */
public final class GradNormRatioAllocator extends PrunerRatioAllocator {
  /** The registry name. */
  public static final String NAME = "grad-norm-ratio";

  /** The public no-argument constructor that {@link java.util.ServiceLoader} calls. */
  public GradNormRatioAllocator() {
    super(NAME, new GradNormPruner());
  }

  private GradNormRatioAllocator(Pruner pruner) {
    super(NAME, pruner);
  }

  @Override
  protected GradNormRatioAllocator copy(Pruner pruner) {
    return new GradNormRatioAllocator(pruner);
  }
}
