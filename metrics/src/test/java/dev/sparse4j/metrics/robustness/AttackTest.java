package dev.sparse4j.metrics.robustness;

import static dev.sparse4j.metrics.robustness.Fixtures.CLASSES;
import static dev.sparse4j.metrics.robustness.Fixtures.PER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.tck.LinearSoftmaxModel;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AttackTest {
  private static final double EPS = 8 / 255.0;
  private static LinearSoftmaxModel model;
  private static Dataset test;

  @BeforeAll
  static void train() {
    model = Fixtures.trainedModel();
    test = Fixtures.data("test", 300, 2);
  }

  private static float[] x(int n) {
    return Arrays.copyOf(test.pixels(), n * PER);
  }

  private static int[] y(int n) {
    return Arrays.copyOf(test.labels(), n);
  }

  private static List<Attack> allAttacks() {
    return List.of(new Fgsm(), Pgd.linf(), Pgd.l2(), Pgd.linf(5, 0.01).withRandomStart(false), Pgd.l2(3, 0.3));
  }

  @Test
  void modelGradientMatchesFiniteDifferencesOfTheLoss() {
    int n = 3;
    float[] x = x(n);
    int[] y = y(n);
    for (double t : new double[] {1.0, 3.0}) {
      float[] g = model.inputGradient(x, y, n, t);
      double h = 1e-2;
      for (int j = 0; j < x.length; j++) {
        float[] plus = x.clone();
        float[] minus = x.clone();
        plus[j] += (float) h;
        minus[j] -= (float) h;
        float[] zp = model.logits(plus, n);
        float[] zm = model.logits(minus, n);
        double lp = 0;
        double lm = 0;
        for (int i = 0; i < n; i++) {
          lp += Fixtures.crossEntropy(zp, i, CLASSES, y[i], t);
          lm += Fixtures.crossEntropy(zm, i, CLASSES, y[i], t);
        }
        double fd = (lp - lm) / (plus[j] - minus[j]);
        assertEquals(fd, g[j], 1e-3 + 2e-2 * Math.abs(fd), "T = " + t + ", value " + j);
      }
    }
  }

  @Test
  void fgsmStepsByEpsTimesTheSignOfTheClosedFormGradient() {
    int n = 20;
    float[] x = x(n);
    int[] y = y(n);
    double eps = 0.05;
    float[] adv = new Fgsm().perturb(model, x, y, n, eps, 0);
    int checked = 0;
    for (int i = 0; i < n; i++) {
      double[] g = Fixtures.gradient(model, x, i, y[i], 1.0);
      for (int j = 0; j < PER; j++) {
        if (Math.abs(g[j]) < 1e-6) {
          continue; // the sign of a vanishing gradient is not well defined in float32
        }
        double expected = Math.min(1, Math.max(0, x[i * PER + j] + eps * Math.signum(g[j])));
        assertEquals(expected, adv[i * PER + j], 1e-6, "example " + i + ", value " + j);
        checked++;
      }
    }
    assertTrue(checked > n * PER / 2, "most gradient components should be non-zero, checked " + checked);
  }

  @Test
  void everyAttackStaysWithinEpsAndInsidePixelRange() {
    int n = 40;
    float[] x = x(n);
    int[] y = y(n);
    for (Attack a : allAttacks()) {
      for (double eps : new double[] {0.01, EPS, 0.3, 1.5}) {
        float[] adv = a.perturb(model, x, y, n, eps, 11);
        for (int i = 0; i < n; i++) {
          double d = a.norm().distance(adv, x, i * PER, PER);
          // L∞ is exact (bounds are rounded inwards); L2 holds up to float32 rounding of the stored values.
          double slack = a.norm() == Norm.LINF ? 0 : 1e-6;
          assertTrue(d <= eps + slack, a.name() + " ε = " + eps + ", example " + i + ": distance " + d);
        }
        for (float v : adv) {
          assertTrue(v >= 0f && v <= 1f, a.name() + ": value " + v + " outside [0, 1]");
        }
      }
    }
  }

  @Test
  void attacksActuallyMoveTheInputs() {
    int n = 10;
    float[] x = x(n);
    for (Attack a : allAttacks()) {
      float[] adv = a.perturb(model, x, y(n), n, EPS, 3);
      double furthest = 0;
      for (int i = 0; i < n; i++) {
        furthest = Math.max(furthest, a.norm().distance(adv, x, i * PER, PER));
      }
      assertTrue(furthest > EPS / 2, a.name() + " barely moved: " + furthest);
    }
  }

  @Test
  void zeroEpsLeavesInputsAndAccuracyUnchanged() {
    int n = 25;
    float[] x = x(n);
    for (Attack a : allAttacks()) {
      assertArrayEquals(x, a.perturb(model, x, y(n), n, 0.0, 5), a.name());
    }
    RobustnessEvaluator eval = new RobustnessEvaluator(64, 200, 9);
    for (Attack a : List.of(new Fgsm(), Pgd.linf(), Pgd.l2())) {
      RobustnessCurve c = eval.evaluate(model, test, a, List.of(0.0));
      assertEquals(c.cleanAccuracy(), c.accuracyAt(0.0), a.name());
    }
  }

  @Test
  void pgdIsAtLeastAsStrongAsFgsmWhichHurtsAccuracy() {
    List<Double> eps = List.of(0.0, 0.02, EPS, 0.06);
    RobustnessEvaluator eval = new RobustnessEvaluator(64, RobustnessEvaluator.ALL_EXAMPLES, 1);
    RobustnessCurve fgsm = eval.evaluate(model, test, new Fgsm(), eps);
    RobustnessCurve pgd = eval.evaluate(model, test, Pgd.linf(), eps);
    assertEquals(300, fgsm.count());
    assertTrue(fgsm.cleanAccuracy() > 0.85, "the model should have learnt the data: " + fgsm.cleanAccuracy());
    assertEquals(fgsm.cleanAccuracy(), pgd.cleanAccuracy());
    for (double e : eps) {
      assertTrue(fgsm.accuracyAt(e) <= fgsm.cleanAccuracy(), "FGSM ε = " + e);
      assertTrue(pgd.accuracyAt(e) <= fgsm.accuracyAt(e), "PGD ≤ FGSM at ε = " + e + ": " + pgd.accuracyAt(e)
          + " vs " + fgsm.accuracyAt(e));
    }
    assertTrue(fgsm.accuracyAt(EPS) < fgsm.cleanAccuracy() - 0.1, "FGSM at 8/255 should hurt: " + fgsm);
    for (int i = 1; i < eps.size(); i++) {
      assertTrue(pgd.points().get(i).accuracy() <= pgd.points().get(i - 1).accuracy(), "monotone in ε: " + pgd);
    }
    RobustnessPoint p = pgd.points().get(2);
    assertEquals(new RobustnessPoint(EPS, 10, 2 / 255.0, p.accuracy()), p, "defaults: 10 steps, α = 2/255 at 8/255");
    assertEquals(new RobustnessPoint(EPS, 1, EPS, fgsm.accuracyAt(EPS)), fgsm.points().get(2));
    assertEquals("pgd", pgd.attack());
    assertEquals(Norm.LINF, pgd.norm());
    assertEquals(1, pgd.seed());
  }

  @Test
  void pgdL2HurtsAccuracyToo() {
    RobustnessCurve c = new RobustnessEvaluator().evaluate(model, test, Pgd.l2(), List.of(0.25, 1.0));
    assertEquals("pgd-l2", c.attack());
    assertEquals(0.25 / 4, c.points().get(0).alpha(), 1e-15);
    assertTrue(c.accuracyAt(1.0) < c.accuracyAt(0.25) && c.accuracyAt(0.25) <= c.cleanAccuracy(), c.toString());
  }

  @Test
  void resultsDependOnTheSeedButNotOnTheBatchSize() {
    List<Double> eps = List.of(0.02, EPS);
    for (Attack a : List.of(Pgd.linf(), Pgd.l2())) {
      RobustnessCurve small = new RobustnessEvaluator(7, 150, 42).evaluate(model, test, a, eps);
      RobustnessCurve large = new RobustnessEvaluator(250, 150, 42).evaluate(model, test, a, eps);
      assertEquals(small, large, a.name());
      assertEquals(small, new RobustnessEvaluator(7, 150, 42).evaluate(model, test, a, eps), a.name());
      // The perturbed inputs themselves: identical for one seed, different for another.
      float[] x = x(8);
      int[] y = y(8);
      assertArrayEquals(a.perturb(model, x, y, 8, EPS, 42), a.perturb(model, x, y, 8, EPS, 42));
      assertFalse(Arrays.equals(a.perturb(model, x, y, 8, EPS, 42), a.perturb(model, x, y, 8, EPS, 43)));
      // Example k of a data set uses stream k wherever it sits in a batch.
      float[] tail = Arrays.copyOfRange(a.perturb(model, x, y, 8, EPS, 42, 100), 5 * PER, 8 * PER);
      float[] alone = a.perturb(model, Arrays.copyOfRange(x, 5 * PER, 8 * PER), Arrays.copyOfRange(y, 5, 8), 3,
          EPS, 42, 105);
      assertArrayEquals(tail, alone, a.name());
    }
    float[] x = x(8);
    assertArrayEquals(new Fgsm().perturb(model, x, y(8), 8, EPS, 1), new Fgsm().perturb(model, x, y(8), 8, EPS, 2),
        "FGSM is deterministic");
  }

  @Test
  void evaluatesTheFirstExamplesOnly() {
    RobustnessCurve c = new RobustnessEvaluator(16, 50, 0).evaluate(model, test, new Fgsm(), List.of(EPS));
    assertEquals(50, c.count());
    RobustnessCurve head = new RobustnessEvaluator(16, 1000, 0).evaluate(model, test.head(50), new Fgsm(),
        List.of(EPS));
    assertEquals(head, c);
    Map<String, RobustnessCurve> both = new RobustnessEvaluator(16, 50, 0).evaluate(model, test,
        List.of(new Fgsm(), Pgd.linf()), List.of(EPS));
    assertEquals(List.of("fgsm", "pgd"), List.copyOf(both.keySet()));
    assertEquals(c, both.get("fgsm"));
  }

  @Test
  void missingInputGradientsSurfaceAsUnsupportedCapability() {
    UnsupportedCapabilityException missing =
        new UnsupportedCapabilityException("logits-only", Capability.INPUT_GRADIENTS, List.of("djl-pytorch"));
    LinearSoftmaxModel logitsOnly = new LinearSoftmaxModel(Fixtures.SHAPE, CLASSES, 1) {
      @Override
      protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
        throw missing;
      }
    };
    for (Attack a : List.of(new Fgsm(), Pgd.linf(), Pgd.l2())) {
      assertSame(missing, assertThrows(UnsupportedCapabilityException.class,
          () -> new RobustnessEvaluator().evaluate(logitsOnly, test, a, List.of(EPS))));
    }
  }

  @Test
  void brokenBackendOutputIsReported() {
    LinearSoftmaxModel nan = new LinearSoftmaxModel(Fixtures.SHAPE, CLASSES, 1) {
      @Override
      protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
        float[] g = super.computeInputGradient(inputs, targets, batchSize, temperature);
        g[PER + 3] = Float.NaN;
        return g;
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Fgsm().perturb(nan, x(2), y(2), 2, EPS, 0));
    assertTrue(e.getMessage().contains("non-finite input-gradient value (NaN) for example 1"), e.getMessage());
  }

  @Test
  void badSettingsHaveClearMessages() {
    assertMessage("attack radius ε must be finite and ≥ 0, got -0.1",
        () -> new Fgsm().perturb(model, x(1), y(1), 1, -0.1, 0));
    assertMessage("got NaN", () -> Pgd.linf().perturb(model, x(1), y(1), 1, Double.NaN, 0));
    assertMessage("step size α must be finite and > 0, got 0.0", () -> Pgd.linf(10, 0));
    assertMessage("step size α must be finite and > 0, got -1.0 (as a fraction of ε)",
        () -> StepSize.fractionOfEps(-1));
    assertMessage("PGD needs at least 1 step, got 0", () -> Pgd.l2(0, 0.1));
    RobustnessEvaluator eval = new RobustnessEvaluator();
    assertMessage("no attack radius ε given", () -> eval.evaluate(model, test, new Fgsm(), List.of()));
    assertMessage("ε must be finite and ≥ 0, got Infinity",
        () -> eval.evaluate(model, test, new Fgsm(), List.of(0.1, Double.POSITIVE_INFINITY)));
    assertMessage("index 1 is null", () -> eval.evaluate(model, test, new Fgsm(), Arrays.asList(0.1, null)));
    assertMessage("no attack given", () -> eval.evaluate(model, test, List.of(), List.of(0.1)));
    assertMessage("two attacks are named 'pgd'",
        () -> eval.evaluate(model, test, List.of(Pgd.linf(), Pgd.linf(3, 0.1)), List.of(0.1)));
    assertMessage("attack batch size must be ≥ 1, got 0", () -> new RobustnessEvaluator(0, 10, 0));
    assertMessage("number of examples to attack must be ≥ 1", () -> new RobustnessEvaluator(10, 0, 0));
  }

  @Test
  void badDataHaveClearMessages() {
    RobustnessEvaluator eval = new RobustnessEvaluator();
    float[] px = test.pixels().clone();
    px[3 * PER + 5] = 1.5f;
    Dataset outside = new Dataset("normalised", px, test.labels(), Fixtures.SHAPE, CLASSES);
    assertMessage("input value 1.5 at example 3, position 5 is outside [0, 1]",
        () -> eval.evaluate(model, outside, new Fgsm(), List.of(EPS)));
    px[3 * PER + 5] = Float.NaN;
    Dataset nan = new Dataset("nan", px, test.labels(), Fixtures.SHAPE, CLASSES);
    assertMessage("input value NaN at example 3", () -> eval.evaluate(model, nan, Pgd.linf(), List.of(EPS)));
    Dataset flat = new Dataset("flat", test.pixels(), test.labels(), new int[] {PER}, CLASSES);
    assertEquals(300, eval.evaluate(model, flat, new Fgsm(), List.of(EPS)).count(), "same size, flat shape is fine");
    Dataset small = new Dataset("small", new float[2 * 4], new int[2], new int[] {1, 2, 2}, 2);
    assertMessage("has examples of shape [1, 2, 2] but model 'linear-softmax' takes [1, 6, 6]",
        () -> eval.evaluate(model, small, new Fgsm(), List.of(EPS)));
    Dataset many = new Dataset("ten", new float[10 * PER], new int[10], Fixtures.SHAPE, 10);
    assertMessage("has 10 classes but model 'linear-softmax' has only 4 outputs",
        () -> eval.evaluate(model, many, new Fgsm(), List.of(EPS)));
    assertMessage("is empty",
        () -> eval.evaluate(model, new Dataset("none", new float[0], new int[0], Fixtures.SHAPE, 4), new Fgsm(),
            List.of(EPS)));
    assertMessage("35 input values for a batch of 1", () -> new Fgsm().perturb(model, new float[35], y(1), 1, EPS, 0));
    assertMessage("label 7 of example 0 is outside [0, 4)",
        () -> Pgd.linf().perturb(model, x(1), new int[] {7}, 1, EPS, 0));
    assertMessage("2 labels for a batch of 1", () -> Pgd.l2().perturb(model, x(1), y(2), 1, EPS, 0));
  }

  @Test
  void curveAccessorsExplainMissingPoints() {
    RobustnessCurve c = new RobustnessEvaluator(100, 100, 0).evaluate(model, test, new Fgsm(), List.of(0.0, EPS));
    assertMessage("ε = 0.5 was not measured for fgsm; measured: [0.0, " + EPS + "]", () -> c.accuracyAt(0.5));
    assertNotEquals(c.points().get(0), c.points().get(1));
    assertMessage("at least one point", () -> new RobustnessCurve("fgsm", Norm.LINF, 1, 1, 0, List.of()));
  }

  static void assertMessage(String part, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' should contain '" + part + "'");
  }
}
