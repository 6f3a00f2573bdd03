package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.alloc.DenseAllocator;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.tck.AllocatorContract;
import java.util.List;

/** The built-in {@code dense} allocator against the allocator contract (it only reaches density 1). */
class DenseAllocatorContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return new DenseAllocator();
  }

  @Override
  protected List<Double> targetDensities() {
    return List.of(1.0);
  }
}
