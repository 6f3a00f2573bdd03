package dev.sparse4j.metrics.internal;

/** Input validation shared by the metric classes; every message says what was wrong and what was expected. */
public final class Checks {
  private Checks() {}

  /**
   * Validates row-major {@code n × numClasses} logits and returns {@code n}.
   *
   * @param what how to call the array in messages ("logits", "OOD logits")
   */
  public static int rows(float[] logits, int numClasses, String what) {
    if (logits == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
    }
    if (logits.length == 0) {
      throw new IllegalArgumentException("no examples: " + what + " is empty");
    }
    if (logits.length % numClasses != 0) {
      throw new IllegalArgumentException(what + " has " + logits.length + " values, not a multiple of numClasses = "
          + numClasses + " (expected n × numClasses values, row-major)");
    }
    for (int i = 0; i < logits.length; i++) {
      if (!Float.isFinite(logits[i])) {
        throw new IllegalArgumentException(what + " at row " + i / numClasses + ", class " + i % numClasses + " is "
            + logits[i] + "; logits must be finite (check the model for divergence)");
      }
    }
    return logits.length / numClasses;
  }

  /** Validates labels against {@code n} rows of {@code numClasses} logits. */
  public static void labels(int[] labels, int n, int numClasses) {
    if (labels == null) {
      throw new IllegalArgumentException("labels must not be null");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException("logits hold " + n + " rows (" + (long) n * numClasses + " values / "
          + numClasses + " classes) but there are " + labels.length + " labels; give one label per row");
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " at index " + i + " is outside [0, " + numClasses + ")");
      }
    }
  }

  /** Validates a score array: non-null, non-empty, no NaN. */
  public static void scores(double[] scores, String what) {
    if (scores == null) {
      throw new IllegalArgumentException(what + " scores must not be null");
    }
    if (scores.length == 0) {
      throw new IllegalArgumentException("OOD evaluation needs at least one " + what + " score, got none");
    }
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException(what + " score at index " + i + " is NaN");
      }
    }
  }
}
