package dev.sparse4j.metrics.robustness;

/**
 * Projection onto {@code [x − ε, x + ε] ∩ [0, 1]} with float bounds rounded inwards, so the stored float result is
 * within ε of {@code x} exactly (not just up to rounding) and inside [0, 1].
 */
final class LinfBox {
  private LinfBox() {}

  /** {@code v} projected onto the box around {@code x}, as a float. */
  static float clamp(double v, float x, double eps) {
    double lo = Math.max(0.0, x - eps);
    double hi = Math.min(1.0, x + eps);
    float flo = (float) lo;
    if (flo < lo) {
      flo = Math.nextUp(flo);
    }
    float fhi = (float) hi;
    if (fhi > hi) {
      fhi = Math.nextDown(fhi);
    }
    // x itself lies in [flo, fhi] (x is a float in [lo, hi]), so the box is never empty.
    return v <= flo ? flo : v >= fhi ? fhi : Math.max(flo, Math.min(fhi, (float) v));
  }
}
