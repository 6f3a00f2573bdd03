package dev.sparse4j.metrics;

import dev.sparse4j.metrics.internal.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Threshold-free OOD-detection metrics on per-example scores (higher = more in-distribution). All run in
 * {@code O(n log n)} by sorting. Scores may repeat; NaN is rejected.
 */
public final class OodMetrics {
  private OodMetrics() {}

  /** AUROC, AUPR-in, AUPR-out and FPR@95%TPR in one call. */
  public static OodResult evaluate(double[] idScores, double[] oodScores) {
    check(idScores, oodScores);
    return new OodResult(auroc(idScores, oodScores), auprIn(idScores, oodScores), auprOut(idScores, oodScores),
        fpr95(idScores, oodScores), idScores.length, oodScores.length);
  }

  /**
   * Area under the ROC curve with ID as the positive class: the Mann–Whitney statistic
   * {@code P(s_id > s_ood) + ½·P(s_id = s_ood)}, equal to the exact trapezoid area.
   */
  public static double auroc(double[] idScores, double[] oodScores) {
    check(idScores, oodScores);
    double[] id = sorted(idScores);
    double[] ood = sorted(oodScores);
    // Walk tie groups in increasing order; twice U stays an exact integer.
    long twiceU = 0;
    long oodBelow = 0;
    int i = 0;
    int j = 0;
    while (i < id.length) {
      double v = j < ood.length ? Math.min(id[i], ood[j]) : id[i];
      int idTies = 0;
      while (i < id.length && id[i] == v) {
        i++;
        idTies++;
      }
      int oodTies = 0;
      while (j < ood.length && ood[j] == v) {
        j++;
        oodTies++;
      }
      twiceU += idTies * (2 * oodBelow + oodTies);
      oodBelow += oodTies;
    }
    return twiceU / (2.0 * id.length * ood.length);
  }

  /** Average precision with ID positive and the score as is. */
  public static double auprIn(double[] idScores, double[] oodScores) {
    check(idScores, oodScores);
    return averagePrecision(idScores, oodScores);
  }

  /** Average precision with OOD positive and the negated score. */
  public static double auprOut(double[] idScores, double[] oodScores) {
    check(idScores, oodScores);
    return averagePrecision(negate(oodScores), negate(idScores));
  }

  /**
   * Step-wise average precision as scikit-learn's {@code average_precision_score}:
   * {@code AP = Σ_n (R_n − R_{n−1})·P_n} over the distinct score values taken as thresholds in decreasing order
   * (an example is predicted positive when its score is ≥ the threshold), {@code R_0 = 0}.
   *
   * @param positiveScores scores of the positive class (should be higher)
   * @param negativeScores scores of the negative class
   */
  public static double averagePrecision(double[] positiveScores, double[] negativeScores) {
    Checks.scores(positiveScores, "positive");
    Checks.scores(negativeScores, "negative");
    double[] pos = sorted(positiveScores);
    double[] neg = sorted(negativeScores);
    int i = pos.length - 1;
    int j = neg.length - 1;
    long tp = 0;
    long fp = 0;
    // Σ newTp·precision is accumulated before the one division by n: each term is ≤ newTp exactly, so the result
    // cannot exceed 1 through rounding (dividing every term first gave 1.0000000000000004).
    double weighted = 0;
    while (i >= 0) {
      double v = j >= 0 ? Math.max(pos[i], neg[j]) : pos[i];
      long newTp = 0;
      while (i >= 0 && pos[i] == v) {
        i--;
        newTp++;
      }
      while (j >= 0 && neg[j] == v) {
        j--;
        fp++;
      }
      tp += newTp;
      // Thresholds that add no positive leave recall unchanged and contribute nothing.
      weighted += newTp * ((double) tp / (tp + fp));
    }
    return weighted / pos.length;
  }

  /** FPR at 95 % TPR, see {@link #fprAtTpr(double[], double[], double)}. */
  public static double fpr95(double[] idScores, double[] oodScores) {
    return fprAtTpr(idScores, oodScores, 0.95);
  }

  /**
   * False-positive rate at a true-positive rate, ID positive: τ is the largest value such that at least
   * {@code ⌈tpr·n_id⌉} ID scores are ≥ τ (the {@code ⌈tpr·n_id⌉}-th largest ID score); the result is the fraction of
   * OOD scores ≥ τ.
   *
   * @param tpr required true-positive rate in (0, 1]; the product {@code tpr·n_id} is taken in exact decimal
   *     arithmetic so that 0.95·20 is 19, not 19.000000000000004
   */
  public static double fprAtTpr(double[] idScores, double[] oodScores, double tpr) {
    check(idScores, oodScores);
    if (!(tpr > 0 && tpr <= 1)) {
      throw new IllegalArgumentException("true-positive rate must be in (0, 1], got " + tpr);
    }
    double[] id = sorted(idScores);
    int keep = BigDecimal.valueOf(tpr).multiply(BigDecimal.valueOf(id.length))
        .setScale(0, RoundingMode.CEILING).intValueExact();
    double tau = id[id.length - keep];
    long falsePositives = 0;
    for (double s : oodScores) {
      if (s >= tau) {
        falsePositives++;
      }
    }
    return falsePositives / (double) oodScores.length;
  }

  private static void check(double[] idScores, double[] oodScores) {
    Checks.scores(idScores, "in-distribution (ID)");
    Checks.scores(oodScores, "out-of-distribution (OOD)");
  }

  private static double[] sorted(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s;
  }

  private static double[] negate(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return out;
  }
}
