package dev.sparse4j.metrics;

import static dev.sparse4j.metrics.ClassificationMetricsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OodMetricsTest {

  /** O(n²) Mann–Whitney: pairs with ID higher count 1, ties ½. */
  private static double pairCountAuroc(double[] id, double[] ood) {
    double u = 0;
    for (double a : id) {
      for (double b : ood) {
        u += a > b ? 1 : a == b ? 0.5 : 0;
      }
    }
    return u / ((double) id.length * ood.length);
  }

  /**
   * Brute-force AP written differently from the code under test: the mean over positives of the precision at the
   * threshold equal to that positive's score (all examples ≥ it predicted positive). With tied positives this equals
   * sklearn's Σ (R_n − R_{n−1}) P_n because tied positives share one threshold and one precision.
   */
  private static double bruteForceAp(double[] pos, double[] neg) {
    double sum = 0;
    for (double t : pos) {
      int tp = 0;
      int fp = 0;
      for (double p : pos) {
        tp += p >= t ? 1 : 0;
      }
      for (double q : neg) {
        fp += q >= t ? 1 : 0;
      }
      sum += (double) tp / (tp + fp);
    }
    return sum / pos.length;
  }

  private static double[] randomWithTies(Random rnd, int n, double shift) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextInt(12) / 4.0 + shift; // only 12 distinct values: many ties within and across sets
    }
    return a;
  }

  @Test
  void aurocByHand() {
    // ID {0.9, 0.5, 0.5}, OOD {0.5, 0.1}: pairs 0.9 beats both (2), each 0.5 ties 0.5 (½) and beats 0.1 (1)
    // → U = 2 + 1.5 + 1.5 = 5 of 6.
    assertEquals(5.0 / 6, OodMetrics.auroc(new double[] {0.9, 0.5, 0.5}, new double[] {0.5, 0.1}), 1e-15);
    assertEquals(1.0, OodMetrics.auroc(new double[] {2, 3}, new double[] {1}));
    assertEquals(0.0, OodMetrics.auroc(new double[] {0}, new double[] {1, 2}));
    assertEquals(0.5, OodMetrics.auroc(new double[] {1, 1}, new double[] {1, 1, 1}));
  }

  @Test
  void aurocMatchesPairCountOnRandomDataWithTies() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 50; trial++) {
      double[] id = randomWithTies(rnd, 1 + rnd.nextInt(60), 0.5);
      double[] ood = randomWithTies(rnd, 1 + rnd.nextInt(60), 0);
      assertEquals(pairCountAuroc(id, ood), OodMetrics.auroc(id, ood), 1e-12, "trial " + trial);
    }
  }

  @Test
  void averagePrecisionByHand() {
    // scikit-learn's docstring example: y_true [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] → 0.8333…
    // thresholds 0.8 (P 1, R ½), 0.4 (P ½, R ½), 0.35 (P ⅔, R 1): AP = ½·1 + ½·⅔ = 5/6.
    assertEquals(5.0 / 6, OodMetrics.averagePrecision(new double[] {0.35, 0.8}, new double[] {0.1, 0.4}), 1e-15);
    // One tied threshold: P = ½ at R = 1.
    assertEquals(0.5, OodMetrics.averagePrecision(new double[] {0.5}, new double[] {0.5}), 1e-15);
    // Positive ties with a negative at the top: threshold 2 takes {2, 2, 2(neg)}: P ⅔, R ⅔; threshold 1: P ¾, R 1.
    // AP = ⅔·⅔ + ⅓·¾ = 4/9 + 1/4 = 25/36.
    assertEquals(25.0 / 36, OodMetrics.averagePrecision(new double[] {2, 2, 1}, new double[] {2, 0}), 1e-15);
  }

  @Test
  void auprMatchesBruteForceOnRandomDataWithTies() {
    Random rnd = new Random(1234);
    for (int trial = 0; trial < 50; trial++) {
      double[] id = randomWithTies(rnd, 1 + rnd.nextInt(60), 0.5);
      double[] ood = randomWithTies(rnd, 1 + rnd.nextInt(60), 0);
      assertEquals(bruteForceAp(id, ood), OodMetrics.auprIn(id, ood), 1e-12, "in, trial " + trial);
      double[] negId = new double[id.length];
      double[] negOod = new double[ood.length];
      for (int i = 0; i < id.length; i++) {
        negId[i] = -id[i];
      }
      for (int i = 0; i < ood.length; i++) {
        negOod[i] = -ood[i];
      }
      assertEquals(bruteForceAp(negOod, negId), OodMetrics.auprOut(id, ood), 1e-12, "out, trial " + trial);
    }
  }

  @Test
  void fpr95ByHand() {
    // 20 ID scores 1..20: ⌈0.95·20⌉ = 19 must stay ≥ τ, so τ = 2 (the 19th largest). OOD {0, 1.5, 2, 3}: 2 and 3
    // are ≥ 2 → FPR = 2/4.
    double[] id = new double[20];
    for (int i = 0; i < 20; i++) {
      id[i] = 20 - i;
    }
    assertEquals(0.5, OodMetrics.fpr95(id, new double[] {0, 1.5, 2, 3}));
    // 10 ID scores 1..10: ⌈9.5⌉ = 10 → τ = 1; OOD {0.5, 1, 5}: 2 of 3.
    assertEquals(2.0 / 3, OodMetrics.fpr95(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new double[] {0.5, 1, 5}),
        1e-15);
    // Ties at the threshold count as positives: ID {1, 1, 1}, OOD {1} → τ = 1, FPR = 1.
    assertEquals(1.0, OodMetrics.fpr95(new double[] {1, 1, 1}, new double[] {1}));
    // TPR 0.5 on 1..4: keep 2 → τ = 3; OOD {2.5, 3, 4} → 2/3.
    assertEquals(2.0 / 3, OodMetrics.fprAtTpr(new double[] {4, 3, 2, 1}, new double[] {2.5, 3, 4}, 0.5), 1e-15);
  }

  @Test
  void evaluateBundlesTheFourMetrics() {
    double[] id = {0.9, 0.5, 0.5};
    double[] ood = {0.5, 0.1};
    OodResult r = OodMetrics.evaluate(id, ood);
    assertEquals(OodMetrics.auroc(id, ood), r.auroc());
    assertEquals(OodMetrics.auprIn(id, ood), r.auprIn());
    assertEquals(OodMetrics.auprOut(id, ood), r.auprOut());
    assertEquals(OodMetrics.fpr95(id, ood), r.fpr95());
    assertEquals(3, r.idCount());
    assertEquals(2, r.oodCount());
  }

  @Test
  void logitScoresByHand() {
    float ln3 = (float) Math.log(3);
    float[] z = {0, ln3};
    // softmax [1/4, 3/4]: MSP ¾; max logit ln 3; energy logsumexp = ln(1 + 3) = ln 4.
    assertEquals(0.75, LogitScore.msp().scores(z, 2)[0], 1e-7);
    assertEquals(Math.log(3), LogitScore.maxLogit().scores(z, 2)[0], 1e-7);
    assertEquals(Math.log(4), LogitScore.energy().scores(z, 2)[0], 1e-7);
    // T = 2: 2·ln(e^0 + e^{ln3 / 2}) = 2·ln(1 + √3).
    assertEquals(2 * Math.log(1 + Math.sqrt(3)), LogitScore.energy(2).scores(z, 2)[0], 1e-7);
    assertEquals("energy(T=2.0)", LogitScore.energy(2).name());
    assertEquals(List.of("msp", "maxLogit", "energy"), LogitScore.defaults().stream().map(OodScore::name).toList());
    // Stable for huge logits.
    assertEquals(1000 + Math.log(2), LogitScore.energy().scores(new float[] {1000, 1000}, 2)[0], 1e-9);
    assertEquals(1.0, LogitScore.msp().scores(new float[] {1000, -1000}, 2)[0], 0);
    assertMessage("temperature must be finite and positive", () -> LogitScore.energy(0));
  }

  @Test
  void reportEvaluatesEveryDefaultScore() {
    // ID rows are confident, OOD rows flat: every score separates them perfectly.
    float[] id = {5, 0, 0, 0, 6, 0};
    float[] ood = {0, 0, 0, 0.1f, 0, 0};
    OodReport r = OodReport.of(id, ood, 3);
    assertEquals(List.of("msp", "maxLogit", "energy"), r.scoreNames());
    assertEquals(2, r.idCount());
    assertEquals(2, r.oodCount());
    for (OodResult res : r.byScore().values()) {
      assertEquals(1.0, res.auroc());
      assertEquals(1.0, res.auprIn());
      assertEquals(1.0, res.auprOut());
      assertEquals(0.0, res.fpr95());
    }
    double[] mspId = LogitScore.msp().scores(id, 3);
    double[] mspOod = LogitScore.msp().scores(ood, 3);
    assertEquals(OodMetrics.evaluate(mspId, mspOod), r.get("msp"));
    assertMessage("no OOD score 'odin'; this report has [msp, maxLogit, energy]", () -> r.get("odin"));
  }

  @Test
  void reportFromPrecomputedScores() {
    Map<String, double[]> id = new LinkedHashMap<>();
    Map<String, double[]> ood = new LinkedHashMap<>();
    id.put("odin", new double[] {0.9, 0.5, 0.5});
    ood.put("odin", new double[] {0.5, 0.1});
    OodReport r = OodReport.fromScores(id, ood);
    assertEquals(5.0 / 6, r.get("odin").auroc(), 1e-15);
    ood.put("other", new double[] {1});
    assertMessage("give both for every score", () -> OodReport.fromScores(id, ood));
    assertThrows(UnsupportedOperationException.class, () -> r.byScore().clear());
  }

  @Test
  void badInputsAreExplained() {
    assertMessage("at least one in-distribution (ID) score", () -> OodMetrics.evaluate(new double[0], new double[] {1}));
    assertMessage("at least one out-of-distribution (OOD) score",
        () -> OodMetrics.auroc(new double[] {1}, new double[0]));
    assertMessage("OOD) score at index 1 is NaN", () -> OodMetrics.fpr95(new double[] {1}, new double[] {0, Double.NaN}));
    assertMessage("scores must not be null", () -> OodMetrics.auprIn(null, new double[] {1}));
    assertMessage("true-positive rate must be in (0, 1]",
        () -> OodMetrics.fprAtTpr(new double[] {1}, new double[] {1}, 0));
    assertMessage("no examples: in-distribution (ID) logits is empty",
        () -> OodReport.of(new float[0], new float[] {1, 2}, 2));
    assertMessage("out-of-distribution (OOD) logits at row 0, class 1 is NaN",
        () -> OodReport.of(new float[] {1, 2}, new float[] {1, Float.NaN}, 2));
    assertMessage("two OOD scores are named 'msp'",
        () -> OodReport.of(new float[] {1, 2}, new float[] {1, 2}, 2, List.of(LogitScore.msp(), LogitScore.msp())));
    assertMessage("no OOD scores given", () -> OodReport.of(new float[] {1, 2}, new float[] {1, 2}, 2, List.of()));
  }

  @Test
  void perfectSeparationGivesAveragePrecisionOfExactlyOne() {
    // Ten distinct positives above every negative: AP = Σ (1/10)·1. Adding ten tenths in floating point gives
    // 0.9999999999999999 and other orders give 1.0000000000000004; the result must be exactly 1 and never above.
    double[] pos = new double[10];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = 10 + i * 0.37;
    }
    double[] neg = {-1, -2, 0.5, 3};
    assertEquals(1.0, OodMetrics.averagePrecision(pos, neg), 0.0);
    assertEquals(1.0, OodMetrics.auprIn(pos, neg), 0.0);
  }
}
