package dev.sparse4j.tck.builtins;

import dev.sparse4j.api.alloc.DensityAllocator;
import dev.sparse4j.api.alloc.MagnitudeRatioAllocator;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.tck.AllocatorContract;
import dev.sparse4j.tck.ContractLayers;

/**
 * {@code magnitude-ratio} bound to ResNet-20 weights: the per-layer densities of global magnitude pruning pass the
 * allocator contract like any other allocator.
 */
class MagnitudeRatioAllocatorContractTest extends AllocatorContract {
  private static final DensityAllocator BOUND = new MagnitudeRatioAllocator()
      .bind(MagnitudePrunerContractTest.withValues(ContractLayers.resNet20()), PruneContext.ofSeed(1));

  @Override
  protected DensityAllocator allocator() {
    return BOUND;
  }
}
