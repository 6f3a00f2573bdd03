package dev.sparse4j.metrics;

import dev.sparse4j.api.Logits;
import dev.sparse4j.metrics.internal.Checks;

/**
 * Top-label classification metrics on softmax probabilities of logits. Logits are row-major
 * {@code float[n × numClasses]} (see {@link LogitArrays}); labels are class indices in {@code [0, numClasses)}.
 * Accumulation is in double; probabilities come from a max-shifted log-softmax.
 */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /** Fraction of rows whose argmax ({@link Logits#argmax}: ties → lowest index) equals the label. */
  public static double accuracy(float[] logits, int numClasses, int[] labels) {
    int n = check(logits, numClasses, labels);
    return Logits.correct(logits, numClasses, labels, n) / (double) n;
  }

  /** Mean negative log-likelihood {@code mean_i −log softmax(z_i)[y_i]} (natural log). */
  public static double nll(float[] logits, int numClasses, int[] labels) {
    int n = check(logits, numClasses, labels);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double max = LogitArrays.max(logits, i, numClasses);
      sum += LogitArrays.shiftedLogSum(logits, i, numClasses, max) - (logits[i * numClasses + labels[i]] - max);
    }
    return sum / n;
  }

  /** Brier score {@code mean_i Σ_k (p_ik − 1[k = y_i])²}, summed over classes and not divided by K. */
  public static double brier(float[] logits, int numClasses, int[] labels) {
    int n = check(logits, numClasses, labels);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += brierRow(logits, i, numClasses, labels[i]);
    }
    return sum / n;
  }

  /** ECE, MCE and reliability bins with 15 right-closed bins. */
  public static Calibration calibration(float[] logits, int numClasses, int[] labels) {
    return calibration(logits, numClasses, labels, Calibration.DEFAULT_BINS, BinEdges.RIGHT_CLOSED);
  }

  /** ECE, MCE and reliability bins of the top-label confidence {@code max_k p_k} and its correctness. */
  public static Calibration calibration(float[] logits, int numClasses, int[] labels, int numBins, BinEdges edges) {
    int n = check(logits, numClasses, labels);
    double[] conf = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      int top = Logits.argmax(logits, i, numClasses);
      // p_top = exp((z_top − max) − shiftedLogSum) and z_top = max.
      conf[i] = Math.exp(-LogitArrays.shiftedLogSum(logits, i, numClasses, logits[i * numClasses + top]));
      correct[i] = top == labels[i];
    }
    return Calibration.of(conf, correct, numBins, edges);
  }

  static double brierRow(float[] logits, int row, int numClasses, int label) {
    double max = LogitArrays.max(logits, row, numClasses);
    double ls = LogitArrays.shiftedLogSum(logits, row, numClasses, max);
    double s = 0;
    for (int c = 0; c < numClasses; c++) {
      double p = Math.exp((logits[row * numClasses + c] - max) - ls);
      double d = c == label ? p - 1 : p;
      s += d * d;
    }
    return s;
  }

  static int check(float[] logits, int numClasses, int[] labels) {
    int n = Checks.rows(logits, numClasses, "logits");
    Checks.labels(labels, n, numClasses);
    return n;
  }
}
