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

  /**
   * Number of weights a pruner keeps: {@code round(density · size)}.
   *
   * @throws IllegalStateException if that is more than one Java array holds ({@link Integer#MAX_VALUE})
   */
  public int keptCount() {
    long kept = Math.round(density * param.size());
    if (kept > Integer.MAX_VALUE) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT, "layer %s would keep %,d weights, more"
          + " than one Java array holds (%,d); lower the density", param.name(), kept, Integer.MAX_VALUE));
    }
    return (int) kept;
  }

  /** Density actually reachable with whole weights: {@code keptCount / size}. */
  public double achievedDensity() {
    return (double) keptCount() / param.size();
  }
}
