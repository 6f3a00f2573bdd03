/**
 * Examples of user-written extensions in their own jar: the pruners {@code strided} (positions only) and
 * {@code grad-norm} (gradient-based), the allocator {@code grad-norm-ratio} and the topology updater {@code mest}.
 */
module com.example.prune {
  requires dev.sparse4j.prune;

  exports com.example.prune;

  provides dev.sparse4j.prune.Pruner with com.example.prune.StridedPruner, com.example.prune.GradNormPruner;
  provides dev.sparse4j.prune.DensityAllocator with com.example.prune.GradNormRatioAllocator;
  provides dev.sparse4j.prune.dst.TopologyUpdater with com.example.prune.MestUpdater;
}
