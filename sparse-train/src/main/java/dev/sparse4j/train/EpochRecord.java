package dev.sparse4j.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch produced.
 *
 * @param epoch 1-based epoch number ({@code 1} is the first epoch)
 * @param loss mean training cross-entropy over the epoch's examples (each step's loss is measured before its update)
 * @param trainAccuracy fraction of training examples classified correctly during the epoch
 * @param testAccuracy accuracy on the test set after the epoch, or {@code NaN} when there is no test set
 * @param learningRate the learning rate used during the epoch
 * @param seconds wall-clock seconds of the epoch, training and evaluation together
 * @param itop with dynamic sparse training, the ITOP rate after the epoch (the fraction of all prunable weights
 *     ever active so far); {@code null} for static training
 * @param itopLayers with dynamic sparse training, the ITOP rate of each prunable tensor; empty otherwise
 * @param topologyUpdates with dynamic sparse training, the topology updates made so far; {@code null} otherwise
 */
public record EpochRecord(
    int epoch, double loss, double trainAccuracy, double testAccuracy, double learningRate, double seconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double itop,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> itopLayers,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long topologyUpdates) {

  /** Checks the epoch number and copies the map; an absent (NaN) ITOP rate is {@code null}. */
  @JsonCreator
  public EpochRecord {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch numbers start at 1, got " + epoch);
    }
    itopLayers = itopLayers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(itopLayers));
    if (itop != null && itop.isNaN()) {
      itop = null; // the JSON mapper reads an absent number as NaN; a rate is never NaN
    }
  }

  /** The record of a static-sparse (or dense) epoch. */
  public EpochRecord(int epoch, double loss, double trainAccuracy, double testAccuracy, double learningRate,
      double seconds) {
    this(epoch, loss, trainAccuracy, testAccuracy, learningRate, seconds, null, Map.of(), null);
  }

  /** Whether the ITOP rate was tracked (dynamic sparse training). */
  public boolean hasItop() {
    return itop != null;
  }

  /** Whether a test accuracy was measured. */
  public boolean hasTestAccuracy() {
    return !Double.isNaN(testAccuracy);
  }
}
