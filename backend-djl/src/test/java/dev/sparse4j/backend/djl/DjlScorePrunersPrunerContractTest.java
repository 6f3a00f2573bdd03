package dev.sparse4j.backend.djl;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.prune.GraspPruner;
import dev.sparse4j.api.prune.ModelView;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.api.prune.Pruner;
import dev.sparse4j.api.prune.SnipPruner;
import dev.sparse4j.api.prune.SynflowPruner;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.tck.BackendData;
import dev.sparse4j.tck.BackendSpecs;
import dev.sparse4j.tck.PrunerContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The data-driven and data-free score pruners on a residual model built by djl-pytorch, against the contract. */
class DjlScorePrunersPrunerContractTest {
  private static final ModelSpec SPEC = BackendSpecs.tinyResidual();
  private static final Dataset DATA = new Dataset("contract", BackendData.inputs(48 * SPEC.inputSize(), 1),
      BackendData.labels(48, SPEC.numClasses(), 1), SPEC.inputShape(), SPEC.numClasses());

  /** A contract subclass holding one backend and model per test. */
  abstract static class OnDjl extends PrunerContract {
    private SparseBackend backend;
    private SparseModel model;

    @Override
    protected ModelView model() {
      if (model == null) {
        backend = new DjlPyTorchProvider().create(BackendOptions.defaults());
        model = backend.build(SPEC, 5);
      }
      return model;
    }

    @Override
    protected PruneContext context(long seed) {
      return PruneContext.ofSeed(seed).withData(DATA);
    }

    @Override
    protected boolean followsPlanPerLayer() {
      return false;
    }

    @AfterEach
    void close() {
      if (backend != null) {
        backend.close();
      }
    }
  }

  @Nested
  class Snip extends OnDjl {
    @Override
    protected Pruner pruner() {
      return new SnipPruner();
    }

    @Override
    protected Map<String, String> options() {
      return Map.of("batch-size", "16");
    }
  }

  @Nested
  class Grasp extends OnDjl {
    @Override
    protected Pruner pruner() {
      return new GraspPruner();
    }

    @Override
    protected Map<String, String> options() {
      return Map.of("batch-size", "16");
    }
  }

  @Nested
  class Synflow extends OnDjl {
    @Override
    protected Pruner pruner() {
      return new SynflowPruner();
    }

    @Override
    protected Map<String, String> options() {
      return Map.of("rounds", "5");
    }

    @Override
    protected boolean seedDependent() {
      return false; // data-free and continuous scores: the seed only breaks exact ties
    }
  }
}
