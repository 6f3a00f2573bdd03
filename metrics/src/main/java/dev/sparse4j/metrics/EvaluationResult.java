package dev.sparse4j.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ModelEvaluator} measured: classification and calibration on the test set, OOD detection per OOD set,
 * and the raw logits they were computed from (for {@code logits.npz} or further analysis).
 *
 * @param numClasses logits per example
 * @param classification accuracy, NLL, Brier score, ECE/MCE and reliability bins on the test set
 * @param ood per OOD set name, in the order given, the OOD report of the default logit scores
 * @param testLogits row-major {@code float[n × numClasses]} test logits (not copied)
 * @param testLabels the test labels, one per row (not copied)
 * @param oodLogits per OOD set name, row-major logits (not copied)
 * @param seconds wall-clock seconds of the evaluation
 */
public record EvaluationResult(
    int numClasses,
    ClassificationReport classification,
    Map<String, OodReport> ood,
    float[] testLogits,
    int[] testLabels,
    Map<String, float[]> oodLogits,
    double seconds) {

  /** Checks the pieces fit together and makes the maps unmodifiable (arrays are not copied: they are large). */
  public EvaluationResult {
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(testLogits, "testLogits");
    Objects.requireNonNull(testLabels, "testLabels");
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
    }
    if ((long) testLabels.length * numClasses != testLogits.length) {
      throw new IllegalArgumentException(testLabels.length + " test labels × " + numClasses + " classes ≠ "
          + testLogits.length + " test logits");
    }
    ood = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(ood, "ood")));
    oodLogits = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(oodLogits, "oodLogits")));
    if (!ood.keySet().equals(oodLogits.keySet())) {
      throw new IllegalArgumentException("OOD reports for " + ood.keySet() + " but logits for " + oodLogits.keySet());
    }
  }

  /** Top-1 test accuracy. */
  public double accuracy() {
    return classification.accuracy();
  }

  /**
   * The OOD report of set {@code name}.
   *
   * @throws IllegalArgumentException naming the evaluated sets if there is none
   */
  public OodReport ood(String name) {
    OodReport r = ood.get(name);
    if (r == null) {
      throw new IllegalArgumentException("no OOD set '" + name + "' was evaluated; OOD sets: " + ood.keySet());
    }
    return r;
  }
}
