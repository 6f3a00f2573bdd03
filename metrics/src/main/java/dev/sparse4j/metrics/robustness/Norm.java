package dev.sparse4j.metrics.robustness;

/** The norm of an attack's threat model: the perturbation {@code δ = x_adv − x} satisfies {@code ‖δ‖ ≤ ε}. */
public enum Norm {
  /** {@code max_j |δ_j| ≤ ε} (FGSM, PGD-L∞). */
  LINF("linf"),
  /** {@code sqrt(Σ_j δ_j²) ≤ ε} over one example's values (PGD-L2). */
  L2("l2");

  private final String id;

  Norm(String id) {
    this.id = id;
  }

  /** Lower-case id for reports: {@code linf} or {@code l2}. */
  public String id() {
    return id;
  }

  /** {@code ‖δ‖} of {@code adversarial − original} over {@code [from, from + count)}, in double. */
  public double distance(float[] adversarial, float[] original, int from, int count) {
    double acc = 0;
    for (int j = from; j < from + count; j++) {
      double d = (double) adversarial[j] - original[j];
      acc = this == LINF ? Math.max(acc, Math.abs(d)) : acc + d * d;
    }
    return this == LINF ? acc : Math.sqrt(acc);
  }
}
