package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.tck.AllocatorContract;
import java.util.List;
import java.util.Map;

/** {@code erk-plus} with {@code fc-density=0.3}: it cannot reach density 1, so the targets stop below. */
class ErkPlusSparseClassifierContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return Allocators.get("erk-plus", Map.of("fc-density", "0.3"));
  }

  @Override
  protected List<Double> targetDensities() {
    return List.of(0.02, 0.1, 0.3, 0.6, 0.99);
  }
}
