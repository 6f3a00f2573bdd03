package dev.sparse4j.backend.djl.tensorflow;

import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.tck.BackendTck;

/** The whole backend TCK (contract, golden PyTorch trajectory, score pruners) on djl-tensorflow. */
class DjlTensorFlowTckTest extends BackendTck {
  @Override
  protected SparseBackend createBackend() {
    return new DjlTensorFlowProvider().create(BackendOptions.defaults());
  }
}
