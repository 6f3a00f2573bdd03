package dev.sparse4j.metrics;

import dev.sparse4j.metrics.internal.Checks;

/**
 * Helpers for the primary logits format of this module: a {@code float[]} of {@code n × numClasses} values in
 * row-major order (row {@code i} is example {@code i}), as backends return them. All arithmetic is in
 * {@code double}, and log-softmax subtracts the row maximum so logits of ±1000 stay finite.
 */
public final class LogitArrays {
  private LogitArrays() {}

  /**
   * Converts {@code double[n][numClasses]} to the row-major {@code float[]} format.
   *
   * @throws IllegalArgumentException if rows are missing, empty or of different lengths
   */
  public static float[] rowMajor(double[][] rows) {
    if (rows == null || rows.length == 0) {
      throw new IllegalArgumentException("no examples: logits rows are " + (rows == null ? "null" : "empty"));
    }
    if (rows[0] == null || rows[0].length == 0) {
      throw new IllegalArgumentException("logits row 0 is " + (rows[0] == null ? "null" : "empty"));
    }
    int k = rows[0].length;
    float[] out = new float[Math.multiplyExact(rows.length, k)];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != k) {
        throw new IllegalArgumentException("logits row " + i + " has " + (rows[i] == null ? "no" : rows[i].length)
            + " values but row 0 has " + k + "; every row needs one logit per class");
      }
      for (int c = 0; c < k; c++) {
        out[i * k + c] = (float) rows[i][c];
      }
    }
    return out;
  }

  /**
   * Number of rows of validated logits.
   *
   * @throws IllegalArgumentException if empty, not a multiple of {@code numClasses}, or not finite
   */
  public static int rows(float[] logits, int numClasses) {
    return Checks.rows(logits, numClasses, "logits");
  }

  /** {@code log Σ_k exp(z_k)} of one row, computed stably in double. */
  public static double logSumExp(float[] logits, int row, int numClasses) {
    return logSumExp(logits, row, numClasses, 1.0);
  }

  /** {@code log Σ_k exp(z_k / T)} of one row, computed stably in double. */
  static double logSumExp(float[] logits, int row, int numClasses, double temperature) {
    int off = row * numClasses;
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < numClasses; c++) {
      max = Math.max(max, logits[off + c] / temperature);
    }
    double sum = 0;
    for (int c = 0; c < numClasses; c++) {
      sum += Math.exp(logits[off + c] / temperature - max);
    }
    return max + Math.log(sum);
  }

  /** The largest logit of a row. */
  static double max(float[] logits, int row, int numClasses) {
    int off = row * numClasses;
    double max = logits[off];
    for (int c = 1; c < numClasses; c++) {
      max = Math.max(max, logits[off + c]);
    }
    return max;
  }

  /**
   * {@code log Σ_k exp(z_k − max)} of one row (in [0, log K]). Log-probabilities are then
   * {@code (z_c − max) − this}: both terms are small, so nothing of ±1000-sized logits cancels.
   */
  static double shiftedLogSum(float[] logits, int row, int numClasses, double max) {
    int off = row * numClasses;
    double sum = 0;
    for (int c = 0; c < numClasses; c++) {
      sum += Math.exp(logits[off + c] - max);
    }
    return Math.log(sum);
  }

  /** Row-wise log-softmax, {@code n × numClasses} row-major doubles. */
  public static double[] logSoftmax(float[] logits, int numClasses) {
    int n = rows(logits, numClasses);
    double[] out = new double[logits.length];
    for (int i = 0; i < n; i++) {
      double max = max(logits, i, numClasses);
      double ls = shiftedLogSum(logits, i, numClasses, max);
      for (int c = 0; c < numClasses; c++) {
        out[i * numClasses + c] = (logits[i * numClasses + c] - max) - ls;
      }
    }
    return out;
  }

  /** Row-wise softmax, {@code n × numClasses} row-major doubles. */
  public static double[] softmax(float[] logits, int numClasses) {
    double[] out = logSoftmax(logits, numClasses);
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.exp(out[i]);
    }
    return out;
  }
}
