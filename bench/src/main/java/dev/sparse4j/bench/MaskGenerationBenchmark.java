package dev.sparse4j.bench;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.RandomPruner;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Random-mask throughput of the {@code random} pruner on ResNet-20 ×3 (2,431,632 weights, uniform plan),
 * single-threaded. One operation is one weight, so JMH's {@code ops/s} is weights per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskGenerationBenchmark {

  /** Overall (and per-layer) density of the plan. */
  @Param({"0.1", "0.5"})
  public double density;

  /** {@code exact} or {@code bernoulli}. */
  @Param({"exact", "bernoulli"})
  public String mode;

  private ModelView view;
  private DensityPlan plan;
  private RandomPruner pruner;
  private long seed;

  /** Builds the plan once; the seed changes every call so no two masks are alike. */
  @Setup
  public void setUp() {
    List<ParamSpec> layers = BenchLayers.resNet20(3);
    if (BenchLayers.total(layers) != BenchLayers.RESNET20_X3_WEIGHTS) {
      throw new IllegalStateException("layer set changed; update @OperationsPerInvocation");
    }
    view = ModelView.of(layers);
    plan = Allocators.get("uniform").allocate(layers, Density.of(density));
    pruner = new RandomPruner(RandomPruner.Mode.valueOf(mode.toUpperCase(Locale.ROOT)), false);
  }

  /** Draws every mask of the plan. */
  @Benchmark
  @OperationsPerInvocation(BenchLayers.RESNET20_X3_WEIGHTS)
  public MaskSet randomMasks() {
    return pruner.prune(view, plan, PruneContext.ofSeed(seed++));
  }
}
