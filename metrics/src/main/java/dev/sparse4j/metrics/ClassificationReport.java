package dev.sparse4j.metrics;

import java.util.Objects;

/**
 * Accuracy, NLL, Brier score and calibration of one set of predictions, as defined in {@link ClassificationMetrics}.
 *
 * @param count number of examples
 * @param accuracy top-1 accuracy in [0, 1]
 * @param nll mean negative log-likelihood (nats)
 * @param brier Brier score (sum over classes, mean over examples)
 * @param calibration ECE, MCE and reliability bins
 */
public record ClassificationReport(int count, double accuracy, double nll, double brier, Calibration calibration) {

  /** Checks the calibration is present. */
  public ClassificationReport {
    Objects.requireNonNull(calibration, "calibration");
  }

  /** Evaluates row-major {@code float[n × numClasses]} logits against labels with 15 right-closed bins. */
  public static ClassificationReport of(float[] logits, int numClasses, int[] labels) {
    return of(logits, numClasses, labels, Calibration.DEFAULT_BINS, BinEdges.RIGHT_CLOSED);
  }

  /** Evaluates logits against labels with the given calibration bins. */
  public static ClassificationReport of(float[] logits, int numClasses, int[] labels, int numBins, BinEdges edges) {
    int n = ClassificationMetrics.check(logits, numClasses, labels);
    return new ClassificationReport(n,
        ClassificationMetrics.accuracy(logits, numClasses, labels),
        ClassificationMetrics.nll(logits, numClasses, labels),
        ClassificationMetrics.brier(logits, numClasses, labels),
        ClassificationMetrics.calibration(logits, numClasses, labels, numBins, edges));
  }

  /** Expected calibration error. */
  public double ece() {
    return calibration.ece();
  }

  /** Maximum calibration error. */
  public double mce() {
    return calibration.mce();
  }
}
