package dev.sparse4j.backend.sparse;

import dev.sparse4j.api.Versions;
import dev.sparse4j.api.spi.AbstractBackendProvider;
import dev.sparse4j.api.spi.Availability;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.backend.sparse.internal.SparseCpuRuntime;
import java.util.Map;
import java.util.Set;

/**
 * Provider {@code sparse-cpu}: sparse networks in pure Java, no native code. It trains (TRAIN, INPUT_GRADIENTS,
 * PARAM_GRADIENTS) with every convolution and linear weight held as its kept entries only — compressed rows, with
 * gradients and optimizer state of the same length, feature-major activations, register-tiled direct convolutions
 * — and evaluates with compressed rows for sparse layers, dense kernels for layers kept (nearly) dense, batch-norm
 * folded into convolutions, ReLU and the residual addition fused. Evaluation batches of 4 or more (8 for a model
 * with convolutions) run vector kernels (the Java Vector API, {@code jdk.incubator.vector}, several examples per
 * vector, each chunk of examples through the whole network on one thread); smaller batches run a thread per
 * example, with vectors along the rows of its convolutions; a JVM without {@code --add-modules
 * jdk.incubator.vector} runs scalar loops throughout. Without DOUBLE_BACKWARD, GraSP uses finite differences.
 *
 * <p>Options: {@code threads} (default: the number of processors), {@code kernels} ({@code auto}, the default:
 * vector kernels from batch 4, or 8 with convolutions, when the Vector API is available; {@code vector}: always, failing without it;
 * {@code scalar}: never, in training too; without the option, system property {@code sparse4j.sparse-cpu.kernels}), {@code dense-threshold} (density at or above which a layer runs its dense kernel; default:
 * each family's measured value — 0.5 scalar; vector 0.75 for linear layers, 1 for convolutions), {@code device}
 * (only {@code cpu}).
 */
public final class SparseCpuProvider extends AbstractBackendProvider {
  /** This provider's id. */
  public static final String ID = "sparse-cpu";
  /** Maven coordinates of the module that holds it. */
  public static final String COORDINATES = Versions.coordinates("backend-sparse");

  /**
   * A cheap descriptor; used by {@link java.util.ServiceLoader}. Priority 10, the lowest: it pays off on sparse
   * networks (from about 75–85 % sparsity when training), so it is used only when asked for.
   */
  public SparseCpuProvider() {
    super(ID, 10, Set.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS,
        Capability.KEPT_ENTRIES), COORDINATES);
  }

  @Override
  public Availability availability() {
    return Availability.available("pure Java (no native library)");
  }

  @Override
  public Map<String, String> versions() {
    return Map.of("java", System.getProperty("java.version"), "kernels", SparseCpuRuntime.availableKernels());
  }

  @Override
  protected SparseBackend start(BackendOptions options) {
    return SparseCpuRuntime.create(ID, options, capabilities());
  }
}
