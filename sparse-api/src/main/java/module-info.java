/**
 * The backend-neutral core of sparse4j: masks, density allocators, pruners, the model-spec vocabulary,
 * the backend SPI and registry, data readers, training configuration and provenance.
 *
 * <p>This module imports no engine (DJL, ND4J, TensorFlow); a test enforces it.
 */
module dev.sparse4j.api {
  requires transitive org.slf4j;
  requires com.fasterxml.jackson.databind;

  exports dev.sparse4j.api;
  exports dev.sparse4j.api.alloc;
  exports dev.sparse4j.api.prune;
  exports dev.sparse4j.api.io;
  exports dev.sparse4j.api.model;
  exports dev.sparse4j.api.spi;
  exports dev.sparse4j.api.data;
  exports dev.sparse4j.api.train;
  exports dev.sparse4j.api.provenance;
  exports dev.sparse4j.api.init;
  exports dev.sparse4j.api.reference;
  // The one JSON mapper of sparse4j's files, shared with the command line (not API).
  exports dev.sparse4j.api.internal to dev.sparse4j.cli;

  // Jackson reads and writes the provenance, mask-file header and checkpoint records reflectively.
  opens dev.sparse4j.api.provenance to com.fasterxml.jackson.databind;
  opens dev.sparse4j.api.io to com.fasterxml.jackson.databind;
  opens dev.sparse4j.api.train to com.fasterxml.jackson.databind;
  opens dev.sparse4j.api.internal to com.fasterxml.jackson.databind;

  uses dev.sparse4j.api.spi.SparseBackendProvider;
  uses dev.sparse4j.api.spi.ModelExporter;
  uses dev.sparse4j.api.alloc.DensityAllocator;
  uses dev.sparse4j.api.prune.Pruner;

  provides dev.sparse4j.api.alloc.DensityAllocator with
      dev.sparse4j.api.alloc.DenseAllocator,
      dev.sparse4j.api.alloc.UniformAllocator,
      dev.sparse4j.api.alloc.ErAllocator,
      dev.sparse4j.api.alloc.ErkAllocator,
      dev.sparse4j.api.alloc.UniformPlusAllocator,
      dev.sparse4j.api.alloc.ErkPlusAllocator,
      dev.sparse4j.api.alloc.CustomAllocator,
      dev.sparse4j.api.alloc.SnipRatioAllocator,
      dev.sparse4j.api.alloc.GraspRatioAllocator,
      dev.sparse4j.api.alloc.SynflowRatioAllocator,
      dev.sparse4j.api.alloc.MagnitudeRatioAllocator;
  provides dev.sparse4j.api.prune.Pruner with
      dev.sparse4j.api.prune.RandomPruner,
      dev.sparse4j.api.prune.MagnitudePruner,
      dev.sparse4j.api.prune.SnipPruner,
      dev.sparse4j.api.prune.GraspPruner,
      dev.sparse4j.api.prune.SynflowPruner;
}
