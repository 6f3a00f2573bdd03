package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.train.OptimizerConfig;
import dev.sparse4j.api.train.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reproduces a trajectory recorded with real PyTorch ({@code tck/src/main/python/golden_trajectory.py}, committed as
 * {@code golden-trajectory.npz}): a tiny MLP and a tiny residual net with batch-norm, each trained 5 steps on fixed
 * batches with a learning-rate change after step 3, with SGD (momentum 0.9, Nesterov, weight decay 5e-4) and Adam
 * (weight decay 5e-4), dense and with a fixed mask. After every step the loss, every parameter, the batch-norm
 * running statistics, every optimizer-state entry and the step count must equal PyTorch's within
 * {@value #ABS} absolute + {@value #REL} relative; so must the evaluation-mode logits and input gradients (initial
 * and final states) and the parameter gradients in training and evaluation mode of the initial state.
 *
 * <p>This is where engines usually differ from PyTorch without anyone noticing: a momentum buffer scaled by the
 * learning rate, Adam's bias correction or ε placement, weight decay applied after the update, batch-norm momentum
 * weighting the wrong side or updating with the biased variance. Skips by capability only.
 */
public abstract class GoldenTrajectoryContract extends BackendFixture {
  /** Absolute tolerance on every compared value. */
  public static final double ABS = 1e-5;
  /** Relative tolerance on every compared value. */
  public static final double REL = 1e-4;

  private static final double WEIGHT_DECAY = 5e-4;

  private static ModelSpec spec(String model) {
    return model.equals("mlp") ? BackendSpecs.goldenMlp() : BackendSpecs.goldenResidual();
  }

  /** A model holding the recorded initial state. */
  private SparseModel atInitialState(String model) {
    SparseModel m = build(spec(model), 0);
    m.loadState(GoldenFixture.group(model + "/init"));
    return m;
  }

  /** One dynamic test per trajectory: {mlp, residual} × {sgd, adam} × {dense, masked}. */
  @TestFactory
  public Stream<DynamicTest> trainingTrajectoriesMatchPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String model : List.of("mlp", "residual")) {
      for (String opt : List.of("sgd", "adam")) {
        for (String variant : List.of("dense", "masked")) {
          tests.add(DynamicTest.dynamicTest(model + " " + opt + " " + variant,
              () -> trajectory(model, opt, variant)));
        }
      }
    }
    return tests.stream();
  }

  private void trajectory(String model, String opt, String variant) {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = spec(model);
    SparseModel m = atInitialState(model);
    if (variant.equals("masked")) {
      MaskSet masks = GoldenFixture.masks(model, spec);
      m.applyMasks(masks);
    }
    m.setOptimizer(opt.equals("sgd") ? OptimizerConfig.paperSgd() : OptimizerConfig.adam(WEIGHT_DECAY));
    assertEquals(WEIGHT_DECAY, OptimizerConfig.paperSgd().weightDecay(), "the fixture assumes the paper's SGD");
    double[] lrs = GoldenFixture.array("lr/" + opt).doubles();
    String prefix = model + "/" + opt + "/" + variant;
    for (int step = 0; step < GoldenFixture.STEPS; step++) {
      String at = prefix + "/step" + step;
      float[] x = GoldenFixture.floats(model + "/batch" + step + "/x");
      int[] y = GoldenFixture.ints(model + "/batch" + step + "/y");
      StepResult r = m.trainStep(x, y, GoldenFixture.BATCH, lrs[step]);
      double loss = GoldenFixture.array(at + "/loss").doubles()[0];
      assertClose(new double[] {loss}, new float[] {(float) r.loss()}, at + " loss");
      Map<String, float[]> state = m.state();
      GoldenFixture.group(at + "/state").forEach((name, expected) ->
          assertClose(widen(expected), state.get(name), at + " " + name));
      Map<String, float[]> optState = m.optimizerState();
      GoldenFixture.group(at + "/opt").forEach((name, expected) ->
          assertClose(widen(expected), optState.get(name), at + " optimizer state " + name));
      assertEquals(step + 1, optState.get("step")[0], 0f, at + " optimizer step count");
    }
    float[] ex = GoldenFixture.floats(model + "/eval/x");
    assertClose(widen(GoldenFixture.floats(prefix + "/final_eval/logits")), m.logits(ex, GoldenFixture.EVAL_BATCH),
        prefix + " evaluation-mode logits after " + GoldenFixture.STEPS + " steps");
    if (backend().capabilities().contains(Capability.INPUT_GRADIENTS)) {
      int[] ey = GoldenFixture.ints(model + "/eval/y");
      assertClose(widen(GoldenFixture.floats(prefix + "/final_eval/input_grad")),
          m.inputGradient(ex, ey, GoldenFixture.EVAL_BATCH, 1.0),
          prefix + " input gradient after " + GoldenFixture.STEPS + " steps");
    }
  }

  @Test
  public void initialLogitsMatchPyTorch() {
    for (String model : List.of("mlp", "residual")) {
      SparseModel m = atInitialState(model);
      float[] ex = GoldenFixture.floats(model + "/eval/x");
      assertClose(widen(GoldenFixture.floats(model + "/init_eval/logits")), m.logits(ex, GoldenFixture.EVAL_BATCH),
          model + " initial evaluation-mode logits");
    }
  }

  @Test
  public void initialInputGradientsMatchPyTorch() {
    assumeCapability(Capability.INPUT_GRADIENTS);
    for (String model : List.of("mlp", "residual")) {
      SparseModel m = atInitialState(model);
      float[] ex = GoldenFixture.floats(model + "/eval/x");
      int[] ey = GoldenFixture.ints(model + "/eval/y");
      assertClose(widen(GoldenFixture.floats(model + "/init_eval/input_grad")),
          m.inputGradient(ex, ey, GoldenFixture.EVAL_BATCH, 1.0), model + " input gradient, T = 1");
      assertClose(widen(GoldenFixture.floats(model + "/init_eval/input_grad_t1000")),
          m.inputGradient(ex, ey, GoldenFixture.EVAL_BATCH, 1000.0), model + " input gradient, T = 1000");
    }
  }

  /** Training mode normalises with batch statistics: PyTorch's gradients in both modes, and no state change. */
  @Test
  public void initialParameterGradientsMatchPyTorchInTrainingAndEvaluationMode() {
    assumeCapability(Capability.PARAM_GRADIENTS);
    for (String model : List.of("mlp", "residual")) {
      SparseModel m = atInitialState(model);
      Map<String, float[]> before = m.state();
      float[] x = GoldenFixture.floats(model + "/batch0/x");
      int[] y = GoldenFixture.ints(model + "/batch0/y");
      for (String mode : List.of("train", "eval")) {
        Map<String, float[]> g = m.parameterGradients(x, y, GoldenFixture.BATCH, mode.equals("train"));
        GoldenFixture.group(model + "/init_grads_" + mode).forEach((name, expected) ->
            assertClose(widen(expected), g.get(name), model + " " + mode + "-mode gradient of " + name));
      }
      Map<String, float[]> after = m.state();
      before.forEach((name, v) -> assertClose(widen(v), after.get(name), model + " state after gradients: " + name));
    }
  }

  private static double[] widen(float[] v) {
    return BackendData.widen(v);
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    if (actual == null) {
      fail(what + ": the backend returned no values");
    }
    assertEquals(expected.length, actual.length, what + ": length");
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double excess = Math.abs(expected[i] - actual[i]) - (ABS + REL * Math.abs(expected[i]));
      if (!(excess <= worst)) {
        worst = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
        at = i;
      }
    }
    if (at >= 0) {
      fail(what + "[" + at + "]: PyTorch has " + expected[at] + " but the backend " + actual[at] + " (tolerance "
          + ABS + " + " + REL + "·|expected|)");
    }
  }
}
