package dev.sparse4j.metrics.internal;

import dev.sparse4j.api.spi.SparseModel;
import java.util.Objects;

/**
 * Checked calls into a {@link SparseModel} for the attacks and ODIN: inputs are validated before the backend sees
 * them, and what the backend returns is checked for size and finiteness, so a broken backend fails with a clear
 * message instead of silently producing NaN accuracies.
 */
public final class ModelCalls {
  private ModelCalls() {}

  /**
   * Validates one batch and returns the number of values per example.
   *
   * @param labels labels or targets, one per example in {@code [0, numClasses)}; {@code null} to skip
   * @param pixelSpace whether values must lie in [0, 1] (attacks clamp to that range, so other inputs are an error)
   */
  public static int checkBatch(SparseModel model, float[] inputs, int[] labels, int batchSize, boolean pixelSpace) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(inputs, "inputs");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
    }
    int per = model.spec().inputSize();
    if (inputs.length != (long) batchSize * per) {
      throw new IllegalArgumentException(inputs.length + " input values for a batch of " + batchSize + " examples of "
          + per + " values (model " + model.spec().name() + "); expected " + (long) batchSize * per);
    }
    checkValues(inputs, 0, inputs.length, per, 0, pixelSpace);
    if (labels != null) {
      int classes = model.spec().numClasses();
      if (labels.length != batchSize) {
        throw new IllegalArgumentException(labels.length + " labels for a batch of " + batchSize
            + "; give one label per example");
      }
      for (int i = 0; i < batchSize; i++) {
        if (labels[i] < 0 || labels[i] >= classes) {
          throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, " + classes
              + ") for model " + model.spec().name());
        }
      }
    }
    return per;
  }

  /**
   * Checks {@code values[from, to)} are finite and, with {@code pixelSpace}, inside [0, 1].
   *
   * @param per values per example, to name the example in messages
   * @param firstExample the index of the example at {@code from}, for messages
   */
  public static void checkValues(float[] values, int from, int to, int per, long firstExample, boolean pixelSpace) {
    for (int i = from; i < to; i++) {
      float v = values[i];
      if (!Float.isFinite(v) || (pixelSpace && (v < 0f || v > 1f))) {
        long example = firstExample + (i - from) / per;
        int pixel = (i - from) % per;
        throw new IllegalArgumentException("input value " + v + " at example " + example + ", position " + pixel
            + (pixelSpace
                ? " is outside [0, 1]; attacks work in [0, 1] pixel space before normalisation (the model normalises"
                    + " its own inputs), so pass unnormalised pixels"
                : " is not finite"));
      }
    }
  }

  /** {@link SparseModel#logits}, checked for size and finiteness. */
  public static float[] logits(SparseModel model, float[] inputs, int batchSize) {
    float[] z = model.logits(inputs, batchSize);
    int classes = model.spec().numClasses();
    check(model, z, (long) batchSize * classes, "logits", classes);
    return z;
  }

  /**
   * {@link SparseModel#inputGradient}, checked for size and finiteness.
   *
   * @throws dev.sparse4j.api.spi.UnsupportedCapabilityException from the backend if it lacks input gradients
   */
  public static float[] inputGradient(SparseModel model, float[] inputs, int[] targets, int batchSize,
      double temperature) {
    float[] g = model.inputGradient(inputs, targets, batchSize, temperature);
    int per = model.spec().inputSize();
    check(model, g, (long) batchSize * per, "input-gradient", per);
    return g;
  }

  private static void check(SparseModel model, float[] values, long expected, String what, int per) {
    if (values == null || values.length != expected) {
      throw new IllegalStateException("backend " + model.backendId() + " returned "
          + (values == null ? "no" : String.valueOf(values.length)) + " " + what + " values, expected " + expected);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalStateException("backend " + model.backendId() + " returned a non-finite " + what + " value ("
            + values[i] + ") for example " + i / per + "; the model may have diverged");
      }
    }
  }

  /** {@code −1}, {@code 0} or {@code +1}: the sign used by FGSM, PGD-L∞ and ODIN (a zero gradient moves nothing). */
  public static double sign(float g) {
    return g > 0 ? 1 : g < 0 ? -1 : 0;
  }
}
