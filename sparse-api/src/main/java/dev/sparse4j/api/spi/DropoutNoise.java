package dev.sparse4j.api.spi;

import dev.sparse4j.api.SplitMix64;

/**
 * Dropout masks drawn in pure Java, so every backend drops the same activations for the same step: element
 * {@code i} of layer {@code path} is dropped when the {@code i}-th {@link SplitMix64#nextDouble()} of the stream
 * {@code SplitMix64.forStream(noiseSeed, path)} is below {@code p}; kept elements are scaled by {@code 1/(1−p)}
 * (inverted dropout, as {@code torch.nn.Dropout}). Elements are numbered row-major in the canonical NCHW (or
 * {@code [batch, F]}) layout; a channels-last engine converts the mask with {@link TensorLayouts}.
 */
public final class DropoutNoise {
  private DropoutNoise() {}

  /**
   * The multiplier of each activation: 0 for dropped, {@code 1/(1−p)} for kept.
   *
   * @param noiseSeed the step's noise seed
   * @param layerPath the dropout layer's full path in the spec (e.g. {@code layer1.0.dropout})
   * @param numel activations of the whole batch
   * @param p drop probability in [0, 1)
   * @throws IllegalArgumentException for a negative size or a probability outside [0, 1)
   */
  public static float[] mask(long noiseSeed, String layerPath, int numel, double p) {
    if (numel < 0) {
      throw new IllegalArgumentException("numel must be ≥ 0, got " + numel);
    }
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    float[] out = new float[numel];
    float keep = (float) (1.0 / (1.0 - p));
    if (p == 0) {
      java.util.Arrays.fill(out, 1f);
      return out;
    }
    SplitMix64 r = SplitMix64.forStream(noiseSeed, layerPath);
    for (int i = 0; i < numel; i++) {
      out[i] = r.nextDouble() < p ? 0f : keep;
    }
    return out;
  }
}
