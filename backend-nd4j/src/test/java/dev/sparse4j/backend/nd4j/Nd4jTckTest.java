package dev.sparse4j.backend.nd4j;

import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.tck.BackendTck;

/** The whole backend TCK (contract, golden PyTorch trajectory, score pruners) on nd4j. */
class Nd4jTckTest extends BackendTck {
  @Override
  protected SparseBackend createBackend() {
    return new Nd4jProvider().create(BackendOptions.defaults());
  }
}
