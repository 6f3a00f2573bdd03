package dev.sparse4j.metrics;

import static dev.sparse4j.metrics.ClassificationMetricsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  private static final double[] CONF = {1.0 / 15, 2.0 / 15, 2.0 / 15, 0.5, 1.0};
  private static final boolean[] CORRECT = {true, false, true, true, false};

  @Test
  void binEdgesRightClosed() {
    assertEquals(0, Calibration.binOf(0.0, 15, BinEdges.RIGHT_CLOSED));
    assertEquals(0, Calibration.binOf(1.0 / 15, 15, BinEdges.RIGHT_CLOSED));
    assertEquals(1, Calibration.binOf(Math.nextUp(1.0 / 15), 15, BinEdges.RIGHT_CLOSED));
    assertEquals(1, Calibration.binOf(2.0 / 15, 15, BinEdges.RIGHT_CLOSED));
    assertEquals(7, Calibration.binOf(0.5, 15, BinEdges.RIGHT_CLOSED));
    assertEquals(14, Calibration.binOf(1.0, 15, BinEdges.RIGHT_CLOSED));
    // Every edge b/15 belongs to the bin below it.
    for (int b = 1; b <= 15; b++) {
      assertEquals(b - 1, Calibration.binOf(b / 15.0, 15, BinEdges.RIGHT_CLOSED), "edge " + b + "/15");
    }
  }

  @Test
  void binEdgesLeftClosed() {
    assertEquals(0, Calibration.binOf(0.0, 15, BinEdges.LEFT_CLOSED));
    assertEquals(1, Calibration.binOf(1.0 / 15, 15, BinEdges.LEFT_CLOSED));
    assertEquals(0, Calibration.binOf(Math.nextDown(1.0 / 15), 15, BinEdges.LEFT_CLOSED));
    assertEquals(2, Calibration.binOf(2.0 / 15, 15, BinEdges.LEFT_CLOSED));
    assertEquals(14, Calibration.binOf(1.0, 15, BinEdges.LEFT_CLOSED));
    for (int b = 0; b < 15; b++) {
      assertEquals(b, Calibration.binOf(b / 15.0, 15, BinEdges.LEFT_CLOSED), "edge " + b + "/15");
    }
  }

  @Test
  void eceAndMceByHand() {
    // Right-closed bins: 1/15 → bin 0 (n 1, acc 1, conf 1/15, gap 14/15); 2/15 twice → bin 1 (n 2, acc ½,
    // conf 2/15, gap 11/30); ½ → bin 7 (acc 1, gap ½); 1 → bin 14 (acc 0, gap 1).
    // ECE = (1/5)(14/15) + (2/5)(11/30) + (1/5)(1/2) + (1/5)(1) = (28 + 22 + 15 + 30)/150 = 19/30; MCE = 1.
    Calibration c = Calibration.of(CONF, CORRECT);
    assertEquals(19.0 / 30, c.ece(), 1e-12);
    assertEquals(1.0, c.mce(), 1e-12);
    assertEquals(1, c.bins().get(0).count());
    assertEquals(2, c.bins().get(1).count());
    assertEquals(0.5, c.bins().get(1).accuracy(), 1e-12);
    assertEquals(2.0 / 15, c.bins().get(1).confidence(), 1e-12);
    assertEquals(11.0 / 30, c.bins().get(1).gap(), 1e-12);
    assertEquals(0, c.bins().get(2).count());
    assertTrue(c.bins().get(2).isEmpty());
    assertEquals(1.0 / 15, c.bins().get(1).lower(), 0);
    assertEquals(2.0 / 15, c.bins().get(1).upper(), 0);
    assertEquals(1.0, c.bins().get(14).upper(), 0);
    assertEquals(5, c.bins().stream().mapToInt(ReliabilityBin::count).sum());

    // Left-closed: 1/15 → bin 1, 2/15 → bin 2; same groups, so the same ECE.
    Calibration l = Calibration.of(CONF, CORRECT, 15, BinEdges.LEFT_CLOSED);
    assertEquals(1, l.bins().get(1).count());
    assertEquals(2, l.bins().get(2).count());
    assertEquals(0, l.bins().get(0).count());
    assertEquals(19.0 / 30, l.ece(), 1e-12);
  }

  @Test
  void eceMatchesABruteForceDefinition() {
    Random rnd = new Random(7);
    int n = 500;
    double[] conf = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      conf[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(11) / 10.0 : rnd.nextDouble(); // hits edges of 10 bins
      correct[i] = rnd.nextDouble() < conf[i];
    }
    // Brute force: for each bin (lo, hi] (first [0, hi]) scan all examples.
    double ece = 0;
    double mce = 0;
    for (int b = 0; b < 10; b++) {
      double lo = b / 10.0;
      double hi = (b + 1) / 10.0;
      int cnt = 0;
      double acc = 0;
      double cf = 0;
      for (int i = 0; i < n; i++) {
        boolean in = conf[i] <= hi && (b == 0 ? conf[i] >= lo : conf[i] > lo);
        if (in) {
          cnt++;
          acc += correct[i] ? 1 : 0;
          cf += conf[i];
        }
      }
      if (cnt > 0) {
        double gap = Math.abs(acc / cnt - cf / cnt);
        ece += (double) cnt / n * gap;
        mce = Math.max(mce, gap);
      }
    }
    Calibration c = Calibration.of(conf, correct, 10, BinEdges.RIGHT_CLOSED);
    assertEquals(ece, c.ece(), 1e-12);
    assertEquals(mce, c.mce(), 1e-12);
  }

  @Test
  void badInputsAreExplained() {
    assertMessage("2 confidences but 1 correctness flags",
        () -> Calibration.of(new double[] {0.5, 0.5}, new boolean[] {true}));
    assertMessage("confidence at index 0 is NaN", () -> Calibration.of(new double[] {Double.NaN}, new boolean[1]));
    assertMessage("must be in [0, 1]", () -> Calibration.of(new double[] {1.5}, new boolean[1]));
    assertMessage("no examples", () -> Calibration.of(new double[0], new boolean[0]));
    assertMessage("at least 1, got 0", () -> Calibration.binOf(0.5, 0, BinEdges.RIGHT_CLOSED));
  }
}
