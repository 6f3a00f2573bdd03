package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.alloc.UniformPlusAllocator;
import dev.sparse4j.tck.AllocatorContract;

/** The built-in {@code uniform-plus} allocator against the allocator contract. */
class UniformPlusAllocatorContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return new UniformPlusAllocator();
  }
}
