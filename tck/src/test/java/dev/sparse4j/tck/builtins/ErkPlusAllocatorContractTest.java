package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.alloc.ErkPlusAllocator;
import dev.sparse4j.tck.AllocatorContract;

/** The built-in {@code erk-plus} allocator (dense classifier) against the allocator contract. */
class ErkPlusAllocatorContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return new ErkPlusAllocator();
  }
}
