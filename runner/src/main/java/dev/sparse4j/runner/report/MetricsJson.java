package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metrics} of a report or {@code eval.json}: classification and calibration on the test set, OOD
 * detection per OOD set and score, and robustness when the attacks ran. A value that was not measured (or is not a
 * number) is {@code null}.
 *
 * @param count test examples evaluated
 * @param accuracy top-1 accuracy
 * @param nll mean negative log-likelihood
 * @param brier mean Brier score
 * @param ece expected calibration error
 * @param mce maximum calibration error
 * @param ood OOD set → score name ({@code msp}, {@code maxLogit}, {@code energy}, {@code odin}) → detection metrics
 * @param robustness the attacks' results, or {@code null} when they did not run
 */
@JsonPropertyOrder({"count", "accuracy", "nll", "brier", "ece", "mce", "ood", "robustness"})
public record MetricsJson(int count, double accuracy, double nll, double brier, double ece, double mce,
    Map<String, Map<String, OodScore>> ood, @JsonInclude(JsonInclude.Include.NON_NULL) Robustness robustness) {

  /** Copies the maps (empty when absent). */
  public MetricsJson {
    Map<String, Map<String, OodScore>> copy = new LinkedHashMap<>();
    if (ood != null) {
      ood.forEach((set, scores) -> copy.put(set, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores))));
    }
    ood = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * How well one score separates the test set (in-distribution, positive) from an OOD set.
   *
   * @param auroc area under the ROC curve
   * @param auprIn area under the precision-recall curve, in-distribution as positive
   * @param auprOut area under the precision-recall curve, OOD as positive
   * @param fpr95 false-positive rate at 95 % true-positive rate
   */
  @JsonPropertyOrder({"auroc", "auprIn", "auprOut", "fpr95"})
  public record OodScore(double auroc, double auprIn, double auprOut, double fpr95) {}

  /**
   * Accuracy under attack, on the first {@code count} test examples.
   *
   * @param count examples attacked
   * @param cleanAccuracy accuracy on them without attack
   * @param seed root seed of the random starts
   * @param norm the norm of FGSM and PGD ({@code linf}); PGD-L2 bounds each example's L2 norm
   * @param space in which space the radii apply
   * @param fgsm FGSM, one point per radius
   * @param pgd PGD-L∞, one point per radius; absent when off
   * @param pgdL2 PGD-L2, one point per radius; absent when off
   * @param pgdRandomStart whether PGD starts from a random point in the ball; absent without PGD
   * @param seconds time spent on the attacks
   */
  @JsonPropertyOrder({"count", "cleanAccuracy", "seed", "norm", "space", "fgsm", "pgd", "pgd-l2", "pgdRandomStart",
      "seconds"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Robustness(int count, double cleanAccuracy, long seed, String norm, String space,
      List<AttackPoint> fgsm, List<AttackPoint> pgd, @JsonProperty("pgd-l2") List<AttackPoint> pgdL2,
      Boolean pgdRandomStart, double seconds) {

    /** The points of attack {@code name} ({@code fgsm}, {@code pgd}, {@code pgd-l2}); empty when it did not run. */
    public List<AttackPoint> attack(String name) {
      List<AttackPoint> points = switch (name) {
        case "fgsm" -> fgsm;
        case "pgd" -> pgd;
        case "pgd-l2" -> pgdL2;
        default -> null;
      };
      return points == null ? List.of() : points;
    }
  }

  /**
   * Accuracy at one radius.
   *
   * @param eps the radius
   * @param steps attack steps
   * @param alpha step size
   * @param accuracy accuracy on the attacked examples
   */
  @JsonPropertyOrder({"eps", "steps", "alpha", "accuracy"})
  public record AttackPoint(double eps, int steps, double alpha, double accuracy) {}

  /**
   * This report's metrics with the robustness and ODIN results of {@code now} merged in: {@code robustness} and
   * every {@code ood.<set>.odin} replace this report's; OOD scores it lacks are added; the other metrics keep the
   * values measured after training.
   *
   * @param set receives the paths of the fields set, e.g. {@code metrics.robustness}, {@code metrics.ood.mnist.odin}
   */
  public MetricsJson mergedWith(MetricsJson now, List<String> set) {
    Robustness rob = robustness;
    if (now.robustness() != null) {
      rob = now.robustness();
      set.add("metrics.robustness");
    }
    Map<String, Map<String, OodScore>> merged = new LinkedHashMap<>();
    ood.forEach((k, v) -> merged.put(k, new LinkedHashMap<>(v)));
    now.ood().forEach((name, scores) -> {
      Map<String, OodScore> dest = merged.computeIfAbsent(name, k -> new LinkedHashMap<>());
      scores.forEach((score, value) -> {
        if (score.equals("odin") || !dest.containsKey(score)) {
          dest.put(score, value);
          set.add("metrics.ood." + name + "." + score);
        }
      });
    });
    return new MetricsJson(count, accuracy, nll, brier, ece, mce, merged, rob);
  }

  /**
   * The accuracy of {@code attack} at radius {@code eps} in {@code robustness}, or NaN when it was not measured.
   *
   * @param robustness a report's robustness, may be {@code null}
   */
  public static double accuracy(Robustness robustness, String attack, double eps) {
    if (robustness == null) {
      return Double.NaN;
    }
    for (AttackPoint p : robustness.attack(attack)) {
      if (sameRadius(p.eps(), eps) && !Double.isNaN(p.accuracy())) {
        return p.accuracy();
      }
    }
    return Double.NaN;
  }

  /** The OOD set names. */
  public List<String> oodSets() {
    return new ArrayList<>(ood.keySet());
  }

  /** Whether two radii are the same up to the rounding of a value written to JSON and read back. */
  public static boolean sameRadius(double a, double b) {
    return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
  }
}
