package dev.sparse4j.metrics;

import dev.sparse4j.api.data.Batches;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.spi.SparseModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a trained {@link SparseModel} on any backend: logits of the test set and of each OOD set through
 * {@link SparseModel#logits} in batches (evaluation mode), then {@link ClassificationReport} (accuracy, NLL, Brier,
 * ECE/MCE with 15 right-closed bins) on the test set and an {@link OodReport} (scores {@code msp}, {@code maxLogit},
 * {@code energy}; ID = the test set) per OOD set.
 *
 * <pre>{@code
 * EvaluationResult r = new ModelEvaluator().evaluate(model, fashionTest, Map.of("mnist", mnistDigits));
 * double ece = r.classification().ece();
 * double auroc = r.ood("mnist").get("energy").auroc();
 * }</pre>
 *
 * <p>Stateless apart from its settings; the model is not thread-safe, so evaluate one model on one thread.
 */
public final class ModelEvaluator {
  /** Examples per {@link SparseModel#logits} call unless set otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  private static final Logger LOG = LoggerFactory.getLogger(ModelEvaluator.class);

  private final int batchSize;
  private final List<LogitScore> scores;

  /** An evaluator with batches of {@value #DEFAULT_BATCH_SIZE} and the default OOD scores. */
  public ModelEvaluator() {
    this(DEFAULT_BATCH_SIZE, LogitScore.defaults());
  }

  /**
   * An evaluator with the given batch size and OOD scores.
   *
   * @throws IllegalArgumentException if {@code batchSize < 1} or no score is given
   */
  public ModelEvaluator(int batchSize, List<? extends LogitScore> scores) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("evaluation batch size must be ≥ 1, got " + batchSize);
    }
    if (scores == null || scores.isEmpty()) {
      throw new IllegalArgumentException("no OOD scores given; use LogitScore.defaults()");
    }
    this.batchSize = batchSize;
    this.scores = List.copyOf(scores);
  }

  /** The batch size of {@link SparseModel#logits} calls. */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Evaluates {@code model} on {@code test} and on each OOD set.
   *
   * @param test the in-distribution test set; its labels must be below the model's class count
   * @param oodSets OOD sets by name (e.g. {@code mnist}), evaluated in map order; may be empty. Their labels are
   *     ignored; their examples must have the model's input shape
   * @throws IllegalArgumentException if a set is empty or its examples do not fit the model
   * @throws IllegalStateException if the backend returns the wrong number of logits
   */
  public EvaluationResult evaluate(SparseModel model, Dataset test, Map<String, Dataset> oodSets) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(test, "test set");
    Objects.requireNonNull(oodSets, "OOD sets (use Map.of() for none)");
    long start = System.nanoTime();
    int classes = model.spec().numClasses();
    if (test.numClasses() > classes) {
      throw new IllegalArgumentException("test set '" + test.name() + "' has " + test.numClasses()
          + " classes but model '" + model.spec().name() + "' has only " + classes + " outputs");
    }
    oodSets.forEach((name, d) -> checkFits(model, Objects.requireNonNull(d, "OOD set " + name), "OOD set " + name));
    float[] testLogits = logits(model, test, batchSize);
    ClassificationReport report = ClassificationReport.of(testLogits, classes, test.labels());
    Map<String, OodReport> ood = new LinkedHashMap<>();
    Map<String, float[]> oodLogits = new LinkedHashMap<>();
    for (Map.Entry<String, Dataset> e : oodSets.entrySet()) {
      float[] z = logits(model, e.getValue(), batchSize);
      oodLogits.put(e.getKey(), z);
      ood.put(e.getKey(), OodReport.of(testLogits, z, classes, scores));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.debug("evaluated {} on {} test and {} OOD sets in {} s", model.spec().name(), test.size(), oodSets.size(),
        seconds);
    return new EvaluationResult(classes, report, ood, testLogits, test.labels(), oodLogits, seconds);
  }

  /**
   * Logits of every example of {@code data} in evaluation mode, row-major {@code float[n × numClasses]}, computed
   * in batches of {@code batchSize}.
   *
   * @throws IllegalArgumentException if the set is empty or its examples do not fit the model
   * @throws IllegalStateException if the backend returns the wrong number of logits
   */
  public static float[] logits(SparseModel model, Dataset data, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("evaluation batch size must be ≥ 1, got " + batchSize);
    }
    checkFits(model, data, "data set");
    return Batches.logits(model, data, data.size(), batchSize);
  }

  private static void checkFits(SparseModel model, Dataset data, String role) {
    if (data.size() == 0) {
      throw new IllegalArgumentException(role + " '" + data.name() + "' is empty");
    }
    int inputSize = model.spec().inputSize();
    if (data.exampleSize() != inputSize) {
      throw new IllegalArgumentException(role + " '" + data.name() + "' has examples of shape "
          + Arrays.toString(data.shape()) + " but model '" + model.spec().name() + "' takes "
          + Arrays.toString(model.spec().inputShape()));
    }
  }
}
