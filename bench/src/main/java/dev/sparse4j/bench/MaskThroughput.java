package dev.sparse4j.bench;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.RandomPruner;
import java.util.List;
import java.util.Locale;

/**
 * A quick, JMH-free timing of random-mask generation: warms up, then times {@code reps} full prunes of ResNet-20
 * ×{@code k} (uniform plan) and prints weights per second for exact and Bernoulli masks, single-threaded, plus
 * exact with the pruner's parallel layer drawing.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.sparse4j.bench.MaskThroughput [reps=20] [k=3]}
 */
public final class MaskThroughput {
  private MaskThroughput() {}

  /** Runs the timing; see the class comment for arguments. */
  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int k = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<ParamSpec> layers = BenchLayers.resNet20(k);
    long n = BenchLayers.total(layers);
    ModelView view = ModelView.of(layers);
    System.out.printf(Locale.ROOT, "ResNet-20 x%d: %d weights in %d tensors; %d reps after %d warm-up reps; "
            + "Java %s, %d cores%n", k, n, layers.size(), reps, Math.max(5, reps / 2),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-10s %-8s %-9s %14s %12s%n", "mode", "density", "threads", "weights/s",
        "ms/prune");
    for (String mode : new String[] {"exact", "bernoulli"}) {
      for (double d : new double[] {0.1, 0.5}) {
        time(view, layers, n, reps, RandomPruner.Mode.valueOf(mode.toUpperCase(Locale.ROOT)), false, d);
      }
    }
    time(view, layers, n, reps, RandomPruner.Mode.EXACT, true, 0.1);
    time(view, layers, n, reps, RandomPruner.Mode.EXACT, true, 0.5);
  }

  private static void time(ModelView view, List<ParamSpec> layers, long n, int reps, RandomPruner.Mode mode,
      boolean parallel, double density) {
    DensityPlan plan = Allocators.get("uniform").allocate(layers, Density.of(density));
    RandomPruner pruner = new RandomPruner(mode, parallel);
    long checksum = 0;
    long seed = 0;
    for (int i = 0; i < Math.max(5, reps / 2); i++) {
      checksum += pruner.prune(view, plan, PruneContext.ofSeed(seed++)).kept();
    }
    long start = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      checksum += pruner.prune(view, plan, PruneContext.ofSeed(seed++)).kept();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%-10s %-8.2f %-9s %14.3e %12.2f   (checksum %d)%n",
        mode.name().toLowerCase(Locale.ROOT), density, parallel ? "parallel" : "1", reps * n / seconds,
        seconds * 1000 / reps, checksum);
  }
}
