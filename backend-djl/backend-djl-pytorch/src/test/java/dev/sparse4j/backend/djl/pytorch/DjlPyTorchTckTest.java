package dev.sparse4j.backend.djl.pytorch;

import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.tck.BackendTck;

/** The whole backend TCK (contract, golden PyTorch trajectory, score pruners) on djl-pytorch. */
class DjlPyTorchTckTest extends BackendTck {
  @Override
  protected SparseBackend createBackend() {
    return new DjlPyTorchProvider().create(BackendOptions.defaults());
  }
}
