/**
 * The small, engine-neutral core of sparse4j that a backend author depends on: the vocabulary (masks, densities,
 * parameter specs), the model description, the backend SPI and registry, weight initialisation and the dataset
 * record. It has no Jackson and no engine; pruning ({@code dev.sparse4j.prune}), files ({@code dev.sparse4j.io})
 * and training ({@code dev.sparse4j.train}) are modules of their own, and {@code dev.sparse4j.all} brings them all.
 *
 * <p>This module imports no engine (DJL, ND4J, TensorFlow); a test enforces it.
 */
module dev.sparse4j.api {
  requires transitive org.slf4j;

  exports dev.sparse4j.api;
  exports dev.sparse4j.api.model;
  exports dev.sparse4j.api.spi;
  exports dev.sparse4j.api.data;
  exports dev.sparse4j.api.init;

  uses dev.sparse4j.api.spi.SparseBackendProvider;
  uses dev.sparse4j.api.spi.ModelExporter;
}
