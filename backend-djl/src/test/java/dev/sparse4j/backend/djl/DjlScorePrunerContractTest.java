package dev.sparse4j.backend.djl;

import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.tck.ScorePrunerContract;

/** Runs the score-pruner contract (temperature, output-sum and Hessian products; the score pruners) on djl-pytorch. */
class DjlScorePrunerContractTest extends ScorePrunerContract {
  @Override
  protected SparseBackend createBackend() {
    return new DjlPyTorchProvider().create(BackendOptions.defaults());
  }
}
