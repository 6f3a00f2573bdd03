package dev.sparse4j.backend.sparse.internal;

import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseBackend;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code sparse-cpu} backends: a thread pool of its own, the dense-kernel threshold and the kernel family
 * (option {@code kernels}: {@code auto}, {@code vector}, {@code scalar}).
 */
public final class SparseCpuRuntime {
  /** Option keys this backend reads. */
  public static final Set<String> OPTIONS = Set.of("threads", "dense-threshold", "kernels", "device");
  /**
   * Under {@code kernels=auto}, the smallest batch that runs the vector kernels: {@link #VECTOR_MIN_BATCH_DENSE} for a
   * model without convolutions, {@link #VECTOR_MIN_BATCH_CONV} with them. Below it the example-major family runs
   * each example on a thread of its own, with vectors along the rows of its stride-1 convolutions; above it the
   * vector of examples is full enough to win. Measured on 2 threads (MLP ×4/×16, ResNet-20 at 90 and 98 %
   * sparsity): vector/example-major 0.81–0.94 at batch 2, 1.05–1.77 at batch 4 for the MLPs; 0.84–0.85 at batch 4,
   * 1.39–1.46 at batch 8 for ResNet-20.
   */
  static final int AUTO = 0;
  /** See {@link #AUTO}. */
  public static final int VECTOR_MIN_BATCH_DENSE = 4;
  /** See {@link #AUTO}. */
  public static final int VECTOR_MIN_BATCH_CONV = 8;

  /** The system property read when option {@code kernels} is not given (CLI users set it through JAVA_OPTS). */
  public static final String KERNELS_PROPERTY = "sparse4j.sparse-cpu.kernels";

  private static final Logger LOG = LoggerFactory.getLogger(SparseCpuRuntime.class);

  private SparseCpuRuntime() {}

  /**
   * The kernels this JVM can run, for {@code sparse4j backends}: {@code vector (16 lanes)} or {@code scalar} with
   * the JVM option that would enable the vector ones.
   */
  public static String availableKernels() {
    return VectorSupport.available() ? "vector (" + VectorSupport.lanes() + " lanes)"
        : "scalar (start the JVM with " + VectorSupport.JVM_OPTION + " for the vector kernels)";
  }

  /**
   * @throws IllegalArgumentException for an unknown option or a bad value
   */
  public static SparseBackend create(String id, BackendOptions options, Set<Capability> capabilities) {
    options.requireKnownKeys(id, OPTIONS);
    int threads = options.get("threads").map(v -> BackendOptions.positiveInt(v, "option threads", id))
        .orElse(Runtime.getRuntime().availableProcessors());
    options.requireCpuDevice(id, "pure Java");
    // NaN: each kernel family's measured thresholds (see InferencePlan).
    double threshold = Double.NaN;
    String t = options.get("dense-threshold").orElse(null);
    if (t != null) {
      try {
        threshold = Double.parseDouble(t.trim());
      } catch (NumberFormatException e) {
        threshold = Double.NaN;
      }
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("option dense-threshold of backend " + id + " must be a density in "
            + "[0, 1] (layers at or above it run dense kernels), got '" + t + "'");
      }
    }
    int vectorMinBatch = vectorMinBatch(id, options);
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("java", System.getProperty("java.version"));
    versions.put("threads", Integer.toString(threads));
    versions.put("dense-threshold", Double.isNaN(threshold) ? "default" : Double.toString(threshold));
    versions.put("kernels", vectorMinBatch == Integer.MAX_VALUE ? "scalar"
        : "vector (" + VectorSupport.lanes() + " lanes, from batch " + (vectorMinBatch == AUTO
            ? VECTOR_MIN_BATCH_DENSE + ", " + VECTOR_MIN_BATCH_CONV + " with convolutions" : vectorMinBatch) + ")");
    ForkJoinPool pool = threads == 1 ? null : new ForkJoinPool(threads);
    double dense = threshold;
    return new AbstractSparseBackend(id, capabilities, versions) {
      @Override
      protected SparseModel newModel(ModelSpec spec, long seed, Runnable onClose) {
        return new SparseCpuModel(id, capabilities, spec, seed, pool, dense, vectorMinBatch, onClose);
      }

      @Override
      protected SparseModel newKeptModel(ModelSpec spec, long seed, KeptMaskSet masks, Runnable onClose) {
        return new SparseCpuModel(id, capabilities, spec, seed, masks, pool, dense, vectorMinBatch, onClose);
      }

      @Override
      protected void release() {
        if (pool != null) {
          pool.shutdown();
        }
      }
    };
  }

  /**
   * Option {@code kernels} (else system property {@value #KERNELS_PROPERTY}, else {@code auto}) as the smallest batch
   * that runs the vector kernels: {@link #AUTO} for the measured defaults, {@code Integer.MAX_VALUE} for none.
   */
  private static int vectorMinBatch(String id, BackendOptions options) {
    String kernels = options.get("kernels").map(String::trim).orElse(null);
    String source = "option kernels";
    if (kernels == null) {
      kernels = System.getProperty(KERNELS_PROPERTY, "auto").trim();
      source = "system property " + KERNELS_PROPERTY;
    }
    return switch (kernels) {
      case "auto" -> {
        if (VectorSupport.available()) {
          yield AUTO;
        }
        LOG.info("{}: jdk.incubator.vector is not available, so batches run the scalar kernels (several times "
            + "slower); start the JVM with {} for the vector kernels", id, VectorSupport.JVM_OPTION);
        yield Integer.MAX_VALUE;
      }
      case "vector" -> {
        if (!VectorSupport.available()) {
          throw new IllegalArgumentException("backend " + id + ": " + source + "=vector needs the Java Vector API, "
              + "which this JVM did not resolve: start it with " + VectorSupport.JVM_OPTION
              + " (the sparse4j launcher does so for sparse-cpu), or use kernels=auto or kernels=scalar");
        }
        yield 1;
      }
      case "scalar" -> Integer.MAX_VALUE;
      default -> throw new IllegalArgumentException("backend " + id + ": " + source + " must be auto (vector "
          + "kernels when the Vector API is available, for batches of " + VECTOR_MIN_BATCH_DENSE + " or more, "
          + VECTOR_MIN_BATCH_CONV + " with convolutions), vector or scalar, got '" + kernels + "'");
    };
  }
}
