package dev.sparse4j.metrics.robustness;

/** Validation of attack settings shared by the attacks and the evaluator. */
final class AttackChecks {
  private AttackChecks() {}

  /** ε must be finite and ≥ 0. */
  static void eps(double eps) {
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("attack radius ε must be finite and ≥ 0, got " + eps);
    }
  }
}
