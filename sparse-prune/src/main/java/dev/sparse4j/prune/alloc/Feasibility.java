package dev.sparse4j.prune.alloc;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.ParamSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The feasibility rules every allocator follows, for allocator authors: input checks, a reachable continuous
 * solution, no layer rounded to zero kept weights, the search for the maximum feasible sparsity, the
 * {@link InfeasibleDensityException} that states it, and building the {@link DensityPlan}. Every built-in allocator
 * is written with it; an allocator that plans through {@link #plan} passes the TCK's {@code AllocatorContract} rules
 * on feasibility by construction.
 *
 * <pre>{@code
 * public DensityPlan allocate(List<ParamSpec> prunable, Density target) {
 *   List<ParamSpec> layers = Feasibility.checkLayers(name(), prunable);
 *   return Feasibility.plan(name(), config(), layers, target,
 *       d -> new Feasibility.Solution(myDensities(layers, d), OptionalDouble.empty(), List.of()),
 *       1.0, "my rule: …");
 * }
 * }</pre>
 */
public final class Feasibility {
  private Feasibility() {}

  /**
   * A continuous per-layer solution for one target density.
   *
   * @param densities one density per layer, in layer order (may exceed [0, 1] by rounding noise; it is clamped)
   * @param epsilon the ERK scale, when the allocator has one
   * @param forcedDense names of layers the allocator set to 1.0 by rule
   */
  public record Solution(double[] densities, OptionalDouble epsilon, List<String> forcedDense) {}

  /** An allocator's rule: the densities for a target, or {@code null} when the target is out of its reach. */
  @FunctionalInterface
  public interface Solver {
    /** Densities for overall target {@code density}, or {@code null} when no solution exists. */
    Solution solve(double density);
  }

  /**
   * Checks the target and the layers, solves, checks feasibility and builds the plan.
   *
   * @param allocator allocator name, for the plan and messages
   * @param config allocator options, for the plan
   * @param layers the prunable layers (already checked with {@link #checkLayers})
   * @param targetDensity the target density
   * @param solver the allocator's rule
   * @param maxDensity the largest density the rule can reach on these layers (usually 1)
   * @param rule a short human description of the allocator's constraint, used when the target is infeasible
   * @throws InfeasibleDensityException when the target cannot be reached, stating the maximum feasible sparsity
   */
  public static DensityPlan plan(String allocator, Map<String, String> config, List<ParamSpec> layers,
      Density targetDensity, Solver solver, double maxDensity, String rule) {
    double density = targetDensity.value();
    double minDensity = minFeasibleDensity(layers, solver, maxDensity);
    double maxSparsity = Double.isNaN(minDensity) ? Double.NaN : 1.0 - minDensity;
    String range = Double.isNaN(minDensity)
        ? "no density is feasible for these layers"
        : "the maximum feasible sparsity is " + floor6(maxSparsity) + " (density " + ceil6(minDensity) + ")"
            + (maxDensity < 1.0 ? " and the maximum feasible density is " + floor6(maxDensity) : "");
    String target = "allocator '" + allocator + "' cannot reach density " + density + " (sparsity "
        + (1.0 - density) + ") on these " + layers.size() + " layers";
    Solution s = density <= maxDensity ? solver.solve(density) : null;
    if (s == null) {
      throw new InfeasibleDensityException(target + ": " + rule + "; " + range, maxSparsity);
    }
    String zero = zeroKeptLayer(layers, s.densities());
    if (zero != null) {
      throw new InfeasibleDensityException(target + ": " + zero
          + " (a zero mask would disconnect the layer); " + range, maxSparsity);
    }
    List<LayerDensity> out = new ArrayList<>(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      out.add(new LayerDensity(layers.get(i), clamp(s.densities()[i])));
    }
    return new DensityPlan(allocator, config, density, out, s.epsilon(), s.forcedDense(), maxSparsity);
  }

  /**
   * The smallest target density in (0, maxDensity] at which {@code solver} has a solution with at least one kept
   * weight in every layer, found by bisection (feasibility is monotone in the target for every built-in rule);
   * {@code NaN} if even {@code maxDensity} is infeasible.
   */
  public static double minFeasibleDensity(List<ParamSpec> layers, Solver solver, double maxDensity) {
    if (!feasible(layers, solver, maxDensity)) {
      return Double.NaN;
    }
    double lo = 0.0;
    double hi = maxDensity;
    for (int i = 0; i < 200; i++) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (feasible(layers, solver, mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static boolean feasible(List<ParamSpec> layers, Solver solver, double density) {
    Solution s = solver.solve(density);
    return s != null && zeroKeptLayer(layers, s.densities()) == null;
  }

  /** A message naming the first layer whose kept count {@code round(d·n)} is 0, or {@code null}. */
  private static String zeroKeptLayer(List<ParamSpec> layers, double[] densities) {
    for (int i = 0; i < layers.size(); i++) {
      double d = clamp(densities[i]);
      long n = layers.get(i).size();
      if (Math.round(d * n) < 1) {
        return "layer " + layers.get(i).name() + " (" + n + " weights) would keep round(" + d + " × " + n
            + ") = 0 weights";
      }
    }
    return null;
  }

  private static double clamp(double d) {
    return d > 1.0 ? 1.0 : (d < 0.0 || Double.isNaN(d) ? 0.0 : d);
  }

  /**
   * Checks that the list is non-empty and holds only prunable parameters with distinct names.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static List<ParamSpec> checkLayers(String allocator, List<ParamSpec> prunable) {
    Objects.requireNonNull(prunable, "prunable layers");
    if (prunable.isEmpty()) {
      throw new IllegalArgumentException("allocator '" + allocator + "' got an empty layer list; pass the model's "
          + "prunable parameters (conv and linear weights, e.g. ModelView.prunable())");
    }
    Set<String> seen = new HashSet<>();
    for (ParamSpec p : prunable) {
      Objects.requireNonNull(p, "layer");
      if (!p.prunable()) {
        throw new IllegalArgumentException("parameter " + p + " is not prunable: only conv and linear weights "
            + "(kind WEIGHT, rank ≥ 2) are masked; filter the list with ParamSpec::prunable");
      }
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException("layer " + p.name() + " appears twice in the layer list");
      }
    }
    return List.copyOf(prunable);
  }

  /**
   * The ERK/ER fill: with budget {@code B} weights, {@code ε = (B − Σ_dense n) / Σ_rest raw·n}; every layer with
   * {@code ε·raw > 1} becomes dense; repeat until none does. Densities are 1 for dense layers, else {@code ε·raw}.
   *
   * @param raw raw_l per layer (positive)
   * @param numel n_l per layer
   * @param budget weights to keep in these layers, in (0, Σ n]
   * @param dense out: which layers were forced dense
   * @return the final ε
   */
  static double erkFill(double[] raw, double[] numel, double budget, boolean[] dense, double[] densities) {
    int count = raw.length;
    double eps = Double.NaN;
    while (true) {
      double denseWeights = 0;
      double divisor = 0;
      for (int i = 0; i < count; i++) {
        if (dense[i]) {
          denseWeights += numel[i];
        } else {
          divisor += raw[i] * numel[i];
        }
      }
      if (divisor == 0) {
        break; // every layer is dense: only at density 1 (up to rounding); keep the last ε
      }
      eps = (budget - denseWeights) / divisor;
      boolean changed = false;
      for (int i = 0; i < count; i++) {
        if (!dense[i] && eps * raw[i] > 1.0) {
          dense[i] = true;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    for (int i = 0; i < count; i++) {
      densities[i] = dense[i] ? 1.0 : eps * raw[i];
    }
    return eps;
  }

  /** {@code x} rounded down to 6 decimals, for stating a reachable sparsity. */
  static String floor6(double x) {
    return BigDecimal.valueOf(x).setScale(6, RoundingMode.FLOOR).stripTrailingZeros().toPlainString();
  }

  /** {@code x} rounded up to 6 decimals, for stating a reachable density. */
  static String ceil6(double x) {
    return BigDecimal.valueOf(x).setScale(6, RoundingMode.CEILING).stripTrailingZeros().toPlainString();
  }
}
