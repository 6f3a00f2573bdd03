package dev.sparse4j.tck;

import static dev.sparse4j.tck.ContractAssertions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Input and parameter gradients against central finite differences. Needs {@link Capability#INPUT_GRADIENTS}
 * or {@link Capability#PARAM_GRADIENTS}.
 *
 * <p>Part of {@link BackendTck}; tests needing a capability the backend lacks are skipped (by capability, never by
 * backend name).
 */
public abstract class GradientContract extends BackendFixture {
  // ------------------------------------------------------------------------------------------ gradients

  @Test
  public void inputGradientMatchesCentralFiniteDifferences() {
    assumeCapability(Capability.INPUT_GRADIENTS);
    ModelSpec spec = BackendSpecs.smooth();
    SparseModel m = build(spec, 38);
    randomizeNormState(m, 39);
    int batch = 2;
    double temperature = 2.0;
    float[] x = BackendData.inputs(batch * spec.inputSize(), 40);
    int[] y = BackendData.labels(batch, 3, 40);
    float[] g = m.inputGradient(x, y, batch, temperature);
    assertEquals(x.length, g.length);
    double h = 1e-2;
    double maxAbs = 0;
    for (int i = 0; i < x.length; i++) {
      float[] plus = x.clone();
      float[] minus = x.clone();
      plus[i] += (float) h;
      minus[i] -= (float) h;
      double lp = BackendData.sum(BackendData.crossEntropy(BackendData.widen(m.logits(plus, batch)), y, temperature));
      double lm = BackendData.sum(BackendData.crossEntropy(BackendData.widen(m.logits(minus, batch)), y, temperature));
      double fd = (lp - lm) / (plus[i] - minus[i]);
      maxAbs = Math.max(maxAbs, Math.abs(fd));
      assertEquals(fd, g[i], 1e-3 + 2e-2 * Math.abs(fd), "input gradient [" + i + "] vs finite difference");
    }
    assertTrue(maxAbs > 1e-3, "the gradient should not vanish on this model (max |fd| " + maxAbs + ")");
  }

  @Test
  public void inputGradientRowsBelongToTheirOwnExample() {
    assumeCapability(Capability.INPUT_GRADIENTS);
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 41);
    int n = spec.inputSize();
    float[] a = BackendData.inputs(2 * n, 42);
    float[] b = a.clone();
    System.arraycopy(BackendData.inputs(n, 43), 0, b, n, n);
    int[] y = {1, 2};
    float[] ga = m.inputGradient(a, y, 2, 1.0);
    float[] gb = m.inputGradient(b, y, 2, 1.0);
    for (int i = 0; i < n; i++) {
      assertEquals(ga[i], gb[i], 1e-6f, "row 0 must not depend on example 1 (evaluation mode)");
    }
  }

  @Test
  public void inputGradientLeavesNoParameterGradientsBehind() {
    assumeCapability(Capability.INPUT_GRADIENTS);
    assumeCapability(Capability.PARAM_GRADIENTS);
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 44);
    float[] x = BackendData.inputs(4 * spec.inputSize(), 45);
    int[] y = BackendData.labels(4, 3, 45);
    Map<String, float[]> before = m.parameterGradients(x, y, 4, false);
    m.inputGradient(x, y, 4, 1.0);
    m.inputGradient(x, y, 4, 1000.0);
    assertStatesEqual(before, m.parameterGradients(x, y, 4, false),
        "parameter gradients after input-gradient passes");
  }

  @Test
  public void parameterGradientsMatchCentralFiniteDifferences() {
    assumeCapability(Capability.PARAM_GRADIENTS);
    ModelSpec spec = BackendSpecs.smooth();
    SparseModel m = build(spec, 46);
    randomizeNormState(m, 47);
    int batch = 3;
    float[] x = BackendData.inputs(batch * spec.inputSize(), 48);
    int[] y = BackendData.labels(batch, 3, 48);
    Map<String, float[]> g = m.parameterGradients(x, y, batch, false);
    assertEquals(spec.parameters().stream().map(ParamSpec::name).toList(), new ArrayList<>(g.keySet()));
    Map<String, float[]> base = m.state();
    double h = 1e-2;
    for (ParamSpec p : spec.parameters()) {
      assertEquals(p.numel(), g.get(p.name()).length, p.name());
      for (int i = 0; i < p.numel(); i++) {
        double lp = lossWith(m, base, p.name(), i, h, x, y, batch);
        double lm = lossWith(m, base, p.name(), i, -h, x, y, batch);
        float w = base.get(p.name())[i];
        double fd = (lp - lm) / ((float) (w + h) - (float) (w - h));
        assertEquals(fd, g.get(p.name())[i], 1e-3 + 2e-2 * Math.abs(fd),
            "gradient of " + p.name() + "[" + i + "] vs finite difference");
      }
    }
    m.loadState(base);
  }

  /** Evaluation-mode mean cross-entropy with one weight moved by {@code delta}. */
  private static double lossWith(SparseModel m, Map<String, float[]> base, String name, int index, double delta,
      float[] x, int[] y, int batch) {
    return withWeight(m, base, name, index, delta,
        () -> BackendData.mean(BackendData.crossEntropy(BackendData.widen(m.logits(x, batch)), y, 1)));
  }

  @Test
  public void parameterGradientsLeaveRunningStatisticsAlone() {
    assumeCapability(Capability.PARAM_GRADIENTS);
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 49);
    randomizeNormState(m, 50);
    Map<String, float[]> before = m.state();
    float[] x = BackendData.inputs(6 * spec.inputSize(), 51);
    int[] y = BackendData.labels(6, 4, 51);
    Map<String, float[]> train = m.parameterGradients(x, y, 6, true);
    assertStatesEqual(before, m.state(), "parameterGradients(trainMode=true) changed the state");
    Map<String, float[]> eval = m.parameterGradients(x, y, 6, false);
    assertStatesEqual(before, m.state(), "parameterGradients(trainMode=false) changed the state");
    assertFalse(java.util.Arrays.equals(train.get("conv1.weight"), eval.get("conv1.weight")),
        "batch statistics (trainMode=true) and running statistics must give different gradients");
    assertStatesEqual(train, m.parameterGradients(x, y, 6, true), "two identical calls (gradients must not "
        + "accumulate)");
  }
}
