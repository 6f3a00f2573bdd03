package dev.sparse4j.train;

import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.StepResult;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparse4j.tck.LinearSoftmaxModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the reference model itself against hand-computed values, since other tests rely on it. */
class LinearSoftmaxModelTest {

  @Test
  void oneNesterovSgdStepByHand() {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {1}, 2, 0);
    m.loadState(Map.of("fc.weight", new float[] {0.5f, -0.5f}, "fc.bias", new float[] {0f, 0f}));
    m.setOptimizer(new OptimizerConfig(OptimizerConfig.Kind.SGD, 0.9, true, 0.01, 0.9, 0.999, 1e-8));
    StepResult r = m.trainStep(new float[] {1f}, new int[] {0}, 1, 0.1);
    // z = [0.5, -0.5], p0 = σ(1) = 0.7310585786; loss = -ln p0 = 0.3132616875.
    assertEquals(0.3132616875, r.loss(), 1e-6);
    assertEquals(1, r.correct());
    // g_w0 = p0 - 1 = -0.2689414214; d = g + 0.01·0.5; first buffer = d; Nesterov: d + 0.9·d = 1.9·d.
    double d0 = -0.2689414214 + 0.005;
    double d1 = 0.2689414214 - 0.005;
    float[] w = m.state().get("fc.weight");
    assertEquals(0.5 - 0.1 * 1.9 * d0, w[0], 1e-6);
    assertEquals(-0.5 - 0.1 * 1.9 * d1, w[1], 1e-6);
    float[] b = m.state().get("fc.bias");
    assertEquals(-0.1 * 1.9 * -0.2689414214, b[0], 1e-6);
    assertEquals(d0, m.optimizerState().get("fc.weight.momentum")[0], 1e-6);
    // Second step: buffer = 0.9·buf + d.
    float bufBefore = m.optimizerState().get("fc.weight.momentum")[0];
    float w0 = w[0];
    m.trainStep(new float[] {1f}, new int[] {0}, 1, 0.1);
    double z0 = w0 + b[0];
    double z1 = w[1] + b[1];
    double p0 = 1 / (1 + Math.exp(z1 - z0));
    double d = (p0 - 1) + 0.01 * w0;
    double buf = 0.9 * bufBefore + d;
    assertEquals(buf, m.optimizerState().get("fc.weight.momentum")[0], 1e-6);
    assertEquals(w0 - 0.1 * (d + 0.9 * buf), m.state().get("fc.weight")[0], 1e-6);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {1, 2, 2}, 3, 4);
    float[] x = {0.1f, 0.7f, 0.3f, 0.9f, 0.5f, 0.2f, 0.8f, 0.4f};
    int[] y = {2, 0};
    Map<String, float[]> g = m.parameterGradients(x, y, 2, true);
    Map<String, float[]> s = m.state();
    float[] w = s.get("fc.weight");
    double h = 1e-3;
    for (int i = 0; i < w.length; i++) {
      float orig = w[i];
      w[i] = (float) (orig + h);
      m.loadState(s);
      double up = meanLoss(m, x, y);
      w[i] = (float) (orig - h);
      m.loadState(s);
      double down = meanLoss(m, x, y);
      w[i] = orig;
      m.loadState(s);
      assertEquals((up - down) / (2 * h), g.get("fc.weight")[i], 2e-3, "weight " + i);
    }
    float[] gx = m.inputGradient(x, y, 2, 1.0);
    assertEquals(8, gx.length);
  }

  @Test
  void maskedWeightsAndMomentumStayZero() {
    LinearSoftmaxModel m = TestData.maskedModel(3, 1);
    m.setOptimizer(OptimizerConfig.paperSgd());
    var data = TestData.quadrants("q", 12, 3, 0);
    float[] x = new float[12 * 16];
    int[] y = new int[12];
    int[] idx = new int[12];
    java.util.Arrays.setAll(idx, i -> i);
    data.gather(idx, 0, 12, x, y);
    m.trainStep(x, y, 12, 0.1);
    float[] w = m.state().get("fc.weight");
    float[] buf = m.optimizerState().get("fc.weight.momentum");
    for (int i = 1; i < w.length; i += 2) {
      assertEquals(0f, w[i]);
      assertEquals(0f, buf[i]);
    }
    assertArrayEquals(w, m.values("fc.weight"));
  }

  private static double meanLoss(LinearSoftmaxModel m, float[] x, int[] y) {
    float[] z = m.logits(x, y.length);
    double loss = 0;
    int k = z.length / y.length;
    for (int i = 0; i < y.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, z[i * k + c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(z[i * k + c] - max);
      }
      loss += max + Math.log(sum) - z[i * k + y[i]];
    }
    return loss / y.length;
  }
}
