package dev.sparse4j.api;

/**
 * A target density: the fraction of the prunable weights that are <b>kept</b>, in (0, 1]. A value type so that
 * "90 % sparse" cannot be passed where "10 % dense" is meant: every allocation takes a {@code Density}, built with
 * one of two names that say which number they take.
 *
 * <pre>{@code
 * Density d = Density.ofSparsity(0.9);   // the paper's "90 % sparse": keeps 10 % of the weights
 * Density same = Density.of(0.1);        // the same target, given as the kept fraction
 * DensityPlan plan = Allocators.get("erk").allocate(model.prunable(), d);
 * }</pre>
 *
 * @param value the kept fraction, in (0, 1]
 */
public record Density(double value) {
  /** Every weight kept: the dense baseline. */
  public static final Density DENSE = new Density(1.0);

  /**
   * Checks the range.
   *
   * @throws IllegalArgumentException if the value is NaN or outside (0, 1], saying what is allowed
   */
  public Density {
    Densities.checkDensity(value);
  }

  /**
   * The target that keeps {@code density} of the weights ({@code 0.1} keeps 10 %).
   *
   * @throws IllegalArgumentException if the value is NaN or outside (0, 1]
   */
  public static Density of(double density) {
    return new Density(density);
  }

  /**
   * The target that removes {@code sparsity} of the weights ({@code 0.9} keeps 10 %).
   *
   * @throws IllegalArgumentException if the value is NaN or outside [0, 1)
   */
  public static Density ofSparsity(double sparsity) {
    return new Density(Densities.fromSparsity(sparsity));
  }

  /** {@code 1 − value()} in decimal arithmetic (density 0.1 is sparsity 0.9 exactly): the fraction removed. */
  public double sparsity() {
    return java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(value)).doubleValue();
  }

  /** Whether every weight is kept. */
  public boolean isDense() {
    return value == 1.0;
  }

  /** E.g. {@code density 0.1 (sparsity 0.9)}. */
  @Override
  public String toString() {
    return "density " + value + " (sparsity " + (float) sparsity() + ")";
  }
}
