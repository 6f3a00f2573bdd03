package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.prune.GraspPruner;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.SnipPruner;
import dev.sparse4j.prune.SynflowPruner;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Everything a backend must pass, behind one entry point, so a new backend cannot forget a contract. A backend
 * module has exactly one subclass:
 *
 * <pre>{@code
 * class MyBackendTck extends BackendTck {
 *   protected SparseBackend createBackend() { return new MyProvider().create(BackendOptions.defaults()); }
 * }
 * }</pre>
 *
 * <p>It runs, as nested test classes: {@link ModelContract} (structure, forward pass against a double-precision
 * reference, seeded initialisation), {@link MaskContract} (masks and state round trips), {@link TrainingContract}
 * (optimizer maths, batch-norm in both modes, dropout), {@link GradientContract} (against finite differences),
 * {@link DynamicSparsityContract} (SET and RigL topology updates),
 * {@link BadInputContract},
 * {@link GoldenTrajectoryContract} (5 steps of SGD and Adam, dense and masked, against numbers recorded with real
 * PyTorch), {@link StridedConvolutionContract} (strided 1×1 convolutions against a float64 reference, the layer
 * a known oneDNN kernel fault hits), {@link ScorePrunerContract} (what score pruners need, and the pruners on the backend's numbers) and the
 * {@link PrunerContract} of SNIP, GraSP and SynFlow on a residual model built by the backend. Tests skip only by the
 * capabilities the backend declares.
 */
public abstract class BackendTck {
  /** Creates the backend under test; called before every test and closed after it. */
  protected abstract SparseBackend createBackend();

  /** {@link ModelContract} on this backend. */
  @Nested
  public class Model extends ModelContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** {@link MaskContract} on this backend. */
  @Nested
  public class Masks extends MaskContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** {@link TrainingContract} on this backend. */
  @Nested
  public class Training extends TrainingContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** {@link GradientContract} on this backend. */
  @Nested
  public class Gradients extends GradientContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** {@link DynamicSparsityContract} on this backend. */
  @Nested
  public class DynamicSparsity extends DynamicSparsityContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** {@link KeptEntriesContract} on this backend. */
  @Nested
  public class KeptEntries extends KeptEntriesContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** {@link BadInputContract} on this backend. */
  @Nested
  public class BadInput extends BadInputContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** {@link GoldenTrajectoryContract} on this backend. */
  @Nested
  public class GoldenTrajectory extends GoldenTrajectoryContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** {@link StridedConvolutionContract} on this backend. */
  @Nested
  public class StridedConvolution extends StridedConvolutionContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** {@link ScorePrunerContract} on this backend. */
  @Nested
  public class ScorePrunerSupport extends ScorePrunerContract {
    @Override
    protected SparseBackend createBackend() {
      return BackendTck.this.createBackend();
    }
  }

  /** The pruner contract of a score pruner on a residual model built by this backend (needs PARAM_GRADIENTS). */
  abstract class OnBackend extends PrunerContract {
    private final ModelSpec spec = BackendSpecs.tinyResidual();
    private SparseBackend backend;
    private SparseModel model;

    @Override
    protected ModelView model() {
      if (model == null) {
        backend = createBackend();
        assumeTrue(backend.capabilities().contains(Capability.PARAM_GRADIENTS),
            () -> "backend " + backend.id() + " lacks " + Capability.PARAM_GRADIENTS);
        model = backend.build(spec, 5);
      }
      return model;
    }

    @Override
    protected PruneContext context(long seed) {
      return PruneContext.ofSeed(seed).withData(new Dataset("contract", BackendData.inputs(48 * spec.inputSize(), 1),
          BackendData.labels(48, spec.numClasses(), 1), spec.inputShape(), spec.numClasses()));
    }

    @Override
    protected boolean followsPlanPerLayer() {
      return false;
    }

    @AfterEach
    void closeBackend() {
      if (backend != null) {
        backend.close();
      }
    }
  }

  /** SNIP's pruner contract on this backend. */
  @Nested
  public class SnipOnBackend extends OnBackend {
    @Override
    protected Pruner pruner() {
      return new SnipPruner();
    }

    @Override
    protected Map<String, String> options() {
      return Map.of("batch-size", "16");
    }
  }

  /** GraSP's pruner contract on this backend (exact or finite-difference Hessian products). */
  @Nested
  public class GraspOnBackend extends OnBackend {
    @Override
    protected Pruner pruner() {
      return new GraspPruner();
    }

    @Override
    protected Map<String, String> options() {
      return Map.of("batch-size", "16");
    }
  }

  /** SynFlow's pruner contract on this backend. */
  @Nested
  public class SynflowOnBackend extends OnBackend {
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
