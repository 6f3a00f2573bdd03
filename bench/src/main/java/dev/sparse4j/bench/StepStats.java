package dev.sparse4j.bench;

import java.util.Arrays;

/**
 * Summary of a sample of step times: median and 10th/90th percentiles, computed with linear interpolation between
 * order statistics (position {@code p·(n − 1)} in the sorted sample, NumPy's default {@code linear} method).
 *
 * @param n sample size
 * @param median 50th percentile
 * @param p10 10th percentile
 * @param p90 90th percentile
 * @param mean arithmetic mean
 */
public record StepStats(int n, double median, double p10, double p90, double mean) {

  /**
   * Summarises {@code sample} (not modified).
   *
   * @throws IllegalArgumentException if the sample is empty
   */
  public static StepStats of(double[] sample) {
    if (sample.length == 0) {
      throw new IllegalArgumentException("cannot summarise an empty sample; time at least one step");
    }
    double[] s = sample.clone();
    Arrays.sort(s);
    return new StepStats(s.length, quantile(s, 0.5), quantile(s, 0.1), quantile(s, 0.9),
        Arrays.stream(s).average().orElseThrow());
  }

  /**
   * The {@code p}-quantile of an ascending sample, interpolated linearly at position {@code p·(n − 1)}.
   *
   * @throws IllegalArgumentException if {@code p} is outside [0, 1] or the sample is empty
   */
  public static double quantile(double[] sorted, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1], got " + p);
    }
    if (sorted.length == 0) {
      throw new IllegalArgumentException("cannot take a quantile of an empty sample");
    }
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
