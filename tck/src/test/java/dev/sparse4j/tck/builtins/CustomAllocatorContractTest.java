package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.tck.AllocatorContract;
import java.util.List;
import java.util.Map;

/** The built-in {@code custom} allocator with the stem dense and the classifier at 50%. */
class CustomAllocatorContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return Allocators.get("custom", Map.of("densities", "conv1.weight:1.0,fc.weight:0.5"));
  }

  @Override
  protected List<Double> targetDensities() {
    return List.of(0.01, 0.1, 0.5, 0.99);
  }
}
