package dev.sparse4j.bench;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.StepResult;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training-step time of a masked (static sparse) model against the same model dense, on one backend, measured
 * alternately in one process: after a warm-up, steps run dense, masked, dense, masked, … so that both variants see
 * the same machine load, JIT state and thermal state. Prints median, 10th and 90th percentile of the step time,
 * steps/s and images/s for each variant, and the masked/dense ratio of the medians (the project's goal for
 * ResNet-20 is ≤ 1.03).
 *
 * <p>Both models are built from the same spec and seed (identical initial weights); the masked one gets random
 * exact-count masks from the {@code erk} plan at the given density (default 0.1, i.e. 90 % sparsity). Both train
 * with the paper's SGD (momentum 0.9, Nesterov, weight decay 5e-4) at learning rate 0.1. The inputs are one batch of
 * seeded uniform random pixels with random labels, reused every step: dense kernels do the same work whatever the
 * values, so the step time does not depend on the data (the losses are printed only to show that nothing diverged).
 * A step is timed around {@link SparseModel#trainStep} as a user calls it: copying the batch in, forward, backward,
 * optimizer update and masking.
 *
 * <p>Usage ({@code key=value} arguments, all optional):
 * {@code java -Dai.djl.offline=true -cp bench/target/benchmarks.jar dev.sparse4j.bench.TrainStepBenchmark
 * [backend=djl-pytorch] [models=resnet20,mlp] [input=1x28x28] [batch=128] [pairs=30] [warmup=5] [density=0.1]
 * [allocator=erk] [seed=42] [threads=<n>]}
 */
public final class TrainStepBenchmark {
  private static final double LEARNING_RATE = 0.1;
  private static final int NUM_CLASSES = 10;
  private static final String CUDA_LOG = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

  private TrainStepBenchmark() {}

  /** Settings from the command line. */
  record Settings(String backend, List<String> models, int[] input, int batch, int pairs, int warmup, double density,
      String allocator, long seed, String threads) {

    static Settings parse(String[] args) {
      Map<String, String> defaults = new LinkedHashMap<>();
      defaults.put("backend", "djl-pytorch");
      defaults.put("models", "resnet20,mlp");
      defaults.put("input", "1x28x28");
      defaults.put("batch", "128");
      defaults.put("pairs", "30");
      defaults.put("warmup", "5");
      defaults.put("density", "0.1");
      defaults.put("allocator", "erk");
      defaults.put("seed", "42");
      defaults.put("threads", "");
      Map<String, String> kv = BenchArgs.parse(defaults, args);
      Settings s = new Settings(kv.get("backend"), List.of(kv.get("models").split(",")),
          Models.parseShape(kv.get("input")), Integer.parseInt(kv.get("batch")), Integer.parseInt(kv.get("pairs")),
          Integer.parseInt(kv.get("warmup")), Double.parseDouble(kv.get("density")), kv.get("allocator"),
          Long.parseLong(kv.get("seed")), kv.get("threads"));
      if (s.batch < 1 || s.pairs < 1 || s.warmup < 0) {
        throw new IllegalArgumentException("batch and pairs must be ≥ 1 and warmup ≥ 0, got batch=" + s.batch
            + " pairs=" + s.pairs + " warmup=" + s.warmup);
      }
      return s;
    }
  }

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) {
    // DJL warns twice about a CUDA runtime without a driver on CPU-only machines; it says nothing about this run.
    if (System.getProperty(CUDA_LOG) == null) {
      System.setProperty(CUDA_LOG, "error");
    }
    Settings s = Settings.parse(args);
    BackendOptions options = s.threads().isEmpty()
        ? BackendOptions.defaults()
        : new BackendOptions(Map.of("threads", s.threads()));
    try (SparseBackend backend = Backends.create(s.backend(), options)) {
      System.out.printf(Locale.ROOT, "backend %s %s; Java %s; %d cores; batch %d; %d timed pairs after %d warm-up "
              + "pairs (dense, masked, dense, masked, ...); masks: %s density %.3f, random exact; SGD lr %.2f, "
              + "momentum 0.9 Nesterov, wd 5e-4; synthetic random inputs%n",
          backend.id(), backend.versions(), System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), s.batch(), s.pairs(), s.warmup(), s.allocator(), s.density(),
          LEARNING_RATE);
      for (String name : s.models()) {
        ModelSpec spec = Models.create(name.trim(), ModelOptions.of(s.input(), NUM_CLASSES));
        run(backend, spec, s);
      }
    }
  }

  private static void run(SparseBackend backend, ModelSpec spec, Settings s) {
    DensityPlan plan = Allocators.get(s.allocator()).allocate(spec.prunable(), Density.of(s.density()));
    MaskSet masks = new RandomPruner().prune(spec, plan, PruneContext.ofSeed(s.seed()));
    SplittableRandom rng = new SplittableRandom(s.seed());
    float[] x = new float[s.batch() * spec.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    int[] y = new int[s.batch()];
    for (int i = 0; i < y.length; i++) {
      y[i] = rng.nextInt(NUM_CLASSES);
    }
    double[] denseMs = new double[s.pairs()];
    double[] maskedMs = new double[s.pairs()];
    StepResult lastDense;
    StepResult lastMasked;
    try (SparseModel dense = backend.build(spec, s.seed()); SparseModel masked = backend.build(spec, s.seed())) {
      masked.applyMasks(masks);
      dense.setOptimizer(OptimizerConfig.paperSgd());
      masked.setOptimizer(OptimizerConfig.paperSgd());
      for (int i = 0; i < s.warmup(); i++) {
        dense.trainStep(x, y, s.batch(), LEARNING_RATE);
        masked.trainStep(x, y, s.batch(), LEARNING_RATE);
      }
      lastDense = null;
      lastMasked = null;
      for (int i = 0; i < s.pairs(); i++) {
        long t0 = System.nanoTime();
        lastDense = dense.trainStep(x, y, s.batch(), LEARNING_RATE);
        long t1 = System.nanoTime();
        lastMasked = masked.trainStep(x, y, s.batch(), LEARNING_RATE);
        long t2 = System.nanoTime();
        denseMs[i] = (t1 - t0) / 1e6;
        maskedMs[i] = (t2 - t1) / 1e6;
      }
    }
    double[] ratios = new double[s.pairs()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = maskedMs[i] / denseMs[i];
    }
    StepStats d = StepStats.of(denseMs);
    StepStats m = StepStats.of(maskedMs);
    System.out.printf(Locale.ROOT, "%n%s, input %s, %,d parameters, %,d prunable; masked density %.4f (%,d kept)%n",
        spec.name(), ParamSpec.shapeString(spec.inputShape()), spec.parameterCount(), spec.prunableCount(),
        masks.density(), masks.kept());
    System.out.printf(Locale.ROOT, "%-8s %10s %10s %10s %10s %10s %12s %12s%n", "variant", "median ms", "p10 ms",
        "p90 ms", "mean ms", "steps/s", "images/s", "last loss");
    row("dense", d, s.batch(), lastDense);
    row("masked", m, s.batch(), lastMasked);
    double ratio = m.median() / d.median();
    System.out.printf(Locale.ROOT, "masked/dense ratio of medians: %.3f (median of per-pair ratios %.3f); "
        + "goal <= 1.03: %s%n", ratio, StepStats.of(ratios).median(), ratio <= 1.03 ? "met" : "NOT met");
  }

  private static void row(String variant, StepStats st, int batch, StepResult last) {
    double stepsPerSecond = 1000 / st.median();
    System.out.printf(Locale.ROOT, "%-8s %10.2f %10.2f %10.2f %10.2f %10.2f %12.1f %12.4f%n", variant, st.median(),
        st.p10(), st.p90(), st.mean(), stepsPerSecond, stepsPerSecond * batch, last.loss());
  }
}
