package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.alloc.UniformAllocator;
import dev.sparse4j.tck.AllocatorContract;

/** The built-in {@code uniform} allocator against the allocator contract. */
class UniformAllocatorContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return new UniformAllocator();
  }
}
