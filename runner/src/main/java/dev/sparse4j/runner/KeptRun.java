package dev.sparse4j.runner;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.MaskCounts;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.prune.dst.KeptTopology;
import dev.sparse4j.prune.dst.TopologyUpdaters;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.RunConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run whose backend holds kept entries only ({@code --kept-entries}, or a model too large to be dense on a backend
 * with {@link Capability#KEPT_ENTRIES}): the plan comes from shapes, the random pruner draws the masks in O(kept)
 * memory, the model is built from them ({@code SparseBackend.buildKept}), and the run writes its masked weights as
 * SciPy CSR files. {@link #check} refuses, before any data is read, what needs a dense model.
 */
final class KeptRun {
  private final DensityPlan plan;
  private final RandomPruner pruner;
  private final long seed;
  private KeptMaskSet masks;

  private KeptRun(DensityPlan plan, RandomPruner pruner, long seed) {
    this.plan = plan;
    this.pruner = pruner;
    this.seed = seed;
  }

  /**
   * Checks that the run can hold kept entries only and that they fit the heap.
   *
   * @param shapePlan the allocator's plan from shapes, or {@code null} if it needs the built model
   * @throws RunException naming what needs a dense model and what to use instead
   */
  static KeptRun check(RunConfig config, TrainingRun.Options options, SparseBackendProvider provider,
      ModelSpec probe, DensityPlan shapePlan, Pruner pruner, String what, long maxHeap) {
    String why = options.keptEntries() ? "--kept-entries" : "holding only kept entries (the dense model does not fit)";
    if (!provider.capabilities().contains(Capability.KEPT_ENTRIES)) {
      List<String> with = Backends.idsWith(Capability.KEPT_ENTRIES);
      throw new RunException(why + " needs a backend with the KEPT_ENTRIES capability; backend " + provider.id()
          + " holds dense tensors" + (with.isEmpty() ? "" : " (use --backend " + String.join(" or ", with) + ")"));
    }
    if (config.dense()) {
      throw new RunException(why + " needs a sparse run: give --sparsity above 0 and an allocator other than dense");
    }
    if (!(pruner instanceof RandomPruner random) || random.mode() != RandomPruner.Mode.EXACT) {
      throw new RunException(why + ": pruner '" + pruner.name() + "' with " + Format.map(pruner.config())
          + " needs the dense model; only --pruner random (mode=exact) draws masks from shapes");
    }
    if (shapePlan == null) {
      throw new RunException(why + ": allocator '" + config.allocator() + "' plans on the built model; use one that"
          + " plans from shapes (erk, er, uniform, uniform-plus, erk-plus, custom)");
    }
    if (config.topology() != null && !KeptTopology.supports(TopologyUpdaters.get(config.topology().updater(),
        config.topology().options()))) {
      throw new RunException(why + ": dynamic sparse training with --dst " + config.dstName() + " needs bitmaps or "
          + "dense gradients; on kept entries use --dst set");
    }
    try {
      ModelSize.checkKept(probe, counts(shapePlan), what, maxHeap);
    } catch (IllegalStateException tooManyInOneLayer) {
      throw new RunException(what + ": " + tooManyInOneLayer.getMessage(), tooManyInOneLayer);
    }
    return new KeptRun(shapePlan, random, config.seed());
  }

  /** Draws the masks (once) and says so; the pruning record for the report. */
  RunPruning prune(RunOutput output, String label) {
    long t = System.nanoTime();
    output.progress(label + "drawing " + Format.count(plan.totalKept()) + " kept weights of "
        + Format.count(plan.totalParams()) + " at random (kept entries only, no dense mask)");
    masks = pruner.keptMasks(plan, seed);
    return new RunPruning(plan, MaskSet.empty(), List.of(), List.of(), (System.nanoTime() - t) / 1e9);
  }

  /** The masks {@link #prune} drew. */
  KeptMaskSet masks() {
    if (masks == null) {
      throw new IllegalStateException("prune() first");
    }
    return masks;
  }

  /** The kept counts a plan gives, without drawing anything. */
  static MaskCounts counts(DensityPlan plan) {
    Map<String, Long> kept = new LinkedHashMap<>();
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (LayerDensity l : plan.layers()) {
      kept.put(l.name(), (long) l.keptCount());
      sizes.put(l.name(), l.param().size());
    }
    return new MaskCounts() {
      @Override
      public int size() {
        return kept.size();
      }

      @Override
      public boolean contains(String name) {
        return kept.containsKey(name);
      }

      @Override
      public long kept(String name) {
        return kept.get(name);
      }

      @Override
      public long numel() {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
      }

      @Override
      public long kept() {
        return kept.values().stream().mapToLong(Long::longValue).sum();
      }

      @Override
      public Map<String, Double> densities() {
        Map<String, Double> d = new LinkedHashMap<>();
        kept.forEach((k, v) -> d.put(k, (double) v / sizes.get(k)));
        return d;
      }
    };
  }
}
