package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.alloc.ErkAllocator;
import dev.sparse4j.tck.AllocatorContract;
import java.util.List;

/** The built-in {@code erk} allocator against the allocator contract, down to 99% sparsity. */
class ErkAllocatorContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return new ErkAllocator();
  }

  @Override
  protected List<Double> targetDensities() {
    return List.of(0.01, 0.05, 0.1, 0.2, 0.5, 0.9, 1.0);
  }
}
