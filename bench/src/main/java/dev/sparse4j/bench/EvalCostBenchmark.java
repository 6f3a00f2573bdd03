package dev.sparse4j.bench;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.runner.EvalSettings;
import dev.sparse4j.runner.RunEvaluation;
import dev.sparse4j.runner.RunOutput;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * What the full evaluation of a run costs against the passes it fundamentally needs: the CLI's evaluation (accuracy
 * and calibration, OOD with msp/maxLogit/energy and ODIN, FGSM and PGD-10 at the default radii on the first 2,000
 * test images) is timed as a whole, and the same work is priced from the model's own per-image cost of an
 * evaluation forward pass (batch 500) and of an input gradient plus a forward pass (batch 128):
 * {@code (N + M)·fwd} for the logits, {@code (N + M)·(grad + fwd)} for ODIN, and per radius
 * {@code R·(grad + fwd)} for FGSM and {@code R·(10·grad + fwd)} for PGD, plus one clean pass of {@code R}. The ratio
 * says how much the evaluation costs beyond that. Synthetic inputs (random pixels), a freshly initialised model.
 *
 * <p>Arguments ({@code key=value}): {@code model=resnet20}, {@code test=10000}, {@code ood=10000},
 * {@code robustness=2000}, {@code threads=2}, {@code seed=42}. Run alone, with the CLI's class path:
 * {@code java -Dai.djl.offline=true -cp "bench/target/classes:cli/target/cli-<version>.jar"
 * dev.sparse4j.bench.EvalCostBenchmark}.
 */
public final class EvalCostBenchmark {
  private EvalCostBenchmark() {}

  /** Runs the measurement; see the class comment. */
  public static void main(String[] args) {
    Map<String, String> kv = BenchArgs.parse(Map.of("model", "resnet20", "test", "10000", "ood", "10000",
        "robustness", "2000", "threads", "2", "seed", "42"), args);
    int n = Integer.parseInt(kv.get("test"));
    int m = Integer.parseInt(kv.get("ood"));
    int r = Math.min(n, Integer.parseInt(kv.get("robustness")));
    long seed = Long.parseLong(kv.get("seed"));
    ModelSpec spec = Models.create(kv.get("model"), ModelOptions.of(new int[] {1, 28, 28}, 10));
    Dataset test = synthetic("test", n, seed);
    Dataset ood = synthetic("ood", m, seed + 1);
    EvalSettings settings = EvalSettings.defaults(500);
    try (SparseBackend backend = Backends.create("djl-pytorch", new BackendOptions(Map.of("threads",
        kv.get("threads")))); SparseModel model = backend.build(spec, seed)) {
      // Warm up, then the per-image prices.
      model.logits(Arrays.copyOf(test.pixels(), 500 * 784), 500);
      double fwd500 = perImage(() -> model.logits(Arrays.copyOf(test.pixels(), 500 * 784), 500), 500);
      float[] x128 = Arrays.copyOf(test.pixels(), 128 * 784);
      int[] y128 = Arrays.copyOf(test.labels(), 128);
      double grad128 = perImage(() -> model.inputGradient(x128, y128, 128, 1.0), 128);
      double fwd128 = perImage(() -> model.logits(x128, 128), 128);

      long t0 = System.nanoTime();
      RunEvaluation.Result res = RunEvaluation.evaluate(model, test, Map.of("ood", ood), settings, seed,
          RunOutput.logging(), "");
      double total = (System.nanoTime() - t0) / 1e9;

      int radii = settings.eps().size();
      int pgdSteps = settings.pgdSteps();
      double logits = (n + m) * fwd500;
      double odin = (n + m) * (grad128 + fwd128);
      double attacks = r * fwd128 + radii * r * ((grad128 + fwd128) + (pgdSteps * grad128 + fwd128));
      double fundamental = logits + odin + attacks;
      System.out.printf(Locale.ROOT, "%s, %d test + %d OOD images, attacks on %d at %d radii (FGSM, PGD-%d); "
              + "per image: forward %.3f ms (batch 500), forward %.3f ms and input gradient %.3f ms (batch 128)%n",
          spec.name(), n, m, r, radii, pgdSteps, fwd500 * 1e3, fwd128 * 1e3, grad128 * 1e3);
      System.out.printf(Locale.ROOT, "%-22s %10s %14s %8s%n", "part", "measured s", "fundamental s", "ratio");
      row("logits + calibration", res.evaluation().seconds() - res.odinSeconds(), logits);
      row("ODIN", res.odinSeconds(), odin);
      row("FGSM + PGD", res.robustnessSeconds(), attacks);
      row("whole evaluation", total, fundamental);
    }
  }

  private static void row(String part, double measured, double fundamental) {
    System.out.printf(Locale.ROOT, "%-22s %10.2f %14.2f %8.2f%n", part, measured, fundamental,
        measured / fundamental);
  }

  /** Seconds per image of {@code pass} over {@code images} images (median of 5). */
  private static double perImage(Runnable pass, int images) {
    double[] t = new double[5];
    for (int i = 0; i < t.length; i++) {
      long s = System.nanoTime();
      pass.run();
      t[i] = (System.nanoTime() - s) / 1e9 / images;
    }
    Arrays.sort(t);
    return t[2];
  }

  private static Dataset synthetic(String name, int n, long seed) {
    RandomBatch b = RandomBatch.of(784, n, 10, seed);
    return new Dataset(name, b.inputs(), b.labels(), new int[] {1, 28, 28}, 10);
  }
}
