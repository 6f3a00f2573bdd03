package dev.sparse4j.metrics.robustness;

/**
 * Accuracy under one attack at one radius.
 *
 * @param eps the radius ε
 * @param steps gradient steps per example (1 for FGSM)
 * @param alpha the step size used (ε for FGSM)
 * @param accuracy fraction of the evaluated examples still classified correctly, in [0, 1]
 */
public record RobustnessPoint(double eps, int steps, double alpha, double accuracy) {

  /** Validates the values. */
  public RobustnessPoint {
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("ε must be finite and ≥ 0, got " + eps);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be ≥ 1, got " + steps);
    }
    if (!(accuracy >= 0 && accuracy <= 1)) {
      throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
    }
  }
}
