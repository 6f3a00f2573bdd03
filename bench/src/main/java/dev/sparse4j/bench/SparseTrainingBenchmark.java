package dev.sparse4j.bench;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.prune.alloc.Allocators;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training-step time of {@code sparse-cpu} (kept weights only: forward, backward and update walk the compressed
 * rows) against {@code djl-pytorch}'s masked dense step, on the same weights and ERK masks, alternated in blocks in
 * one process with the same thread count: ms per step and the ratio, per model and density. Before timing, one step
 * on each from the same state must give the same loss (a fast wrong answer is no result).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp bench/target/benchmarks.jar
 * dev.sparse4j.bench.SparseTrainingBenchmark [threads=2] [batch=128] [seconds=3] [models=mlp16,resnet20]
 * [densities=…]} (densities replace the defaults — 0.05 for MLPs, 0.10 for ResNet-20 —, e.g.
 * {@code densities=0.5,0.3,0.2,0.1,0.05} finds the crossover). Without {@code --add-modules jdk.incubator.vector}
 * sparse-cpu runs its scalar loops.
 */
public final class SparseTrainingBenchmark {
  private SparseTrainingBenchmark() {}

  private record Config(String label, ModelSpec spec, double density) {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("threads", "2");
    defaults.put("batch", "128");
    defaults.put("seconds", "3");
    defaults.put("models", "mlp16,resnet20");
    defaults.put("densities", "");
    Map<String, String> kv = BenchArgs.parse(defaults, args);
    if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }
    BackendOptions options = new BackendOptions(Map.of("threads", kv.get("threads")));
    int batch = Integer.parseInt(kv.get("batch"));
    double seconds = Double.parseDouble(kv.get("seconds"));
    List<Config> configs = new ArrayList<>();
    for (String m : kv.get("models").split(",")) {
      ModelSpec spec = m.startsWith("mlp")
          ? Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10).withWidth(Integer.parseInt(m.substring(3))))
          : Models.create(m, ModelOptions.of(new int[] {1, 28, 28}, 10));
      String name = m.startsWith("mlp") ? "MLP ×" + m.substring(3) : m;
      for (double d : BenchArgs.densities(kv.get("densities"), m.startsWith("mlp") ? 0.05 : 0.10)) {
        configs.add(new Config(name + " ERK " + Math.round((1 - d) * 100) + " %", spec, d));
      }
    }
    try (SparseBackend dense = Backends.create("djl-pytorch", options);
        SparseBackend sparse = Backends.create("sparse-cpu", options)) {
      System.out.printf(Locale.ROOT, "training step, batch %d: sparse-cpu %s vs djl-pytorch %s; Java %s; %d cores;"
          + " %s s per side%n", batch, sparse.versions(), dense.versions(), System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), kv.get("seconds"));
      System.out.printf(Locale.ROOT, "%-24s %18s %18s %8s %12s%n", "model", "djl-pytorch ms", "sparse-cpu ms",
          "speed-up", "loss Δ");
      for (Config c : configs) {
        MaskSet masks = new RandomPruner().prune(c.spec(), Allocators.get("erk").allocate(c.spec().prunable(),
            Density.of(c.density())), PruneContext.ofSeed(1));
        try (SparseModel d = dense.build(c.spec(), 1); SparseModel s = sparse.build(c.spec(), 1)) {
          for (SparseModel m : List.of(d, s)) {
            m.applyMasks(masks);
            m.setOptimizer(OptimizerConfig.paperSgd());
          }
          RandomBatch data = RandomBatch.of(c.spec().inputSize(), batch, c.spec().numClasses(), 3);
          float[] x = data.inputs();
          int[] y = data.labels();
          double lossDelta = Math.abs(d.trainStep(x, y, batch, 0.01, 5).loss() - s.trainStep(x, y, batch, 0.01, 5)
              .loss());
          double[] ms = alternate(d, s, x, y, batch, seconds);
          System.out.printf(Locale.ROOT, "%-24s %18.1f %18.1f %8.2f %12.1e%n", c.label(), ms[0], ms[1],
              ms[0] / ms[1], lossDelta);
        }
      }
    }
  }

  /** Median ms per step of a and b, alternating blocks of about half a second, after a warm-up block each. */
  private static double[] alternate(SparseModel a, SparseModel b, float[] x, int[] y, int batch, double seconds) {
    List<Double> ta = new ArrayList<>();
    List<Double> tb = new ArrayList<>();
    runFor(a, x, y, batch, 0.5, new ArrayList<>());
    runFor(b, x, y, batch, 0.5, new ArrayList<>());
    double spentA = 0;
    double spentB = 0;
    while (spentA < seconds || spentB < seconds) {
      spentA += runFor(a, x, y, batch, 0.5, ta);
      spentB += runFor(b, x, y, batch, 0.5, tb);
    }
    return new double[] {median(ta), median(tb)};
  }

  /** Steps for about {@code blockSeconds} (at least 2), adding each step's ms to {@code times}; returns seconds. */
  private static double runFor(SparseModel m, float[] x, int[] y, int batch, double blockSeconds,
      List<Double> times) {
    long t0 = System.nanoTime();
    long t = t0;
    int n = 0;
    while (t - t0 < blockSeconds * 1e9 || n < 2) {
      long s = System.nanoTime();
      m.trainStep(x, y, batch, 0.01, n);
      t = System.nanoTime();
      times.add((t - s) / 1e6);
      n++;
    }
    return (t - t0) / 1e9;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
