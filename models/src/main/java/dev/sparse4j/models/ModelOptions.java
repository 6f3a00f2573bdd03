package dev.sparse4j.models;

import java.util.Arrays;
import java.util.Objects;

/**
 * What every zoo model needs besides its name: the per-example input shape, the class count, a width multiplier
 * and optional per-channel input normalisation.
 *
 * @param inputShape per-example input shape, {@code [C, H, W]} (e.g. {@code 1x28x28}) or {@code [F]} for flat
 *     inputs (only MLPs accept those)
 * @param numClasses number of output logits, at least 1
 * @param width channel / hidden-unit multiplier, any finite positive number ({@code 1} = the paper's model)
 * @param normMean per-channel mean, one value per input channel, or {@code null} for no normalisation; when set the
 *     model starts with a parameter-free {@code Normalize} layer named {@code normalize}
 * @param normStd per-channel standard deviation (positive), {@code null} exactly when {@code normMean} is
 */
public record ModelOptions(int[] inputShape, int numClasses, double width, double[] normMean, double[] normStd) {

  /** Validates and defensively copies the arguments. */
  public ModelOptions {
    Objects.requireNonNull(inputShape, "inputShape must not be null; use Models.parseShape(\"1x28x28\")");
    inputShape = inputShape.clone();
    if (inputShape.length != 1 && inputShape.length != 3) {
      throw new IllegalArgumentException("input shape must be [C, H, W] (e.g. 1x28x28, 3x32x32) or [F] for flat"
          + " inputs, got " + Arrays.toString(inputShape));
    }
    for (int d : inputShape) {
      if (d <= 0) {
        throw new IllegalArgumentException("every input dimension must be positive, got " + Arrays.toString(inputShape));
      }
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
    }
    if (!(width > 0) || Double.isInfinite(width)) {
      throw new IllegalArgumentException("width multiplier must be a finite number > 0 (1 = the original model), got "
          + width);
    }
    if ((normMean == null) != (normStd == null)) {
      throw new IllegalArgumentException(
          "normalisation needs both a mean and a std per channel (or neither); got only the "
              + (normMean == null ? "std" : "mean"));
    }
    if (normMean != null) {
      normMean = normMean.clone();
      normStd = normStd.clone();
      int channels = inputShape[0];
      if (normMean.length != channels || normStd.length != channels) {
        throw new IllegalArgumentException("normalisation needs one mean and one std per input channel: the input "
            + Arrays.toString(inputShape) + " has " + channels + " channel(s) but got " + normMean.length
            + " mean(s) and " + normStd.length + " std(s)");
      }
      for (int i = 0; i < channels; i++) {
        if (!Double.isFinite(normMean[i])) {
          throw new IllegalArgumentException("normalisation mean must be finite, got " + Arrays.toString(normMean));
        }
        if (!(normStd[i] > 0) || Double.isInfinite(normStd[i])) {
          throw new IllegalArgumentException(
              "normalisation std must be finite and positive, got " + Arrays.toString(normStd));
        }
      }
    }
  }

  /** Options with width 1 and no normalisation. */
  public static ModelOptions of(int[] inputShape, int numClasses) {
    return new ModelOptions(inputShape, numClasses, 1.0, null, null);
  }

  /** A copy with another width multiplier. */
  public ModelOptions withWidth(double width) {
    return new ModelOptions(inputShape, numClasses, width, normMean, normStd);
  }

  /** A copy with per-channel normalisation {@code (x − mean) / std}; {@code null, null} removes it. */
  public ModelOptions withNormalization(double[] mean, double[] std) {
    return new ModelOptions(inputShape, numClasses, width, mean, std);
  }

  /** Whether the model starts with a {@code Normalize} layer. */
  public boolean normalized() {
    return normMean != null;
  }

  /** A copy of the input shape. */
  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** A copy of the per-channel means, or {@code null}. */
  @Override
  public double[] normMean() {
    return normMean == null ? null : normMean.clone();
  }

  /** A copy of the per-channel standard deviations, or {@code null}. */
  @Override
  public double[] normStd() {
    return normStd == null ? null : normStd.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelOptions m
        && Arrays.equals(inputShape, m.inputShape)
        && numClasses == m.numClasses
        && Double.compare(width, m.width) == 0
        && Arrays.equals(normMean, m.normMean)
        && Arrays.equals(normStd, m.normStd);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(inputShape), numClasses, width, Arrays.hashCode(normMean),
        Arrays.hashCode(normStd));
  }

  @Override
  public String toString() {
    return "ModelOptions[input " + Models.shapeString(inputShape) + ", " + numClasses + " classes, width " + width
        + (normMean == null ? "" : ", mean " + Arrays.toString(normMean) + ", std " + Arrays.toString(normStd)) + "]";
  }
}
