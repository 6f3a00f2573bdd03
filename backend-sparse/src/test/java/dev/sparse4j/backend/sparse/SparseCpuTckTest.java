package dev.sparse4j.backend.sparse;

import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.tck.BackendTck;

/** The backend TCK on sparse-cpu: the inference checks run, the rest skip by declared capability. */
class SparseCpuTckTest extends BackendTck {
  @Override
  protected SparseBackend createBackend() {
    return new SparseCpuProvider().create(BackendOptions.defaults());
  }
}
