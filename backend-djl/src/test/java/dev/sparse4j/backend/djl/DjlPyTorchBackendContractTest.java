package dev.sparse4j.backend.djl;

import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.tck.BackendContract;

/** Runs the backend contract on djl-pytorch. */
class DjlPyTorchBackendContractTest extends BackendContract {
  @Override
  protected SparseBackend createBackend() {
    return new DjlPyTorchProvider().create(BackendOptions.defaults());
  }
}
