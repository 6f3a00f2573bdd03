package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sparse4j.metrics.Calibration;
import java.util.List;
import java.util.Locale;

/**
 * The reliability diagram of the test set: confidence bins with their accuracy.
 *
 * @param bins number of bins
 * @param edges which edge a bin includes ({@code right-closed})
 * @param table the bins, lowest confidence first
 */
@JsonPropertyOrder({"bins", "edges", "table"})
public record ReliabilityJson(int bins, String edges, List<Bin> table) {

  /**
   * One confidence bin.
   *
   * @param lower lower confidence edge
   * @param upper upper confidence edge
   * @param count test examples whose confidence falls in it
   * @param accuracy their accuracy (0 when empty)
   * @param confidence their mean confidence (0 when empty)
   */
  @JsonPropertyOrder({"lower", "upper", "count", "accuracy", "confidence"})
  public record Bin(double lower, double upper, int count, double accuracy, double confidence) {}

  /** The diagram of {@code c}. */
  public static ReliabilityJson of(Calibration c) {
    return new ReliabilityJson(c.numBins(), c.edges().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        c.bins().stream().map(b -> new Bin(b.lower(), b.upper(), b.count(), b.accuracy(), b.confidence())).toList());
  }
}
