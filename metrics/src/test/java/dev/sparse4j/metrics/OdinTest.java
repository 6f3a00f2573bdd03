package dev.sparse4j.metrics;

import static dev.sparse4j.metrics.robustness.Fixtures.CLASSES;
import static dev.sparse4j.metrics.robustness.Fixtures.PER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.tck.LinearSoftmaxModel;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import dev.sparse4j.metrics.robustness.Fixtures;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OdinTest {
  private static LinearSoftmaxModel model;
  private static Dataset test;

  @BeforeAll
  static void train() {
    model = Fixtures.trainedModel();
    test = Fixtures.data("test", 60, 2);
  }

  /** ODIN of example {@code i}, computed from the weights without the code under test. */
  private static double expectedScore(float[] x, int i, double t, double eps, float[] perturbedOut) {
    double[] z = Fixtures.logits(model, x, i);
    int predicted = 0;
    for (int c = 1; c < z.length; c++) {
      if (z[c] > z[predicted]) {
        predicted = c;
      }
    }
    // ∇ₓ(−log S_ŷ(x; T)) = Wᵀ(softmax(z/T) − e_ŷ)/T for the linear model.
    double[] g = Fixtures.gradient(model, x, i, predicted, t);
    float[] tilde = new float[PER];
    for (int j = 0; j < PER; j++) {
      tilde[j] = (float) (x[i * PER + j] - eps * Math.signum(g[j]));
    }
    if (perturbedOut != null) {
      System.arraycopy(tilde, 0, perturbedOut, 0, PER);
    }
    double[] p = Fixtures.softmax(Fixtures.logits(model, tilde, 0), t);
    return Arrays.stream(p).max().orElseThrow();
  }

  @Test
  void matchesAnIndependentComputation() {
    float[] x = Arrays.copyOf(test.pixels(), 5 * PER);
    for (Odin odin : List.of(Odin.defaults(), new Odin(2.0, 0.05), new Odin(1.0, 0.0))) {
      double[] scores = odin.scores(model, x, 5, 2);
      float[] pre = odin.preprocess(model, x, 5);
      for (int i = 0; i < 5; i++) {
        float[] tilde = new float[PER];
        double expected = expectedScore(x, i, odin.temperature(), odin.epsilon(), tilde);
        assertEquals(expected, scores[i], 1e-7 * expected, odin + " example " + i);
        assertArrayEquals(tilde, Arrays.copyOfRange(pre, i * PER, (i + 1) * PER), 1e-6f, odin + " x̃ " + i);
      }
    }
    // At T = 1000 every score is just above 1/K; the perturbation raises it.
    double plain = new Odin(1000, 0).scores(model, x, 5, 5)[0];
    double odin = Odin.defaults().scores(model, x, 5, 5)[0];
    assertTrue(odin > plain && plain > 1.0 / CLASSES, odin + " vs " + plain);
  }

  @Test
  void pixelsAreNotClamped() {
    float[] x = new float[PER]; // all zeros: half the pixels must move below 0
    float[] pre = new Odin(1, 0.1).preprocess(model, x, 1);
    float min = 1;
    for (float v : pre) {
      min = Math.min(min, v);
    }
    assertEquals(-0.1f, min, 1e-7f);
  }

  @Test
  void datasetScoresCombineWithLogitScores() {
    Dataset ood = new Dataset("noise", Fixtures.data("n", 40, 9).pixels().clone(), new int[40], Fixtures.SHAPE,
        CLASSES);
    float[] noise = ood.pixels();
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) ((i * 0.6180339887) % 1.0);
    }
    Odin odin = Odin.defaults();
    assertEquals("odin", odin.name());
    assertEquals("odin(T=2.0,eps=0.05)", new Odin(2, 0.05).name());
    double[] id = odin.scores(model, test, 16);
    assertArrayEquals(odin.scores(model, test.pixels(), test.size(), 60), id, "batch size does not matter");
    float[] idLogits = model.logits(test.pixels(), test.size());
    float[] oodLogits = model.logits(noise, 40);
    Map<String, double[]> idScores = new LinkedHashMap<>();
    Map<String, double[]> oodScores = new LinkedHashMap<>();
    for (LogitScore s : LogitScore.defaults()) {
      idScores.put(s.name(), s.scores(idLogits, CLASSES));
      oodScores.put(s.name(), s.scores(oodLogits, CLASSES));
    }
    idScores.put(odin.name(), id);
    oodScores.put(odin.name(), odin.scores(model, ood, 16));
    OodReport r = OodReport.fromScores(idScores, oodScores);
    assertEquals(List.of("msp", "maxLogit", "energy", "odin"), r.scoreNames());
    double auroc = r.get("odin").auroc();
    assertTrue(auroc >= 0 && auroc <= 1, "AUROC " + auroc);
  }

  @Test
  void missingInputGradientsSurfaceAsUnsupportedCapability() {
    UnsupportedCapabilityException missing =
        new UnsupportedCapabilityException("logits-only", Capability.INPUT_GRADIENTS, List.of());
    LinearSoftmaxModel logitsOnly = new LinearSoftmaxModel(Fixtures.SHAPE, CLASSES, 1) {
      @Override
      protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
        throw missing;
      }
    };
    assertSame(missing, assertThrows(UnsupportedCapabilityException.class,
        () -> Odin.defaults().scores(logitsOnly, test, 10)));
    // ε = 0 is plain temperature scaling and needs no gradient.
    assertEquals(test.size(), new Odin(1000, 0).scores(logitsOnly, test, 10).length);
  }

  @Test
  void badInputsHaveClearMessages() {
    assertMessage("ODIN temperature must be finite and > 0, got 0.0", () -> new Odin(0, 0.001));
    assertMessage("ODIN temperature must be finite and > 0, got NaN", () -> new Odin(Double.NaN, 0.001));
    assertMessage("ODIN perturbation ε must be finite and ≥ 0, got -0.1", () -> new Odin(1000, -0.1));
    Odin odin = Odin.defaults();
    assertMessage("ODIN batch size must be ≥ 1, got 0", () -> odin.scores(model, test, 0));
    assertMessage("35 input values for 1 examples", () -> odin.scores(model, new float[35], 1, 1));
    float[] x = new float[PER];
    x[4] = Float.NaN;
    assertMessage("input value NaN at example 0, position 4 is not finite", () -> odin.scores(model, x, 1, 1));
    assertMessage("is empty",
        () -> odin.scores(model, new Dataset("none", new float[0], new int[0], Fixtures.SHAPE, 4), 1));
    Dataset small = new Dataset("small", new float[4], new int[1], new int[] {1, 2, 2}, 2);
    assertMessage("has examples of shape [1, 2, 2]", () -> odin.scores(model, small, 1));
  }

  private static void assertMessage(String part, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' should contain '" + part + "'");
  }
}
