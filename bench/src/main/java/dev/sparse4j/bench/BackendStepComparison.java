package dev.sparse4j.bench;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same masked training step on several backends, alternated in one process (A, B, A, B, …) so every backend sees
 * the same machine load, and the ratio of each backend's median step time to the first backend's. Models are built
 * from one spec and seed (identical weights on every backend) with the same random {@code erk} masks, trained with
 * the paper's SGD on one batch of seeded random pixels; also the evaluation-mode forward pass (images/s).
 *
 * <p>Usage ({@code key=value}, all optional): {@code java -Dai.djl.offline=true -cp
 * "bench/target/classes:cli/target/cli-0.1.0-SNAPSHOT.jar" dev.sparse4j.bench.BackendStepComparison
 * [backends=djl-pytorch,nd4j] [models=resnet20,mlp] [input=1x28x28] [batch=128] [pairs=10] [warmup=3]
 * [density=0.1] [seed=42] [threads=<n>] [eval-batch=<batch>] [eval-passes=1]} (the CLI's class path holds every
 * backend). Each round times one step, then {@code eval-passes} evaluation passes of {@code eval-batch} images in a
 * row: one pass prices an evaluation between two steps, several a sustained evaluation with one state (as
 * {@code ModelEvaluator} runs them, 500 images a batch), where work a backend keeps from pass to pass pays off. A
 * backend entry may carry a system property for its creation, {@code id:property=value}, to compare one backend in
 * two settings, e.g. {@code backends=djl-pytorch,djl-pytorch:sparse4j.djl.strided-1x1=native}.
 *
 * <p>Compare two backends per run. With three engines in one process, each engine's idle worker threads (OpenMP,
 * Eigen) spin while another engine runs, and the backends steal each other's cores: {@code djl-pytorch}'s ResNet-20
 * step was 197–210 ms next to one other backend and 540–690 ms next to two (2 cores, 2026-11-30).
 */
public final class BackendStepComparison {
  private static final int NUM_CLASSES = 10;
  private static final double LEARNING_RATE = 0.1;

  private BackendStepComparison() {}

  /** Runs the comparison; see the class comment for the arguments. */
  public static void main(String[] args) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("backends", "djl-pytorch,nd4j");
    defaults.put("models", "resnet20,mlp");
    defaults.put("input", "1x28x28");
    defaults.put("batch", "128");
    defaults.put("pairs", "10");
    defaults.put("warmup", "3");
    defaults.put("density", "0.1");
    defaults.put("seed", "42");
    defaults.put("threads", "");
    defaults.put("eval-batch", "");
    defaults.put("eval-passes", "1");
    Map<String, String> kv = BenchArgs.parse(defaults, args);
    for (String quiet : List.of("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils",
        "org.slf4j.simpleLogger.log.org.nd4j.imports")) {
      if (System.getProperty(quiet) == null) {
        System.setProperty(quiet, "error");
      }
    }
    List<String> ids = List.of(kv.get("backends").split(","));
    BackendOptions options = kv.get("threads").isEmpty() ? BackendOptions.defaults()
        : new BackendOptions(Map.of("threads", kv.get("threads")));
    int batch = Integer.parseInt(kv.get("batch"));
    int evalBatch = kv.get("eval-batch").isEmpty() ? batch : Integer.parseInt(kv.get("eval-batch"));
    int evalPasses = Integer.parseInt(kv.get("eval-passes"));
    if (evalBatch < 1 || evalPasses < 1) {
      throw new IllegalArgumentException("eval-batch and eval-passes must be at least 1, got " + evalBatch + " and "
          + evalPasses);
    }
    int pairs = Integer.parseInt(kv.get("pairs"));
    int warmup = Integer.parseInt(kv.get("warmup"));
    long seed = Long.parseLong(kv.get("seed"));
    List<SparseBackend> backends = new ArrayList<>();
    try {
      for (String id : ids) {
        SparseBackend b = create(id.trim(), options);
        backends.add(b);
        System.out.printf(Locale.ROOT, "backend %s %s%n", b.id(), b.versions());
      }
      System.out.printf(Locale.ROOT, "Java %s; %d cores; batch %d; %d timed rounds after %d warm-up rounds; masks erk "
              + "density %s, random exact; SGD lr %.2f momentum 0.9 Nesterov wd 5e-4%n", System.getProperty(
              "java.version"), Runtime.getRuntime().availableProcessors(), batch, pairs, warmup, kv.get("density"),
          LEARNING_RATE);
      for (String name : kv.get("models").split(",")) {
        ModelSpec spec = Models.create(name.trim(), ModelOptions.of(Models.parseShape(kv.get("input")),
            NUM_CLASSES));
        compare(backends, ids, spec, batch, evalBatch, evalPasses, pairs, warmup,
            Double.parseDouble(kv.get("density")), seed);
      }
    } finally {
      backends.forEach(SparseBackend::close);
    }
  }

  /**
   * Creates backend {@code entry}: an id, optionally followed by {@code :property=value} — a system property set
   * while the backend is created and restored afterwards, so one backend can run in two settings side by side
   * (e.g. {@code djl-pytorch:sparse4j.djl.strided-1x1=native}).
   */
  private static SparseBackend create(String entry, BackendOptions options) {
    int colon = entry.indexOf(':');
    if (colon < 0) {
      return Backends.create(entry, options);
    }
    String[] kv = entry.substring(colon + 1).split("=", 2);
    if (kv.length != 2) {
      throw new IllegalArgumentException("backend entry '" + entry + "': expected id:property=value");
    }
    String before = System.getProperty(kv[0]);
    System.setProperty(kv[0], kv[1]);
    try {
      return Backends.create(entry.substring(0, colon), options);
    } finally {
      if (before == null) {
        System.clearProperty(kv[0]);
      } else {
        System.setProperty(kv[0], before);
      }
    }
  }

  private static void compare(List<SparseBackend> backends, List<String> labels, ModelSpec spec, int batch,
      int evalBatch, int evalPasses, int pairs, int warmup, double density, long seed) {
    DensityPlan plan = Allocators.get("erk").allocate(spec.prunable(), Density.of(density));
    MaskSet masks = new RandomPruner().prune(spec, plan, PruneContext.ofSeed(seed));
    RandomBatch data = RandomBatch.of(spec.inputSize(), batch, NUM_CLASSES, seed);
    float[] x = data.inputs();
    int[] y = data.labels();
    float[] evalX = evalBatch == batch ? x : RandomBatch.of(spec.inputSize(), evalBatch, NUM_CLASSES, seed + 1)
        .inputs();
    int n = backends.size();
    List<SparseModel> models = new ArrayList<>();
    double[][] stepMs = new double[n][pairs];
    double[][] forwardMs = new double[n][pairs];
    double[] lastLoss = new double[n];
    try {
      for (SparseBackend b : backends) {
        SparseModel m = b.build(spec, seed);
        m.applyMasks(masks);
        m.setOptimizer(OptimizerConfig.paperSgd());
        models.add(m);
      }
      for (int round = -warmup; round < pairs; round++) {
        for (int k = 0; k < n; k++) {
          SparseModel m = models.get(k);
          long t0 = System.nanoTime();
          lastLoss[k] = m.trainStep(x, y, batch, LEARNING_RATE).loss();
          long t1 = System.nanoTime();
          for (int p = 0; p < evalPasses; p++) {
            m.logits(evalX, evalBatch);
          }
          long t2 = System.nanoTime();
          if (round >= 0) {
            stepMs[k][round] = (t1 - t0) / 1e6;
            forwardMs[k][round] = (t2 - t1) / 1e6 / evalPasses;
          }
        }
      }
    } finally {
      models.forEach(SparseModel::close);
    }
    System.out.printf(Locale.ROOT, "%n%s, input %s, %,d parameters; masked density %.4f%n", spec.name(),
        java.util.Arrays.toString(spec.inputShape()), spec.parameterCount(), masks.density());
    String column = "%-" + Math.max(12, labels.stream().mapToInt(l -> l.trim().length()).max().orElse(0)) + "s";
    System.out.printf(Locale.ROOT, column + " %12s %10s %10s %12s %14s %14s %10s%n", "backend", "step ms", "p10", "p90",
        "step ratio", "forward ms", "eval images/s", "last loss");
    StepStats base = StepStats.of(stepMs[0]);
    for (int k = 0; k < n; k++) {
      StepStats s = StepStats.of(stepMs[k]);
      StepStats f = StepStats.of(forwardMs[k]);
      System.out.printf(Locale.ROOT, column + " %12.1f %10.1f %10.1f %12.2f %14.1f %14.0f %10.4f%n",
          labels.get(k).trim(), s.median(), s.p10(), s.p90(), s.median() / base.median(), f.median(),
          1000 * evalBatch / f.median(), lastLoss[k]);
    }
  }
}
