package dev.sparse4j.metrics;

import dev.sparse4j.metrics.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OOD-detection results of several scores on one ID/OOD pair, keyed by {@link OodScore#name()} in evaluation order.
 *
 * @param idCount number of in-distribution examples
 * @param oodCount number of out-of-distribution examples
 * @param byScore results per score name
 */
public record OodReport(int idCount, int oodCount, Map<String, OodResult> byScore) {

  /** Copies the map, keeping its order. */
  public OodReport {
    byScore = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byScore));
  }

  /** Evaluates the default scores {@code msp}, {@code maxLogit}, {@code energy} on ID and OOD logits. */
  public static OodReport of(float[] idLogits, float[] oodLogits, int numClasses) {
    return of(idLogits, oodLogits, numClasses, LogitScore.defaults());
  }

  /**
   * Evaluates the given logit scores.
   *
   * @param idLogits in-distribution logits, row-major {@code float[n_id × numClasses]}
   * @param oodLogits out-of-distribution logits, row-major {@code float[n_ood × numClasses]}
   * @throws IllegalArgumentException for empty or malformed logits, no scores, or two scores with one name
   */
  public static OodReport of(float[] idLogits, float[] oodLogits, int numClasses, List<? extends LogitScore> scores) {
    Checks.rows(idLogits, numClasses, "in-distribution (ID) logits");
    Checks.rows(oodLogits, numClasses, "out-of-distribution (OOD) logits");
    if (scores == null || scores.isEmpty()) {
      throw new IllegalArgumentException("no OOD scores given; use LogitScore.defaults()");
    }
    Map<String, double[]> id = new LinkedHashMap<>();
    Map<String, double[]> ood = new LinkedHashMap<>();
    for (LogitScore s : scores) {
      if (id.put(s.name(), s.scores(idLogits, numClasses)) != null) {
        throw new IllegalArgumentException("two OOD scores are named '" + s.name() + "'");
      }
      ood.put(s.name(), s.scores(oodLogits, numClasses));
    }
    return fromScores(id, ood);
  }

  /**
   * Evaluates precomputed scores (e.g. ODIN's, which need the model), in the order of {@code idScores}.
   *
   * @param idScores per score name, the ID examples' scores
   * @param oodScores per score name, the OOD examples' scores; same names as {@code idScores}
   */
  public static OodReport fromScores(Map<String, double[]> idScores, Map<String, double[]> oodScores) {
    if (idScores == null || oodScores == null || idScores.isEmpty()) {
      throw new IllegalArgumentException("no OOD scores given");
    }
    if (!idScores.keySet().equals(oodScores.keySet())) {
      throw new IllegalArgumentException("ID scores are named " + idScores.keySet() + " but OOD scores "
          + oodScores.keySet() + "; give both for every score");
    }
    Map<String, OodResult> results = new LinkedHashMap<>();
    int nId = -1;
    int nOod = -1;
    for (Map.Entry<String, double[]> e : idScores.entrySet()) {
      double[] id = e.getValue();
      double[] ood = oodScores.get(e.getKey());
      if (id == null || ood == null) {
        throw new IllegalArgumentException("score '" + e.getKey() + "' has no values");
      }
      if (nId >= 0 && (id.length != nId || ood.length != nOod)) {
        throw new IllegalArgumentException("score '" + e.getKey() + "' has " + id.length + " ID and " + ood.length
            + " OOD values but the first score has " + nId + " and " + nOod + "; all scores must cover the same examples");
      }
      nId = id.length;
      nOod = ood.length;
      results.put(e.getKey(), OodMetrics.evaluate(id, ood));
    }
    return new OodReport(nId, nOod, results);
  }

  /** The score names in evaluation order. */
  public List<String> scoreNames() {
    return new ArrayList<>(byScore.keySet());
  }

  /**
   * The result of one score.
   *
   * @throws IllegalArgumentException naming the available scores if {@code scoreName} is not among them
   */
  public OodResult get(String scoreName) {
    OodResult r = byScore.get(scoreName);
    if (r == null) {
      throw new IllegalArgumentException("no OOD score '" + scoreName + "'; this report has " + byScore.keySet());
    }
    return r;
  }
}
