package dev.sparse4j.api;

import java.util.Objects;

/**
 * Planned density of one prunable parameter.
 *
 * @param param the parameter
 * @param density fraction to keep, in [0, 1]
 */
public record LayerDensity(ParamSpec param, double density) {

  /** Validates the density. */
  public LayerDensity {
    Objects.requireNonNull(param, "param");
    Densities.checkFraction("density of " + param.name(), density);
  }

  /** Parameter name. */
  public String name() {
    return param.name();
  }

  /** Number of weights a pruner keeps: {@code round(density · numel)}. */
  public int keptCount() {
    return (int) Math.round(density * param.numel());
  }

  /** Density actually reachable with whole weights: {@code keptCount / numel}. */
  public double achievedDensity() {
    return (double) keptCount() / param.numel();
  }
}
