package dev.sparse4j.bench;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.backend.sparse.KernelChoices;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Inference throughput of {@code sparse-cpu} against {@code djl-pytorch}'s dense compute on the same masked
 * weights, alternated in one process, same thread count: images/s per batch size and their ratio, for MLP ×4 and ×16
 * at 90/95/98 % sparsity (uniform random masks) and ResNet-20 (1×28×28) at ERK-90 % and ERK-98 %. Prints the
 * per-layer kernel choice of the ResNet-20 ERK-90 % model.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -Dai.djl.offline=true -cp
 * "bench/target/classes:cli/target/cli-0.1.0-SNAPSHOT.jar"
 * dev.sparse4j.bench.SparseInferenceBenchmark [threads=2] [batches=1,32,128,512] [seconds=1.5]
 * [models=mlp4,mlp16,resnet20] [densities=…]} (densities replace the defaults, 0.10,0.05,0.02 for MLPs and
 * 0.10,0.02 for ResNet-20: e.g. {@code densities=0.5,0.3,0.2} finds the crossover). Run it with
 * {@code --add-modules jdk.incubator.vector}, or sparse-cpu measures its scalar kernels.
 */
public final class SparseInferenceBenchmark {
  private SparseInferenceBenchmark() {}

  /** A model and density to measure. */
  private record Config(String label, ModelSpec spec, String allocator, double density) {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("threads", "2");
    defaults.put("batches", "1,32,128,512");
    defaults.put("seconds", "1.5");
    defaults.put("models", "mlp4,mlp16,resnet20");
    defaults.put("densities", "");
    Map<String, String> kv = BenchArgs.parse(defaults, args);
    if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }
    BackendOptions options = new BackendOptions(Map.of("threads", kv.get("threads")));
    double seconds = Double.parseDouble(kv.get("seconds"));
    List<Integer> batches = new ArrayList<>();
    for (String b : kv.get("batches").split(",")) {
      batches.add(Integer.parseInt(b.trim()));
    }
    List<Config> configs = new ArrayList<>();
    List<String> models = List.of(kv.get("models").split(","));
    for (String m : models) {
      if (m.startsWith("mlp")) {
        int width = Integer.parseInt(m.substring(3));
        ModelSpec spec = Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10).withWidth(width));
        for (double d : BenchArgs.densities(kv.get("densities"), 0.10, 0.05, 0.02)) {
          configs.add(new Config("MLP ×" + width + " uniform " + pct(d), spec, "uniform", d));
        }
      } else {
        ModelSpec spec = Models.create(m, ModelOptions.of(new int[] {1, 28, 28}, 10));
        for (double d : BenchArgs.densities(kv.get("densities"), 0.10, 0.02)) {
          configs.add(new Config(m + " ERK " + pct(d), spec, "erk", d));
        }
      }
    }
    try (SparseBackend dense = Backends.create("djl-pytorch", options);
        SparseBackend sparse = Backends.create("sparse-cpu", options)) {
      System.out.printf(Locale.ROOT, "sparse-cpu %s vs djl-pytorch %s; Java %s; %d cores; %s s per measurement%n",
          sparse.versions(), dense.versions(), System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), kv.get("seconds"));
      System.out.printf(Locale.ROOT, "%-28s %6s %16s %16s %8s %10s%n", "model", "batch", "djl-pytorch img/s",
          "sparse-cpu img/s", "ratio", "rel. Δ");
      boolean shown = false;
      for (Config c : configs) {
        MaskSet masks = new RandomPruner().prune(c.spec(), Allocators.get(c.allocator()).allocate(c.spec().prunable(),
            Density.of(c.density())), PruneContext.ofSeed(1));
        try (SparseModel d = dense.build(c.spec(), 1); SparseModel s = sparse.build(c.spec(), 1)) {
          d.applyMasks(masks);
          s.loadState(d.state());
          s.applyMasks(masks);
          for (int batch : batches) {
            float[] x = inputs(batch * c.spec().inputSize());
            double delta = maxDifference(d.logits(x, batch), s.logits(x, batch));
            double[] rates = alternate(d, s, x, batch, seconds);
            System.out.printf(Locale.ROOT, "%-28s %6d %16.0f %16.0f %8.2f %10.1e%n", c.label(), batch, rates[0],
                rates[1], rates[1] / rates[0], delta);
          }
          if (!shown && c.spec().name().startsWith("resnet") && c.density() == 0.10) {
            System.out.println("  kernel per layer (" + c.label() + "):");
            KernelChoices.of(s).forEach(k -> System.out.println("    " + k));
            shown = true;
          }
        }
      }
    }
  }

  /**
   * Images/s of a and b, measured alternately in blocks of about a quarter second until {@code seconds} each, after
   * a warm-up block each (the JIT must compile the Vector API kernels before they are fast). Blocks, not single calls: PyTorch's OpenMP threads keep spinning for a while after each
   * call, and would steal the cores from whatever runs right after them.
   */
  private static double[] alternate(SparseModel a, SparseModel b, float[] x, int batch, double seconds) {
    long[] ta = new long[1];
    long[] tb = new long[1];
    int[] na = new int[1];
    int[] nb = new int[1];
    long block = (long) (Math.min(0.25, seconds / 2) * 1e9);
    runFor(a, x, batch, block, ta, na);
    runFor(b, x, batch, block, tb, nb);
    ta[0] = 0;
    tb[0] = 0;
    na[0] = 0;
    nb[0] = 0;
    while (ta[0] < seconds * 1e9 || tb[0] < seconds * 1e9) {
      runFor(a, x, batch, block, ta, na);
      runFor(b, x, batch, block, tb, nb);
    }
    return new double[] {na[0] * batch / (ta[0] / 1e9), nb[0] * batch / (tb[0] / 1e9)};
  }

  /** Calls {@code m} for about {@code nanos} (at least 3 calls), adding time and calls to the totals. */
  private static void runFor(SparseModel m, float[] x, int batch, long nanos, long[] time, int[] calls) {
    long t0 = System.nanoTime();
    long t = t0;
    int n = 0;
    while (t - t0 < nanos || n < 3) {
      m.logits(x, batch);
      t = System.nanoTime();
      n++;
    }
    time[0] += t - t0;
    calls[0] += n;
  }

  /**
   * The largest difference of two backends' logits on the measured batch, relative to the largest logit of
   * {@code a}: a fast wrong answer is no result.
   */
  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(a[i]));
    }
    return scale == 0 ? max : max / scale;
  }

  private static float[] inputs(int n) {
    SplittableRandom r = new SplittableRandom(3);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }

  private static String pct(double density) {
    return Math.round((1 - density) * 100) + " %";
  }
}
