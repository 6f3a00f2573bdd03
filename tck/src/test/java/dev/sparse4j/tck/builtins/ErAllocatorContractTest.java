package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.alloc.ErAllocator;
import dev.sparse4j.tck.AllocatorContract;

/** The built-in {@code er} allocator against the allocator contract. */
class ErAllocatorContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return new ErAllocator();
  }
}
