package dev.sparse4j.api.model;

import java.util.Arrays;

/**
 * Per-channel input normalisation {@code (x − mean) / std}, part of the model so that attacks work in [0, 1]
 * pixel space. Has no parameters.
 *
 * @param name local name
 * @param mean per-channel mean
 * @param std per-channel standard deviation (positive)
 */
public record Normalize(String name, double[] mean, double[] std) implements Layer {

  /** Validates and copies the arguments. */
  public Normalize {
    Layer.checkName(name);
    mean = mean.clone();
    std = std.clone();
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "normalize needs one mean and one std per channel, got " + mean.length + " and " + std.length);
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("normalize std must be positive, got " + Arrays.toString(std));
      }
    }
  }

  /** A copy of the means. */
  @Override
  public double[] mean() {
    return mean.clone();
  }

  /** A copy of the standard deviations. */
  @Override
  public double[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalize n && name.equals(n.name) && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(mean) * 17 + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalize[" + name + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
