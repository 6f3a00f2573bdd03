package dev.sparse4j.metrics.robustness;

/**
 * The PGD step size α: either a fixed value, or a fraction of the attack's ε (so one setting serves a whole
 * robustness curve). {@link #fractionOfEps(double) fractionOfEps(0.25)} is Madry et al.'s rule α = 2.5·ε / steps at
 * 10 steps, and gives exactly α = 2/255 at ε = 8/255.
 *
 * @param value α itself, or the fraction of ε
 * @param relative whether {@code value} is a fraction of ε
 */
public record StepSize(double value, boolean relative) {

  /** Validates the value. */
  public StepSize {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("PGD step size α must be finite and > 0, got " + value
          + (relative ? " (as a fraction of ε)" : ""));
    }
  }

  /** A fixed α, e.g. {@code 2 / 255.0}. */
  public static StepSize absolute(double alpha) {
    return new StepSize(alpha, false);
  }

  /** α = {@code fraction}·ε, e.g. {@code 0.25}. */
  public static StepSize fractionOfEps(double fraction) {
    return new StepSize(fraction, true);
  }

  /** The α used at radius {@code eps}. */
  public double alpha(double eps) {
    return relative ? value * eps : value;
  }

  @Override
  public String toString() {
    return relative ? "α = " + value + "·ε" : "α = " + value;
  }
}
