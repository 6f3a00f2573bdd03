package dev.sparse4j.backend.sparse.internal;

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

/** Makes {@code sparse-cpu} backends: a thread pool of its own and the dense-kernel threshold. */
public final class SparseCpuRuntime {
  /** Option keys this backend reads. */
  public static final Set<String> OPTIONS = Set.of("threads", "dense-threshold", "device");
  /**
   * Layers at or above this density run the dense loops (no index indirection). Measured with
   * {@code SparseInferenceBenchmark} on 2 cores: sparse rows win below it.
   */
  public static final double DEFAULT_DENSE_THRESHOLD = 0.5;

  private SparseCpuRuntime() {}

  /**
   * @throws IllegalArgumentException for an unknown option or a bad value
   */
  public static SparseBackend create(String id, BackendOptions options, Set<Capability> capabilities) {
    options.requireKnownKeys(id, OPTIONS);
    int threads = options.get("threads").map(v -> BackendOptions.positiveInt(v, "option threads", id))
        .orElse(Runtime.getRuntime().availableProcessors());
    options.requireCpuDevice(id, "pure Java");
    double threshold = DEFAULT_DENSE_THRESHOLD;
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
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("java", System.getProperty("java.version"));
    versions.put("threads", Integer.toString(threads));
    versions.put("dense-threshold", Double.toString(threshold));
    ForkJoinPool pool = threads == 1 ? null : new ForkJoinPool(threads);
    double dense = threshold;
    return new AbstractSparseBackend(id, capabilities, versions) {
      @Override
      protected SparseModel newModel(ModelSpec spec, long seed, Runnable onClose) {
        return new SparseCpuModel(id, capabilities, spec, seed, pool, dense, onClose);
      }

      @Override
      protected void release() {
        if (pool != null) {
          pool.shutdown();
        }
      }
    };
  }
}
