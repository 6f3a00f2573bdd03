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
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.prune.dst.TopologyEngine;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.prune.dst.TopologyUpdater.UpdateContext;
import dev.sparse4j.prune.dst.TopologyUpdaters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What dynamic sparse training adds to training time: in one process, on one model with ERK masks, it alternates
 * blocks of {@code steps} plain training steps with one SET and one RigL topology update (each followed by its own
 * steps so the masks keep moving), and prints the median step time, the median time of an update, and the overhead
 * of an update every {@code interval} steps: {@code update / (interval · step)}. The goal is ≤ 5 % at
 * {@code interval=100} on ResNet-20.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code backend=djl-pytorch}, {@code model=resnet20},
 * {@code width=1}, {@code density=0.1}, {@code batch=128}, {@code threads=2}, {@code interval=100},
 * {@code blocks=5}, {@code steps=4}, {@code warmup=3}, {@code input=3x32x32}, {@code seed=42}.
 */
public final class DstOverheadBenchmark {
  private DstOverheadBenchmark() {}

  static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("backend", "djl-pytorch");
    d.put("model", "resnet20");
    d.put("width", "1");
    d.put("density", "0.1");
    d.put("batch", "128");
    d.put("threads", "2");
    d.put("interval", "100");
    d.put("blocks", "5");
    d.put("steps", "4");
    d.put("warmup", "3");
    d.put("input", "3x32x32");
    d.put("seed", "42");
    return d;
  }

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) {
    Map<String, String> kv = BenchArgs.parse(defaults(), args);
    int batch = Integer.parseInt(kv.get("batch"));
    long seed = Long.parseLong(kv.get("seed"));
    int interval = Integer.parseInt(kv.get("interval"));
    ModelSpec spec = Models.create(kv.get("model"), ModelOptions.of(Models.parseShape(kv.get("input")), 10)
        .withWidth(Double.parseDouble(kv.get("width"))));
    RandomBatch data = RandomBatch.of(spec.inputSize(), batch, 10, seed);
    TopologyUpdater set = TopologyUpdaters.get("set");
    TopologyUpdater rigl = TopologyUpdaters.get("rigl");
    List<Double> steps = new ArrayList<>();
    List<Double> setUpdates = new ArrayList<>();
    List<Double> riglUpdates = new ArrayList<>();
    try (SparseBackend backend = Backends.create(kv.get("backend"),
        new BackendOptions(Map.of("threads", kv.get("threads"))));
        SparseModel m = backend.build(spec, seed)) {
      MaskSet masks = Pruners.get("random").prune(spec, Allocators.get("erk").allocate(spec.prunable(),
          Density.of(Double.parseDouble(kv.get("density")))), PruneContext.ofSeed(seed));
      m.applyMasks(masks);
      m.setOptimizer(OptimizerConfig.paperSgd());
      for (int i = 0; i < Integer.parseInt(kv.get("warmup")); i++) {
        m.trainStep(data.inputs(), data.labels(), batch, 0.1);
        update(m, i % 2 == 0 ? set : rigl, i, data, batch);
      }
      long step = 1000;
      for (int b = 0; b < Integer.parseInt(kv.get("blocks")); b++) {
        for (TopologyUpdater u : List.of(set, rigl)) {
          (u == set ? setUpdates : riglUpdates).add(update(m, u, step++, data, batch));
          for (int s = 0; s < Integer.parseInt(kv.get("steps")); s++) {
            long t0 = System.nanoTime();
            m.trainStep(data.inputs(), data.labels(), batch, 0.1);
            steps.add((System.nanoTime() - t0) / 1e6);
          }
        }
      }
    }
    double step = median(steps);
    System.out.printf(Locale.ROOT, "%s %s ×%s, ERK density %s, batch %d, %s thread(s), %s backend%n", kv.get("model"),
        kv.get("input"), kv.get("width"), kv.get("density"), batch, kv.get("threads"), kv.get("backend"));
    System.out.printf(Locale.ROOT, "training step: median %.1f ms over %d steps%n", step, steps.size());
    for (Map.Entry<String, List<Double>> e : Map.of("set", setUpdates, "rigl", riglUpdates).entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())).toList()) {
      double u = median(e.getValue());
      System.out.printf(Locale.ROOT, "%-4s update: median %.1f ms (%.2f steps); every %d steps: overhead %.2f %%%n",
          e.getKey(), u, u / step, interval, 100 * u / (interval * step));
    }
  }

  private static double median(List<Double> sample) {
    return StepStats.of(sample.stream().mapToDouble(Double::doubleValue).toArray()).median();
  }

  private static double update(SparseModel m, TopologyUpdater u, long step, RandomBatch data, int batch) {
    long t0 = System.nanoTime();
    TopologyEngine.update(m, u, new UpdateContext(u.name(), step, 0.3, 7), data.inputs(), data.labels(), batch);
    return (System.nanoTime() - t0) / 1e6;
  }
}
