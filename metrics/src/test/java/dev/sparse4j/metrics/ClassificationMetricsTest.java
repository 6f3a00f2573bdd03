package dev.sparse4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ClassificationMetricsTest {

  private static final float LN2 = (float) Math.log(2);

  /**
   * Row 0: z = [0, ln 2, 0] → p = [1/4, 1/2, 1/4], label 1 (predicted 1, correct).
   * Row 1: z = [0, 0, 0] → p = [1/3, 1/3, 1/3], label 2 (argmax tie → class 0, wrong).
   */
  private static final float[] LOGITS = {0, LN2, 0, 0, 0, 0};
  private static final int[] LABELS = {1, 2};

  @Test
  void accuracyCountsArgmaxWithTiesToTheLowestClass() {
    assertEquals(0.5, ClassificationMetrics.accuracy(LOGITS, 3, LABELS));
    assertEquals(1.0, ClassificationMetrics.accuracy(LOGITS, 3, new int[] {1, 0}));
  }

  @Test
  void nllByHand() {
    // (−ln 1/2 − ln 1/3) / 2 = ln 6 / 2
    assertEquals(Math.log(6) / 2, ClassificationMetrics.nll(LOGITS, 3, LABELS), 1e-7);
  }

  @Test
  void brierByHand() {
    // row 0: (1/4)² + (1/2 − 1)² + (1/4)² = 3/8; row 1: (1/3)² + (1/3)² + (1/3 − 1)² = 2/3; mean = 25/48
    assertEquals(25.0 / 48, ClassificationMetrics.brier(LOGITS, 3, LABELS), 1e-7);
  }

  @Test
  void logSoftmaxIsStableForHugeLogits() {
    float[] z = {1000, -1000, 1000, 1000, -1000, -1000};
    double[] ls = LogitArrays.logSoftmax(z, 2);
    // Row 0: log(1) = 0 and −2000 − log(1 + e^−2000) = −2000; rows 1, 2: log ½.
    assertArrayEquals(new double[] {0, -2000, -Math.log(2), -Math.log(2), -Math.log(2), -Math.log(2)}, ls, 1e-12);
    assertEquals(2000, ClassificationMetrics.nll(new float[] {1000, -1000}, 2, new int[] {1}), 1e-9);
    assertEquals(0, ClassificationMetrics.nll(new float[] {1000, -1000}, 2, new int[] {0}), 1e-12);
    // p = [1, 0], label 1: (1 − 0)² + (0 − 1)² = 2
    assertEquals(2, ClassificationMetrics.brier(new float[] {1000, -1000}, 2, new int[] {1}), 1e-12);
    assertEquals(Math.log(2), ClassificationMetrics.nll(new float[] {-1000, -1000}, 2, new int[] {0}), 1e-12);
    assertEquals(1000 + Math.log(2), LogitArrays.logSumExp(z, 1, 2), 1e-9);
    double[] p = LogitArrays.softmax(z, 2);
    assertArrayEquals(new double[] {1, 0, 0.5, 0.5, 0.5, 0.5}, p, 1e-15);
  }

  @Test
  void calibrationFromLogits() {
    // z = [0, 0] → confidence ½, prediction 0; label 0 → correct: ECE = |1 − ½| = ½ from one bin.
    Calibration c = ClassificationMetrics.calibration(new float[] {0, 0}, 2, new int[] {0});
    assertEquals(0.5, c.ece(), 1e-12);
    assertEquals(0.5, c.mce(), 1e-12);
    assertEquals(15, c.bins().size());
    // ½ lies in (7/15, 8/15] → bin 7.
    assertEquals(1, c.bins().get(7).count());
    assertEquals(BinEdges.RIGHT_CLOSED, c.edges());
  }

  @Test
  void reportBundlesTheMetrics() {
    ClassificationReport r = ClassificationReport.of(LOGITS, 3, LABELS);
    assertEquals(2, r.count());
    assertEquals(0.5, r.accuracy());
    assertEquals(Math.log(6) / 2, r.nll(), 1e-7);
    assertEquals(25.0 / 48, r.brier(), 1e-7);
    // Confidences ½ (correct, bin 7) and ⅓ (wrong, bin 4 = (4/15, 5/15]): ECE = ½·½ + ½·⅓ = 5/12, MCE = ½.
    assertEquals(5.0 / 12, r.ece(), 1e-7);
    assertEquals(0.5, r.mce(), 1e-7);
    assertEquals(1, r.calibration().bins().get(4).count());
    ClassificationReport ten = ClassificationReport.of(LOGITS, 3, LABELS, 10, BinEdges.LEFT_CLOSED);
    assertEquals(10, ten.calibration().numBins());
  }

  @Test
  void doubleRowsConvertToRowMajor() {
    float[] flat = LogitArrays.rowMajor(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, flat);
    assertMessage("row 1 has 2 values but row 0 has 3", () -> LogitArrays.rowMajor(new double[][] {{1, 2, 3}, {4, 5}}));
    assertMessage("no examples", () -> LogitArrays.rowMajor(new double[0][]));
  }

  @Test
  void badInputsAreExplained() {
    assertMessage("not a multiple of numClasses = 3", () -> ClassificationMetrics.accuracy(new float[5], 3, new int[2]));
    assertMessage("2 rows (6 values / 3 classes) but there are 3 labels",
        () -> ClassificationMetrics.nll(new float[6], 3, new int[3]));
    assertMessage("at row 1, class 0 is NaN",
        () -> ClassificationMetrics.brier(new float[] {0, 0, 0, Float.NaN, 0, 0}, 3, new int[2]));
    assertMessage("is Infinity",
        () -> ClassificationMetrics.nll(new float[] {Float.POSITIVE_INFINITY, 0}, 2, new int[1]));
    assertMessage("label 3 at index 1 is outside [0, 3)",
        () -> ClassificationMetrics.accuracy(new float[6], 3, new int[] {0, 3}));
    assertMessage("label -1 at index 0", () -> ClassificationMetrics.calibration(new float[3], 3, new int[] {-1}));
    assertMessage("no examples: logits is empty", () -> ClassificationReport.of(new float[0], 3, new int[0]));
    assertMessage("numClasses must be at least 1", () -> ClassificationMetrics.accuracy(new float[3], 0, new int[0]));
    assertMessage("logits must not be null", () -> ClassificationMetrics.accuracy(null, 3, new int[0]));
    assertMessage("labels must not be null", () -> ClassificationMetrics.accuracy(new float[3], 3, null));
    assertMessage("bins must be at least 1",
        () -> ClassificationMetrics.calibration(new float[3], 3, new int[1], 0, BinEdges.RIGHT_CLOSED));
  }

  static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
  }
}
