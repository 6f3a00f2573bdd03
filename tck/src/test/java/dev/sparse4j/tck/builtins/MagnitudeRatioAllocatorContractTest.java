package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.alloc.MagnitudeRatioAllocator;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.tck.AllocatorContract;
import dev.sparse4j.tck.ContractLayers;

/**
 * {@code magnitude-ratio} on ResNet-20 weights: the per-layer densities of global magnitude pruning pass the
 * allocator contract like any other allocator.
 */
class MagnitudeRatioAllocatorContractTest extends AllocatorContract {
  private static final ModelView WEIGHTS = MagnitudePrunerContractTest.withValues(ContractLayers.resNet20());

  @Override
  protected DensityAllocator allocator() {
    return new MagnitudeRatioAllocator();
  }

  @Override
  protected ModelView model() {
    return WEIGHTS;
  }
}
