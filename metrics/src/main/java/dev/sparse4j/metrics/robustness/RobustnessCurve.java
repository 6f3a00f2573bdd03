package dev.sparse4j.metrics.robustness;

import java.util.List;
import java.util.Objects;

/**
 * Accuracy of one model under one attack over a list of radii, as {@link RobustnessEvaluator} measured it.
 *
 * @param attack the attack's {@link Attack#name()}: {@code fgsm}, {@code pgd} or {@code pgd-l2}
 * @param norm the attack's norm
 * @param count number of evaluated examples (the first {@code count} of the test set)
 * @param cleanAccuracy accuracy on the same examples without attack
 * @param seed root seed of the random starts
 * @param points one point per ε, in the order requested
 */
public record RobustnessCurve(
    String attack, Norm norm, int count, double cleanAccuracy, long seed, List<RobustnessPoint> points) {

  /** Checks the values and copies the points. */
  public RobustnessCurve {
    Objects.requireNonNull(attack, "attack");
    Objects.requireNonNull(norm, "norm");
    if (count < 1) {
      throw new IllegalArgumentException("a robustness curve needs at least 1 example, got " + count);
    }
    if (!(cleanAccuracy >= 0 && cleanAccuracy <= 1)) {
      throw new IllegalArgumentException("clean accuracy must be in [0, 1], got " + cleanAccuracy);
    }
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a robustness curve needs at least one point");
    }
  }

  /**
   * Accuracy at radius {@code eps} (the first point with exactly that ε).
   *
   * @throws IllegalArgumentException listing the measured radii if {@code eps} was not measured
   */
  public double accuracyAt(double eps) {
    for (RobustnessPoint p : points) {
      if (p.eps() == eps) {
        return p.accuracy();
      }
    }
    throw new IllegalArgumentException("ε = " + eps + " was not measured for " + attack + "; measured: "
        + points.stream().map(RobustnessPoint::eps).toList());
  }
}
