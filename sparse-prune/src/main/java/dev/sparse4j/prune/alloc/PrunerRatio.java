package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * "Ratio from a pruner" (Liu et al., 2022: SNIP-ratio, GraSP-ratio): the per-layer densities that a score pruner's
 * global mask reaches at a target density become a {@link DensityPlan}; a {@link dev.sparse4j.prune.RandomPruner}
 * then draws the positions at random inside each layer. This separates <i>how much</i> of each layer a pruning
 * criterion keeps from <i>which</i> weights it keeps.
 *
 * <pre>{@code
 * DensityPlan plan = PrunerRatio.plan(Pruners.get("snip"), model, PruneContext.ofSeed(1).withData(train),
 *     Density.of(0.05));
 * MaskSet masks = Pruners.get("random").prune(model, plan, PruneContext.ofSeed(1));
 * }</pre>
 *
 * <p>Procedure: the budget {@code K = round(D·N)} is split over the layers by largest remainders of {@code D·n_l}
 * (only the total matters to a global pruner); the pruner prunes {@code model} with that plan; layer {@code l}'s
 * density is then {@code kept_l / n_l}, so the plan keeps exactly {@code K} weights. The pruner must select globally
 * (a {@code layer-wise=true} pruner would only return the plan it was given) and must leave every layer at least one
 * weight (the score pruners' default {@code collapse=guard} does), so the maximum feasible sparsity is
 * {@code 1 − L/N} for {@code L} layers. The registered allocators {@code snip-ratio}, {@code grasp-ratio},
 * {@code synflow-ratio} and {@code magnitude-ratio} ({@link PrunerRatioAllocator}) call this from
 * {@link DensityAllocator#allocate(ModelView, Density, PruneContext)}.
 */
public final class PrunerRatio {
  private PrunerRatio() {}

  /** The plan over {@code model.prunable()}, named {@code <pruner>-ratio} with the pruner's config. */
  public static DensityPlan plan(Pruner pruner, ModelView model, PruneContext context, Density density) {
    Objects.requireNonNull(model, "model");
    return plan(pruner, model, context, model.prunable(), density);
  }

  /**
   * The plan over {@code layers}, named {@code <pruner>-ratio} with the pruner's config.
   *
   * @throws IllegalArgumentException for a bad layer list, or a layer-wise pruner
   * @throws InfeasibleDensityException if {@code round(D·N)} is below the number of layers, or the pruner left a layer
   *     empty
   */
  public static DensityPlan plan(Pruner pruner, ModelView model, PruneContext context, List<ParamSpec> layers,
      Density density) {
    Objects.requireNonNull(pruner, "pruner");
    return plan(pruner.name() + "-ratio", pruner.config(), pruner, model, context, layers, density);
  }

  static DensityPlan plan(String allocator, Map<String, String> config, Pruner pruner, ModelView model,
      PruneContext context, List<ParamSpec> layers, Density target) {
    double density = target.value();
    Objects.requireNonNull(pruner, "pruner");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(context, "context");
    List<ParamSpec> checked = Feasibility.checkLayers(allocator, layers);
    if ("true".equals(pruner.config().get("layer-wise"))) {
      throw new IllegalArgumentException("allocator '" + allocator + "' needs pruner '" + pruner.name() + "' to rank "
          + "weights globally; with layer-wise=true it would only return the plan it is given");
    }
    int count = checked.size();
    long total = 0;
    for (ParamSpec p : checked) {
      total += p.numel();
    }
    double maxSparsity = 1.0 - (double) count / total;
    long budget = Math.round(density * total);
    if (budget < count) {
      throw new InfeasibleDensityException("allocator '" + allocator + "' cannot reach density " + density
          + " on these " + count + " layers: it keeps round(D·N) = " + budget + " weights but every layer needs at "
          + "least one; the maximum feasible sparsity is " + Feasibility.floor6(maxSparsity) + " (density "
          + Feasibility.ceil6((double) count / total) + ")", maxSparsity);
    }
    DensityPlan budgetPlan = new DensityPlan(allocator, config, density, apportion(checked, density, budget),
        OptionalDouble.empty(), List.of(), maxSparsity);
    MaskSet masks = pruner.prune(model, budgetPlan, context);
    List<LayerDensity> out = new ArrayList<>(count);
    List<String> dense = new ArrayList<>();
    for (ParamSpec p : checked) {
      int kept = masks.get(p.name()).kept();
      if (kept < 1) {
        throw new InfeasibleDensityException("allocator '" + allocator + "': pruner '" + pruner.name() + "' kept no "
            + "weight of " + p.name() + " at density " + density + " (layer collapse); use the pruner's default "
            + "collapse=guard or a higher density", maxSparsity);
      }
      if (kept == p.numel()) {
        dense.add(p.name());
      }
      out.add(new LayerDensity(p, (double) kept / p.numel()));
    }
    return new DensityPlan(allocator, config, density, out, OptionalDouble.empty(), dense, maxSparsity);
  }

  /** Densities {@code k_l / n_l} with {@code Σ k_l = budget}: floors of {@code D·n_l}, then largest remainders. */
  private static List<LayerDensity> apportion(List<ParamSpec> layers, double density, long budget) {
    int count = layers.size();
    long[] kept = new long[count];
    double[] remainder = new double[count];
    long sum = 0;
    for (int i = 0; i < count; i++) {
      double exact = density * layers.get(i).numel();
      kept[i] = (long) Math.floor(exact);
      remainder[i] = exact - kept[i];
      sum += kept[i];
    }
    while (sum < budget) {
      int best = -1;
      for (int i = 0; i < count; i++) {
        if (kept[i] < layers.get(i).numel() && (best < 0 || remainder[i] > remainder[best])) {
          best = i;
        }
      }
      kept[best]++;
      remainder[best] = -1;
      sum++;
    }
    while (sum > budget) {
      int best = -1;
      for (int i = 0; i < count; i++) {
        if (kept[i] > 0 && (best < 0 || remainder[i] < remainder[best])) {
          best = i;
        }
      }
      kept[best]--;
      remainder[best] = 2;
      sum--;
    }
    List<LayerDensity> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new LayerDensity(layers.get(i), (double) kept[i] / layers.get(i).numel()));
    }
    return out;
  }
}
