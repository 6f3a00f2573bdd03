package dev.sparse4j.tck;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded test data for the backend contracts: inputs, labels, masks and cross-entropy in double precision. */
public final class BackendData {
  private BackendData() {}

  /** {@code n} values uniform in [0, 1). */
  public static float[] inputs(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }

  /** {@code n} labels in [0, classes). */
  public static int[] labels(int n, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(classes);
    }
    return y;
  }

  /**
   * A Bernoulli mask for every prunable parameter, each keeping about {@code density} of its positions and at
   * least one kept and one pruned position.
   */
  public static MaskSet masks(List<ParamSpec> prunable, double density, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Mask> out = new LinkedHashMap<>();
    for (ParamSpec p : prunable) {
      boolean[] keep = new boolean[p.numel()];
      for (int i = 0; i < keep.length; i++) {
        keep[i] = r.nextDouble() < density;
      }
      keep[0] = true;
      keep[keep.length - 1] = false;
      out.put(p.name(), Mask.ofBooleans(p.shape(), keep));
    }
    return MaskSet.of(out);
  }

  /** Cross-entropy of {@code logits / temperature} per example, from a max-shifted log-sum-exp in double. */
  public static double[] crossEntropy(double[] logits, int[] labels, double temperature) {
    int k = logits.length / labels.length;
    double[] out = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, logits[i * k + j] / temperature);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(logits[i * k + j] / temperature - max);
      }
      out[i] = max + Math.log(sum) - logits[i * k + labels[i]] / temperature;
    }
    return out;
  }

  /** Float logits widened to double. */
  public static double[] widen(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  /** Mean of {@code values}. */
  public static double mean(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }

  /** Sum of {@code values}. */
  public static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
