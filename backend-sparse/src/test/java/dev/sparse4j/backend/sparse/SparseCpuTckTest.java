package dev.sparse4j.backend.sparse;

import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.tck.BackendTck;

/** The whole backend TCK on sparse-cpu (only DOUBLE_BACKWARD, which it does not declare, is skipped). */
class SparseCpuTckTest extends BackendTck {
  @Override
  protected SparseBackend createBackend() {
    return new SparseCpuProvider().create(BackendOptions.defaults());
  }
}
