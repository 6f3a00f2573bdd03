package dev.sparse4j.tck.builtins;

import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.tck.AllocatorContract;
import dev.sparse4j.tck.ContractLayers;
import java.util.List;
import java.util.Map;

/** {@code erk} with {@code power-scale=0.5}, configured by name, on an MLP. */
class ErkPowerScaleContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return Allocators.get("erk", Map.of("power-scale", "0.5"));
  }

  @Override
  protected List<ParamSpec> layers() {
    return ContractLayers.mlp();
  }
}
