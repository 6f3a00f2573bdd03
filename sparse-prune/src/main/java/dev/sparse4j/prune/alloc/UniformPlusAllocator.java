package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code uniform-plus} (Gale et al. 2019): the first layer stays dense, the last layer keeps
 * {@code max(0.2, d)}, every other layer gets {@code d}, with {@code d} solved so that the total is exactly
 * {@code D·N}: {@code d = (D·N − n_first) / (N − n_first)} when that is at least 0.2, else
 * {@code d = (D·N − n_first − 0.2·n_last) / (N − n_first − n_last)}. "First" and "last" are the first and last
 * entries of the layer list (the stem conv and the classifier in model order).
 *
 * <p>Densities below {@code (n_first + 0.2·n_last) / N} are infeasible; the exception states the maximum feasible
 * sparsity (which also requires every middle layer to keep at least one weight). A single layer only admits
 * density 1. No options.
 */
public record UniformPlusAllocator() implements DensityAllocator {
  /** The registry name. */
  public static final String NAME = "uniform-plus";

  /** The least density of the last layer. */
  public static final double LAST_LAYER_MIN_DENSITY = 0.2;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "uniform, but the first layer dense and the last at least 20% (Gale et al.)";
  }

  @Override
  public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
    List<ParamSpec> layers = Feasibility.checkLayers(NAME, prunable);
    int count = layers.size();
    double total = 0;
    for (ParamSpec p : layers) {
      total += p.size();
    }
    double n = total;
    double nFirst = layers.get(0).size();
    double nLast = layers.get(count - 1).size();
    String first = layers.get(0).name();
    String last = layers.get(count - 1).name();
    return Feasibility.plan(NAME, config(), layers, density, target -> {
      double[] out = new double[count];
      out[0] = 1.0;
      if (count == 1) {
        return target == 1.0 ? new Feasibility.Solution(out, OptionalDouble.empty(), List.of(first)) : null;
      }
      double budget = target * n;
      double d = (budget - nFirst) / (n - nFirst);
      double lastDensity = d;
      if (d < LAST_LAYER_MIN_DENSITY) {
        double middle = n - nFirst - nLast;
        if (middle <= 0) {
          return null;
        }
        lastDensity = LAST_LAYER_MIN_DENSITY;
        d = (budget - nFirst - LAST_LAYER_MIN_DENSITY * nLast) / middle;
        if (!(d > 0)) {
          return null;
        }
      }
      for (int i = 1; i < count - 1; i++) {
        out[i] = d;
      }
      out[count - 1] = lastDensity;
      List<String> dense = new ArrayList<>();
      dense.add(first);
      if (lastDensity >= 1.0) {
        dense.add(last);
      }
      return new Feasibility.Solution(out, OptionalDouble.empty(), dense);
    }, 1.0, "the first layer (" + first + ") stays dense and the last (" + last + ") keeps at least 20%, "
        + "so the density must exceed (n_first + 0.2·n_last) / N = "
        + Feasibility.ceil6((nFirst + LAST_LAYER_MIN_DENSITY * nLast) / n));
  }
}
