package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code dense}: every layer at density 1.0, the dense baseline. It only accepts the target density 1.0; any other
 * target raises {@link InfeasibleDensityException} (maximum feasible sparsity 0) rather than silently ignoring it.
 * No options.
 */
public record DenseAllocator() implements DensityAllocator {
  /** The registry name. */
  public static final String NAME = "dense";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "every layer dense (the dense baseline; target density must be 1.0)";
  }

  @Override
  public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
    List<ParamSpec> layers = Feasibility.checkLayers(NAME, prunable);
    List<String> all = layers.stream().map(ParamSpec::name).toList();
    return Feasibility.plan(NAME, config(), layers, density, d -> {
      if (d != 1.0) {
        return null;
      }
      double[] out = new double[layers.size()];
      Arrays.fill(out, 1.0);
      return new Feasibility.Solution(out, OptionalDouble.empty(), all);
    }, 1.0, "'dense' keeps every weight, so only density 1.0 is possible (use another allocator to prune)");
  }
}
