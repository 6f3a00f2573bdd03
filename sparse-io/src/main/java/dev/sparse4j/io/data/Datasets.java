package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

/** Statistics over a {@link Dataset}, e.g. the per-channel mean and std a model's Normalize layer uses. */
public final class Datasets {
  private Datasets() {}

  /** Mean of every channel over all examples and pixels. */
  public static double[] channelMean(Dataset data) {
    requireNonEmpty(data);
    int c = data.shape()[0];
    int plane = data.exampleSize() / c;
    double[] sum = new double[c];
    for (int e = 0; e < data.size(); e++) {
      int base = e * data.exampleSize();
      for (int ch = 0; ch < c; ch++) {
        double s = 0;
        int from = base + ch * plane;
        for (int i = from; i < from + plane; i++) {
          s += data.pixel(i);
        }
        sum[ch] += s;
      }
    }
    double count = (double) data.size() * plane;
    for (int ch = 0; ch < c; ch++) {
      sum[ch] /= count;
    }
    return sum;
  }

  /** Population standard deviation (divide by N) of every channel over all examples and pixels. */
  public static double[] channelStd(Dataset data) {
    requireNonEmpty(data);
    double[] mean = channelMean(data);
    int c = mean.length;
    int plane = data.exampleSize() / c;
    double[] sq = new double[c];
    for (int e = 0; e < data.size(); e++) {
      int base = e * data.exampleSize();
      for (int ch = 0; ch < c; ch++) {
        double s = 0;
        double m = mean[ch];
        int from = base + ch * plane;
        for (int i = from; i < from + plane; i++) {
          double d = data.pixel(i) - m;
          s += d * d;
        }
        sq[ch] += s;
      }
    }
    double count = (double) data.size() * plane;
    for (int ch = 0; ch < c; ch++) {
      sq[ch] = Math.sqrt(sq[ch] / count);
    }
    return sq;
  }

  /** Number of examples of each class, indexed by label. */
  public static int[] classCounts(Dataset data) {
    int[] counts = new int[data.numClasses()];
    for (int l : data.labels()) {
      counts[l]++;
    }
    return counts;
  }

  private static void requireNonEmpty(Dataset data) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("dataset " + data.name() + " is empty; channel statistics need examples");
    }
  }
}
