package dev.sparse4j.api;

/** Density/sparsity conversion and validation shared by every entry point. */
public final class Densities {
  private Densities() {}

  /**
   * Checks that {@code density} is a usable target, in (0, 1].
   *
   * @return the density
   * @throws IllegalArgumentException saying what was wrong and what range is allowed
   */
  public static double checkDensity(double density) {
    if (Double.isNaN(density)) {
      throw new IllegalArgumentException("density is NaN; give a number in (0, 1] (sparsity in [0, 1))");
    }
    if (!(density > 0.0 && density <= 1.0)) {
      throw new IllegalArgumentException(
          "density must be in (0, 1], got " + density + " (sparsity " + (1.0 - density)
              + "); a density of 0 would prune every weight");
    }
    return density;
  }

  /**
   * Converts a sparsity in [0, 1) to a density.
   *
   * @throws IllegalArgumentException if the sparsity is NaN or outside [0, 1)
   */
  public static double fromSparsity(double sparsity) {
    if (Double.isNaN(sparsity) || !(sparsity >= 0.0 && sparsity < 1.0)) {
      throw new IllegalArgumentException(
          "sparsity must be in [0, 1), got " + sparsity + "; 0.9 keeps 10% of the prunable weights");
    }
    // Decimal arithmetic, the one conversion everywhere: 1 − 0.9 is exactly 0.1 here, not 0.09999999999999998,
    // so train, allocate and the library plan the same kept counts for the same sparsity.
    return java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(sparsity)).doubleValue();
  }

  /**
   * Checks that a recorded or per-layer density (achieved, planned, stored in a file) lies in [0, 1]; unlike a
   * target, a single layer may be 0.
   *
   * @param what what the value is, for the message (e.g. {@code "density of fc.weight"})
   * @return the value
   * @throws IllegalArgumentException "{@code <what> must be in [0, 1], got <value>}", also for NaN
   */
  public static double checkFraction(String what, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(what + " must be in [0, 1], got " + value);
    }
    return value;
  }

  /** {@code 1 − density}. */
  public static double toSparsity(double density) {
    return 1.0 - density;
  }
}
