package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code uniform}: every layer gets the target density, {@code d_l = D}. No options.
 *
 * <p>Infeasible only when some layer would keep {@code round(D·n_l) = 0} weights.
 */
public record UniformAllocator() implements DensityAllocator {
  /** The registry name. */
  public static final String NAME = "uniform";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the same density in every layer";
  }

  @Override
  public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
    List<ParamSpec> layers = Feasibility.checkLayers(NAME, prunable);
    return Feasibility.plan(NAME, config(), layers, density, d -> {
      double[] out = new double[layers.size()];
      Arrays.fill(out, d);
      return new Feasibility.Solution(out, OptionalDouble.empty(), List.of());
    }, 1.0, "uniform keeps the same density in every layer");
  }
}
