package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.spi.OptimizerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Checks the reference model against the {@code SparseModel} contract with independently computed values. */
class LinearSoftmaxModelContractTest {

  private static float[] inputs(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }

  /** Σ_i CE(z_i / T, y_i) from the model's logits, in double. */
  private static double summedLoss(LinearSoftmaxModel m, float[] x, int[] y, double t) {
    float[] z = m.logits(x, y.length);
    int k = z.length / y.length;
    double loss = 0;
    for (int i = 0; i < y.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, z[i * k + c] / t);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(z[i * k + c] / t - max);
      }
      loss += max + Math.log(sum) - z[i * k + y[i]] / t;
    }
    return loss;
  }

  @Test
  void inputGradientIsTheSummedTemperedLossGradient() {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {2, 3}, 4, 7);
    float[] x = inputs(3 * 6, 1);
    int[] y = {3, 0, 2};
    double t = 2.5;
    float[] g = m.inputGradient(x, y, 3, t);
    double h = 1e-2;
    for (int i = 0; i < x.length; i++) {
      float[] plus = x.clone();
      float[] minus = x.clone();
      plus[i] += (float) h;
      minus[i] -= (float) h;
      double fd = (summedLoss(m, plus, y, t) - summedLoss(m, minus, y, t)) / (plus[i] - minus[i]);
      assertEquals(fd, g[i], 1e-4, "input gradient [" + i + "]");
    }
  }

  @Test
  void inputGradientRowsAreTheirOwnExamples() {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {5}, 3, 2);
    float[] x = inputs(10, 3);
    float[] both = m.inputGradient(x, new int[] {1, 2}, 2, 1.0);
    float[] second = m.inputGradient(java.util.Arrays.copyOfRange(x, 5, 10), new int[] {2}, 1, 1.0);
    assertArrayEquals(second, java.util.Arrays.copyOfRange(both, 5, 10));
  }

  @Test
  void parameterGradientsAreRawMeanLossGradients() {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {4}, 3, 5);
    boolean[] keep = new boolean[12];
    keep[0] = true;
    keep[5] = true;
    m.applyMasks(MaskSet.of(Map.of(LinearSoftmaxModel.WEIGHT, Mask.ofBooleans(new int[] {3, 4}, keep))));
    float[] x = inputs(8, 6);
    int[] y = {1, 2};
    Map<String, float[]> g = m.parameterGradients(x, y, 2, false);
    assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(g.keySet()));
    Map<String, float[]> base = m.state();
    // The mask zeroes the weights; finite differences at pruned positions still see the raw gradient.
    Map<String, float[]> dense = new LinkedHashMap<>(base);
    m.applyMasks(MaskSet.empty());
    double h = 1e-2;
    for (String name : List.of("fc.weight", "fc.bias")) {
      for (int i = 0; i < base.get(name).length; i++) {
        double[] loss = new double[2];
        for (int s = 0; s < 2; s++) {
          float[] v = base.get(name).clone();
          v[i] += (float) (s == 0 ? h : -h);
          dense.put(name, v);
          m.loadState(dense);
          loss[s] = summedLoss(m, x, y, 1.0) / 2;
        }
        dense.put(name, base.get(name));
        float w = base.get(name)[i];
        double fd = (loss[0] - loss[1]) / ((float) (w + h) - (float) (w - h));
        assertEquals(fd, g.get(name)[i], 1e-4, name + "[" + i + "]");
      }
    }
    boolean prunedNonZero = false;
    for (int i = 0; i < 12; i++) {
      prunedNonZero |= !keep[i] && g.get("fc.weight")[i] != 0f;
    }
    assertTrue(prunedNonZero, "pruned positions must keep their raw gradient");
  }

  @Test
  void optimizerStateFollowsTheContract() {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {4}, 2, 1);
    assertEquals(Map.of(), m.optimizerState());
    m.setOptimizer(OptimizerConfig.paperSgd());
    assertEquals(List.of("fc.weight.momentum", "fc.bias.momentum", "step"), List.copyOf(m.optimizerState().keySet()));
    float[] x = inputs(8, 2);
    m.trainStep(x, new int[] {0, 1}, 2, 0.1);
    m.trainStep(x, new int[] {0, 1}, 2, 0.1);
    assertArrayEquals(new float[] {2f}, m.optimizerState().get("step"));
    m.setOptimizer(OptimizerConfig.adam(0));
    assertEquals(List.of("fc.weight.adam_m", "fc.weight.adam_v", "fc.bias.adam_m", "fc.bias.adam_v", "step"),
        List.copyOf(m.optimizerState().keySet()));
    assertArrayEquals(new float[] {0f}, m.optimizerState().get("step"));
  }

  @Test
  void optimizerStateRoundTripContinuesIdentically() {
    for (OptimizerConfig opt : List.of(OptimizerConfig.paperSgd(), OptimizerConfig.adam(5e-4))) {
      LinearSoftmaxModel a = new LinearSoftmaxModel(new int[] {4}, 3, 1);
      a.setOptimizer(opt);
      float[] x = inputs(12, 4);
      int[] y = {0, 1, 2};
      a.trainStep(x, y, 3, 0.05);
      LinearSoftmaxModel b = new LinearSoftmaxModel(new int[] {4}, 3, 99);
      b.loadState(a.state());
      b.setOptimizer(opt);
      b.loadOptimizerState(a.optimizerState());
      assertEquals(a.trainStep(x, y, 3, 0.05), b.trainStep(x, y, 3, 0.05), opt.kind().toString());
      assertArrayEquals(a.state().get("fc.weight"), b.state().get("fc.weight"), opt.kind().toString());
    }
  }

  @Test
  void badInputsHaveClearMessages() {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {1, 2, 2}, 3, 1);
    assertMessage("= 8 are needed", () -> m.logits(new float[7], 2));
    assertMessage("batch size must be positive", () -> m.logits(new float[0], 0));
    assertMessage("temperature must be finite and > 0, got 0.0", () -> m.inputGradient(new float[4], new int[1], 1, 0));
    assertMessage("label 3 at index 0 is outside [0, 3)", () -> m.inputGradient(new float[4], new int[] {3}, 1, 1));
    assertMessage("2 labels for a batch of 1", () -> m.parameterGradients(new float[4], new int[2], 1, true));
    assertThrows(IllegalStateException.class, () -> m.trainStep(new float[4], new int[1], 1, 0.1));
    m.setOptimizer(OptimizerConfig.paperSgd());
    assertMessage("learning rate", () -> m.trainStep(new float[4], new int[1], 1, Double.NaN));
    Map<String, float[]> good = m.optimizerState();
    Map<String, float[]> missing = new LinkedHashMap<>(good);
    missing.remove("fc.bias.momentum");
    assertMessage("missing entry 'fc.bias.momentum'", () -> m.loadOptimizerState(missing));
    Map<String, float[]> adam = new LinkedHashMap<>(good);
    adam.put("fc.weight.adam_m", new float[12]);
    assertMessage("fc.weight.adam_m", () -> m.loadOptimizerState(adam));
    assertDoesNotThrow(() -> m.loadOptimizerState(good));
    assertMessage("not prunable", () -> m.applyMasks(MaskSet.of(Map.of("fc.bias", Mask.dense(3)))));
    assertMessage("numClasses must be ≥ 1", () -> new LinearSoftmaxModel(new int[] {2}, 0, 1));
    m.close();
    assertDoesNotThrow(m::close);
    assertThrows(IllegalStateException.class, () -> m.logits(new float[4], 1));
    assertThrows(IllegalStateException.class, m::state);
  }

  private static void assertMessage(String part, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' should contain '" + part + "'");
  }
}
