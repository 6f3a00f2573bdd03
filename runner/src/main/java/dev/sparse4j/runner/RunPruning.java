package dev.sparse4j.runner;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import dev.sparse4j.io.MaskMetadata;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.ScorePruner;
import dev.sparse4j.prune.Sparsifier;
import dev.sparse4j.prune.alloc.PrunerRatioAllocator;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.ReportJson;
import dev.sparse4j.runner.report.RunConfig;
import java.util.List;
import java.util.Map;

/**
 * How a run's masks were made on its built model: the plan, the masks and what a score pruner's collapse guard did.
 * {@link #of} runs a {@link Sparsifier} with {@code PruneContext.ofSeed(seed).withData(train)} and says on
 * {@code err} what it is doing (scoring can take minutes).
 *
 * @param plan the per-layer densities (planned on the model for a ratio allocator)
 * @param masks the masks (empty for a dense run)
 * @param guardedLayers layers a score pruner kept one weight of to avoid layer collapse
 * @param collapsedLayers layers a score pruner left empty ({@code collapse=allow})
 * @param seconds time spent allocating and pruning
 */
record RunPruning(DensityPlan plan, MaskSet masks, List<String> guardedLayers, List<String> collapsedLayers,
    double seconds) {

  /**
   * Plans and prunes {@code model}; {@code pruner == null} is a dense run (a plan, no masks).
   *
   * @throws RunException when a user's pruner or backend fails without naming the missing capability
   */
  static RunPruning of(String label, RunOutput err, RunConfig config, DensityAllocator allocator, Pruner pruner,
      SparseModel model, Dataset trainUsed) {
    try {
      return prune(label, err, config, allocator, pruner, model, trainUsed);
    } catch (UnsupportedCapabilityException e) {
      throw e;
    } catch (UnsupportedOperationException e) {
      // A user's pruner or backend that does not name the capability: still one line, naming who failed.
      String who = allocator instanceof PrunerRatioAllocator r ? "allocator '" + r.name() + "'"
          : "pruner '" + (pruner == null ? "none" : pruner.name()) + "'";
      throw new RunException(who + " cannot score the model on backend '" + model.backendId() + "': "
          + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
    }
  }

  private static RunPruning prune(String label, RunOutput err, RunConfig config, DensityAllocator allocator,
      Pruner pruner, SparseModel model, Dataset trainUsed) {
    long t = System.nanoTime();
    PruneContext ctx = PruneContext.ofSeed(config.seed()).withData(trainUsed);
    Density target = config.dense() ? Density.DENSE : Density.of(config.density());
    if (allocator instanceof PrunerRatioAllocator r) {
      err.progress(label + "allocating with " + r.name() + ": scoring the initial weights with pruner "
          + r.pruner().name() + " (" + Format.map(r.pruner().config()) + ") …");
    }
    if (pruner == null) {
      DensityPlan plan = allocator.allocate(model, target, ctx);
      return new RunPruning(plan, MaskSet.empty(), List.of(), List.of(), (System.nanoTime() - t) / 1e9);
    }
    Sparsifier sparsifier = Sparsifier.of(allocator, pruner);
    DensityPlan plan = sparsifier.plan(model, target, ctx);
    if (pruner instanceof ScorePruner) {
      err.progress(label + "pruning with " + pruner.name() + " (" + Format.map(pruner.config()) + ") …");
    }
    Sparsifier.Result r = sparsifier.masks(model, plan, ctx);
    if (!r.guardedLayers().isEmpty()) {
      err.progress(label + "warning: " + pruner.name() + " would have removed every weight of "
          + String.join(", ", r.guardedLayers()) + "; each keeps its best-scored weight (collapse=guard)");
    }
    return new RunPruning(plan, r.masks(), r.guardedLayers(), r.collapsedLayers(), (System.nanoTime() - t) / 1e9);
  }

  /** The report's {@code pruning} object. */
  ReportJson.Pruning toJson(String prunerName, Map<String, String> prunerConfig) {
    return new ReportJson.Pruning(plan.allocator(), plan.allocatorConfig(), prunerName, prunerConfig,
        guardedLayers, collapsedLayers, seconds);
  }

  /** The mask file's metadata: the plan, the pruner, the seed, and the layers the collapse policy acted on. */
  MaskMetadata maskMetadata(String prunerName, Map<String, String> prunerConfig, long seed) {
    MaskMetadata meta = MaskMetadata.of(plan, prunerName, prunerConfig, seed);
    if (!guardedLayers.isEmpty()) {
      meta = meta.withExtra("guardedLayers", String.join(",", guardedLayers));
    }
    if (!collapsedLayers.isEmpty()) {
      meta = meta.withExtra("collapsedLayers", String.join(",", collapsedLayers));
    }
    return meta;
  }
}
