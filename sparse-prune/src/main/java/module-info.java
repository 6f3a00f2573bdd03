/**
 * Pruning at initialisation: the {@code Pruner} and {@code DensityAllocator} SPIs, the built-in pruners (random,
 * magnitude, SNIP, GraSP, SynFlow), the layer-wise density allocators (uniform, ER, ERK, their "+" variants,
 * custom, the pruner-ratio allocators), the {@code Sparsifier} that combines one of each into masks, and dynamic
 * sparse training: the {@code TopologyUpdater} SPI (SET, RigL), its schedule and the ITOP rate.
 */
module dev.sparse4j.prune {
  requires transitive dev.sparse4j.api;

  exports dev.sparse4j.prune;
  exports dev.sparse4j.prune.alloc;
  exports dev.sparse4j.prune.dst;

  uses dev.sparse4j.prune.DensityAllocator;
  uses dev.sparse4j.prune.Pruner;
  uses dev.sparse4j.prune.dst.TopologyUpdater;

  provides dev.sparse4j.prune.DensityAllocator with
      dev.sparse4j.prune.alloc.DenseAllocator,
      dev.sparse4j.prune.alloc.UniformAllocator,
      dev.sparse4j.prune.alloc.ErAllocator,
      dev.sparse4j.prune.alloc.ErkAllocator,
      dev.sparse4j.prune.alloc.UniformPlusAllocator,
      dev.sparse4j.prune.alloc.ErkPlusAllocator,
      dev.sparse4j.prune.alloc.CustomAllocator,
      dev.sparse4j.prune.alloc.SnipRatioAllocator,
      dev.sparse4j.prune.alloc.GraspRatioAllocator,
      dev.sparse4j.prune.alloc.SynflowRatioAllocator,
      dev.sparse4j.prune.alloc.MagnitudeRatioAllocator;
  provides dev.sparse4j.prune.Pruner with
      dev.sparse4j.prune.RandomPruner,
      dev.sparse4j.prune.MagnitudePruner,
      dev.sparse4j.prune.SnipPruner,
      dev.sparse4j.prune.GraspPruner,
      dev.sparse4j.prune.SynflowPruner;
  provides dev.sparse4j.prune.dst.TopologyUpdater with
      dev.sparse4j.prune.dst.SetUpdater,
      dev.sparse4j.prune.dst.RigLUpdater;
}
