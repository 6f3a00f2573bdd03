package com.example.prune;

import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.tck.AllocatorContract;
import dev.sparse4j.tck.GradientPrunerContract;
import java.util.List;
import java.util.Map;

/** {@code grad-norm-ratio} against the TCK's allocator contract, planning on the reference classifier with data. */
class GradNormRatioAllocatorContractTest extends AllocatorContract {
  @Override
  protected DensityAllocator allocator() {
    return new GradNormRatioAllocator().configure(Map.of("batch-size", "16"));
  }

  @Override
  protected List<ParamSpec> layers() {
    return GradientPrunerContract.REFERENCE_MODEL.prunable();
  }

  @Override
  protected ModelView model() {
    return GradientPrunerContract.REFERENCE_MODEL;
  }

  @Override
  protected PruneContext context() {
    return PruneContext.ofSeed(1).withData(GradientPrunerContract.REFERENCE_DATA);
  }
}
