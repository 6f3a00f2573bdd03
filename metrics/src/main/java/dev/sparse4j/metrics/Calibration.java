package dev.sparse4j.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Expected and maximum calibration error with the reliability bins they came from.
 *
 * <p>ECE = Σ_b (n_b / N)·|acc_b − conf_b|; MCE = max over non-empty bins of |acc_b − conf_b|; equal-width bins over
 * [0, 1] (15 by default) with the edge rule {@link BinEdges}.
 *
 * @param ece expected calibration error
 * @param mce maximum calibration error
 * @param numBins number of equal-width bins
 * @param edges which bin side is closed
 * @param bins the {@code numBins} bins in increasing confidence order, for a reliability diagram
 */
public record Calibration(double ece, double mce, int numBins, BinEdges edges, List<ReliabilityBin> bins) {

  /** The default number of bins (15, as in Guo et al. 2017 and Liu et al. 2022). */
  public static final int DEFAULT_BINS = 15;

  /** Validates and copies the bins. */
  public Calibration {
    Objects.requireNonNull(edges, "edges");
    bins = List.copyOf(bins);
    if (bins.size() != numBins) {
      throw new IllegalArgumentException("expected " + numBins + " bins, got " + bins.size());
    }
  }

  /** Calibration of top-label confidences with 15 right-closed bins. */
  public static Calibration of(double[] confidences, boolean[] correct) {
    return of(confidences, correct, DEFAULT_BINS, BinEdges.RIGHT_CLOSED);
  }

  /**
   * Calibration of top-label confidences.
   *
   * @param confidences per example, the probability of the predicted class, in [0, 1]
   * @param correct per example, whether the predicted class is the label
   * @param numBins number of equal-width bins, at least 1
   * @param edges edge rule
   * @throws IllegalArgumentException for empty or mismatched arrays, a confidence outside [0, 1] or NaN
   */
  public static Calibration of(double[] confidences, boolean[] correct, int numBins, BinEdges edges) {
    Objects.requireNonNull(edges, "edges must not be null; use BinEdges.RIGHT_CLOSED");
    if (confidences == null || correct == null) {
      throw new IllegalArgumentException("confidences and correctness flags must not be null");
    }
    if (confidences.length == 0) {
      throw new IllegalArgumentException("no examples: calibration needs at least one confidence");
    }
    if (confidences.length != correct.length) {
      throw new IllegalArgumentException("got " + confidences.length + " confidences but " + correct.length
          + " correctness flags; give one of each per example");
    }
    checkBins(numBins);
    int[] count = new int[numBins];
    double[] hits = new double[numBins];
    double[] confSum = new double[numBins];
    for (int i = 0; i < confidences.length; i++) {
      double c = confidences[i];
      if (!(c >= 0 && c <= 1)) {
        throw new IllegalArgumentException("confidence at index " + i + " is " + c + "; it must be in [0, 1]");
      }
      int b = binOf(c, numBins, edges);
      count[b]++;
      confSum[b] += c;
      if (correct[i]) {
        hits[b]++;
      }
    }
    double n = confidences.length;
    double ece = 0;
    double mce = 0;
    List<ReliabilityBin> bins = new ArrayList<>(numBins);
    for (int b = 0; b < numBins; b++) {
      double acc = count[b] == 0 ? 0 : hits[b] / count[b];
      double conf = count[b] == 0 ? 0 : confSum[b] / count[b];
      bins.add(new ReliabilityBin(lower(b, numBins), lower(b + 1, numBins), count[b], acc, conf));
      if (count[b] > 0) {
        double gap = Math.abs(acc - conf);
        ece += count[b] / n * gap;
        mce = Math.max(mce, gap);
      }
    }
    return new Calibration(ece, mce, numBins, edges, bins);
  }

  /**
   * The bin of a confidence in [0, 1]. Membership is decided against the stored edges {@code b / (double) B}, so a
   * confidence equal to an edge value goes to the side the edge rule says, whatever the rounding of {@code c·B}.
   */
  public static int binOf(double confidence, int numBins, BinEdges edges) {
    checkBins(numBins);
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
    int b;
    if (edges == BinEdges.RIGHT_CLOSED) {
      b = clamp((int) Math.ceil(confidence * numBins) - 1, numBins);
      while (b > 0 && confidence <= lower(b, numBins)) {
        b--;
      }
      while (b < numBins - 1 && confidence > lower(b + 1, numBins)) {
        b++;
      }
    } else {
      b = clamp((int) Math.floor(confidence * numBins), numBins);
      while (b > 0 && confidence < lower(b, numBins)) {
        b--;
      }
      while (b < numBins - 1 && confidence >= lower(b + 1, numBins)) {
        b++;
      }
    }
    return b;
  }

  private static double lower(int b, int numBins) {
    return b / (double) numBins;
  }

  private static int clamp(int b, int numBins) {
    return Math.max(0, Math.min(numBins - 1, b));
  }

  private static void checkBins(int numBins) {
    if (numBins < 1) {
      throw new IllegalArgumentException("number of calibration bins must be at least 1, got " + numBins);
    }
  }
}
