package dev.sparse4j.metrics;

import dev.sparse4j.api.Logits;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.data.Batches;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.metrics.internal.ModelCalls;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * ODIN (Liang et al., 2018): temperature scaling plus input pre-processing, an {@link OodScore} named {@code odin}
 * (at the defaults T = 1000, ε = 0.0014; otherwise {@code odin(T=…,eps=…)}). Higher = more in-distribution. For an
 * input {@code x} with logits {@code z = f(x)} and predicted class {@code ŷ = argmax z}:
 * <pre>
 *   x̃ = x − ε · sign(∇ₓ CE(f(x) / T, ŷ))      (the gradient of −log S_ŷ(x; T))
 *   score = max_k softmax(f(x̃) / T)_k
 * </pre>
 * Both model calls are in evaluation mode; the gradient comes from {@link SparseModel#inputGradient} at temperature
 * T, so any backend with {@link dev.sparse4j.api.spi.Capability#INPUT_GRADIENTS} works (others throw
 * {@link dev.sparse4j.api.spi.UnsupportedCapabilityException}, passed on unchanged).
 *
 * <p><b>Pixel space.</b> The reference code (facebookresearch/odin) perturbs the <i>normalised</i> input and divides
 * the sign by the per-channel std ("to the same space of image"), so its step is ε in [0, 1] pixel units. sparse4j's
 * models contain their own normalisation, so the step is taken directly in pixel space — the same move, and ε keeps
 * the paper's meaning. Like the original, x̃ is <i>not</i> clamped to [0, 1]. One difference: a zero gradient
 * component leaves its pixel unchanged here, while the original's {@code grad ≥ 0} test moves it by −ε.
 *
 * <p>Combine with the logit scores through {@link OodReport#fromScores}:
 * <pre>{@code
 * Map<String, double[]> id = new LinkedHashMap<>(), ood = new LinkedHashMap<>();
 * for (LogitScore s : LogitScore.defaults()) {
 *   id.put(s.name(), s.scores(idLogits, k));
 *   ood.put(s.name(), s.scores(oodLogits, k));
 * }
 * Odin odin = Odin.defaults();
 * id.put(odin.name(), odin.scores(model, test, 250));
 * ood.put(odin.name(), odin.scores(model, mnist, 250));
 * OodReport report = OodReport.fromScores(id, ood);   // keys msp, maxLogit, energy, odin
 * }</pre>
 *
 * @param temperature T, finite and positive
 * @param epsilon the pre-processing magnitude ε in pixel units, finite and ≥ 0 (0 gives plain temperature scaling)
 */
public record Odin(double temperature, double epsilon) implements OodScore {
  /** The paper's temperature, 1000. */
  public static final double DEFAULT_TEMPERATURE = 1000;
  /** The paper's CIFAR perturbation magnitude, 0.0014. */
  public static final double DEFAULT_EPSILON = 0.0014;

  /** Validates the settings. */
  public Odin {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("ODIN temperature must be finite and > 0, got " + temperature);
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("ODIN perturbation ε must be finite and ≥ 0, got " + epsilon);
    }
  }

  /** T = 1000, ε = 0.0014. */
  public static Odin defaults() {
    return new Odin(DEFAULT_TEMPERATURE, DEFAULT_EPSILON);
  }

  /** {@code odin} at the defaults, else {@code odin(T=…,eps=…)}. */
  @Override
  public String name() {
    return temperature == DEFAULT_TEMPERATURE && epsilon == DEFAULT_EPSILON
        ? "odin"
        : "odin(T=" + temperature + ",eps=" + epsilon + ")";
  }

  /**
   * One score per example of {@code data} (labels ignored), computed in batches of {@code batchSize}.
   *
   * @throws IllegalArgumentException for an empty set, examples that do not fit the model, non-finite pixels or
   *     {@code batchSize < 1}
   */
  public double[] scores(SparseModel model, Dataset data, int batchSize) {
    Objects.requireNonNull(data, "data set");
    if (data.size() == 0) {
      throw new IllegalArgumentException("data set '" + data.name() + "' is empty");
    }
    if (data.exampleSize() != Objects.requireNonNull(model, "model").spec().inputSize()) {
      throw new IllegalArgumentException("data set '" + data.name() + "' has examples of shape "
          + Arrays.toString(data.shape()) + " but model '" + model.spec().name() + "' takes "
          + Arrays.toString(model.spec().inputShape()));
    }
    checkBatchSize(batchSize);
    return scores(model, data.size(), batchSize, data::pixels);
  }

  /**
   * One score per example of row-major {@code inputs} ({@code count × inputSize} values), in batches.
   *
   * @throws IllegalArgumentException for mis-sized or non-finite inputs, {@code count < 1} or {@code batchSize < 1}
   */
  public double[] scores(SparseModel model, float[] inputs, int count, int batchSize) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(inputs, "inputs");
    checkBatchSize(batchSize);
    if (count < 1) {
      throw new IllegalArgumentException("ODIN needs at least 1 example, got " + count);
    }
    int per = model.spec().inputSize();
    if (inputs.length != (long) count * per) {
      throw new IllegalArgumentException(inputs.length + " input values for " + count + " examples of " + per
          + " values (model " + model.spec().name() + "); expected " + (long) count * per);
    }
    return scores(model, count, batchSize, (from, n) -> Arrays.copyOfRange(inputs, from * per, (from + n) * per));
  }

  /** Scores {@code count} examples batch by batch; {@code batch} gives the inputs of examples {@code [from, from + n)}. */
  private double[] scores(SparseModel model, int count, int batchSize, BiFunction<Integer, Integer, float[]> batch) {
    int k = model.spec().numClasses();
    double[] out = new double[count];
    Batches.forEach(count, batchSize, (from, n) -> {
      float[] z = ModelCalls.logits(model, preprocess(model, batch.apply(from, n), n), n);
      for (int i = 0; i < n; i++) {
        out[from + i] = maxSoftmax(z, i, k);
      }
    });
    return out;
  }

  private static void checkBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("ODIN batch size must be ≥ 1, got " + batchSize);
    }
  }

  /**
   * The pre-processed inputs {@code x̃ = x − ε·sign(∇ₓ CE(f(x)/T, argmax f(x)))} of one batch (not clamped).
   *
   * @throws IllegalArgumentException for mis-sized or non-finite inputs
   */
  public float[] preprocess(SparseModel model, float[] inputs, int batchSize) {
    ModelCalls.checkBatch(model, inputs, null, batchSize, false);
    if (epsilon == 0) {
      return inputs.clone();
    }
    int k = model.spec().numClasses();
    float[] z = ModelCalls.logits(model, inputs, batchSize);
    int[] predicted = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      predicted[i] = Logits.argmax(z, i, k);
    }
    float[] g = ModelCalls.inputGradient(model, inputs, predicted, batchSize, temperature);
    float[] out = new float[inputs.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = (float) (inputs[j] - epsilon * ModelCalls.sign(g[j]));
    }
    return out;
  }

  /** {@code max_k softmax(z/T)_k = 1 / Σ_k exp((z_k − z_max)/T)} of row {@code row}, in double. */
  private double maxSoftmax(float[] z, int row, int k) {
    double max = LogitArrays.max(z, row, k);
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += Math.exp((z[row * k + c] - max) / temperature);
    }
    return 1 / sum;
  }
}
