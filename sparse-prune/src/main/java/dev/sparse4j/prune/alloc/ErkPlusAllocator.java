package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.Densities;
import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.Options;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code erk-plus}: the classifier (the last layer of the list) is fixed at {@code fc-density}; {@link ErkAllocator
 * ERK} distributes the remaining budget {@code D·N − fcDensity·n_fc} over the other layers.
 *
 * <p>Options: {@code fc-density} (default 1.0, in (0, 1]) and {@code power-scale} (default 1.0). Feasible targets lie
 * between {@code fcDensity·n_fc / N} (exclusive, and every layer must keep a weight) and
 * {@code (fcDensity·n_fc + N − n_fc) / N}.
 *
 * @param fcDensity density of the classifier
 * @param powerScale ERK exponent for the other layers
 */
public record ErkPlusAllocator(double fcDensity, double powerScale) implements DensityAllocator {
  /** The registry name. */
  public static final String NAME = "erk-plus";

  /** Checks the options. */
  public ErkPlusAllocator {
    try {
      Densities.checkDensity(fcDensity);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fc-density of allocator '" + NAME + "': " + e.getMessage(), e);
    }
    ErAllocator.checkPowerScale(NAME, powerScale);
  }

  /** ERK+ with a dense classifier and {@code powerScale = 1}. */
  public ErkPlusAllocator() {
    this(1.0, 1.0);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "classifier fixed at fc-density (default dense), ERK on the other layers";
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fc-density", Double.toString(fcDensity));
    m.put("power-scale", Double.toString(powerScale));
    return m;
  }

  @Override
  public ErkPlusAllocator configure(Map<String, String> options) {
    Options o = Options.read("allocator '" + NAME + "'", options, List.of("fc-density", "power-scale"));
    return new ErkPlusAllocator(o.finite("fc-density", fcDensity), o.finite("power-scale", powerScale));
  }

  @Override
  public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
    List<ParamSpec> layers = Feasibility.checkLayers(NAME, prunable);
    int count = layers.size();
    int rest = count - 1;
    double[] raw = new double[rest];
    double[] numel = new double[rest];
    double nRest = 0;
    for (int i = 0; i < rest; i++) {
      raw[i] = ErAllocator.raw(layers.get(i), false, powerScale);
      numel[i] = layers.get(i).size();
      nRest += numel[i];
    }
    double nFc = layers.get(rest).size();
    double n = nRest + nFc;
    double fcBudget = fcDensity * nFc;
    double maxDensity = Math.min(1.0, (fcBudget + nRest) / n);
    double restWeights = nRest;
    String fcName = layers.get(rest).name();
    return Feasibility.plan(NAME, config(), layers, density, target -> {
      double[] out = new double[count];
      out[rest] = fcDensity;
      double budget = target * n - fcBudget;
      List<String> dense = new ArrayList<>();
      OptionalDouble eps = OptionalDouble.empty();
      if (rest == 0) {
        // Only the classifier: the target must be its density, up to one weight.
        if (Math.abs(budget) > 1.0) {
          return null;
        }
      } else {
        if (!(budget > 0) || budget > restWeights * (1 + 1e-12)) {
          return null;
        }
        boolean[] forced = new boolean[rest];
        double[] restDensities = new double[rest];
        eps = OptionalDouble.of(Feasibility.erkFill(raw, numel, budget, forced, restDensities));
        System.arraycopy(restDensities, 0, out, 0, rest);
        dense.addAll(ErAllocator.denseNames(layers, forced));
      }
      if (fcDensity == 1.0) {
        dense.add(fcName);
      }
      return new Feasibility.Solution(out, eps, dense);
    }, maxDensity, "the classifier " + fcName + " is fixed at fc-density " + fcDensity
        + " and ERK spreads the rest, so the density must lie in ("
        + Feasibility.floor6(fcBudget / n) + ", " + Feasibility.floor6(maxDensity) + "]");
  }
}
