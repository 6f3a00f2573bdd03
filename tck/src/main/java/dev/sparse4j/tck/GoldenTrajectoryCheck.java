package dev.sparse4j.tck;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.StepResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The comparisons of {@link GoldenTrajectoryContract} with the trajectory recorded with real PyTorch, JUnit-free:
 * each returns what differs first (the step, the tensor and the entry), or nothing. The contract fails on it;
 * {@code sparse4j doctor} reports it for the user's CPU.
 */
public final class GoldenTrajectoryCheck {
  /** Absolute tolerance on every compared value. */
  public static final double ABS = 1e-5;
  /** Relative tolerance on every compared value. */
  public static final double REL = 1e-4;
  /** The two recorded networks. */
  public static final List<String> MODELS = List.of("mlp", "residual");
  /** The two recorded optimizers. */
  public static final List<String> OPTIMIZERS = List.of("sgd", "adam");
  /** Training without and with a fixed mask. */
  public static final List<String> VARIANTS = List.of("dense", "masked");

  private static final double WEIGHT_DECAY = 5e-4;

  private GoldenTrajectoryCheck() {}

  /** The spec of a recorded network ({@code mlp} or {@code residual}). */
  static ModelSpec spec(String model) {
    return model.equals("mlp") ? BackendSpecs.goldenMlp() : BackendSpecs.goldenResidual();
  }

  /** A model of {@code backend} holding the recorded initial state. */
  static SparseModel atInitialState(SparseBackend backend, String model) {
    SparseModel m = backend.build(spec(model), 0);
    try {
      m.loadState(GoldenFixture.group(model + "/init"));
      return m;
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * Five training steps (learning rate changed after step 3): loss, every state tensor and optimizer-state entry and
   * the step count after each step, then the evaluation-mode logits and input gradients of the final state. Needs
   * {@link Capability#TRAIN}.
   */
  public static Optional<String> trajectory(SparseBackend backend, String model, String opt, String variant) {
    ModelSpec spec = spec(model);
    try (SparseModel m = atInitialState(backend, model)) {
      if (variant.equals("masked")) {
        MaskSet masks = GoldenFixture.masks(model, spec);
        m.applyMasks(masks);
      }
      m.setOptimizer(opt.equals("sgd") ? OptimizerConfig.paperSgd() : OptimizerConfig.adam(WEIGHT_DECAY));
      double[] lrs = GoldenFixture.array("lr/" + opt).doubles();
      String prefix = model + "/" + opt + "/" + variant;
      for (int step = 0; step < GoldenFixture.STEPS; step++) {
        String at = prefix + "/step" + step;
        float[] x = GoldenFixture.floats(model + "/batch" + step + "/x");
        int[] y = GoldenFixture.ints(model + "/batch" + step + "/y");
        StepResult r = m.trainStep(x, y, GoldenFixture.BATCH, lrs[step]);
        double loss = GoldenFixture.array(at + "/loss").doubles()[0];
        Optional<String> problem = compare(new double[] {loss}, new float[] {(float) r.loss()}, at + " loss")
            .or(() -> compareGroup(at + "/state", m.state(), at + " "))
            .or(() -> compareGroup(at + "/opt", m.optimizerState(), at + " optimizer state "));
        if (problem.isPresent()) {
          return problem;
        }
        float count = m.optimizerState().get("step")[0];
        if (count != step + 1) {
          return Optional.of(at + " optimizer step count: PyTorch has " + (step + 1) + " but the backend " + count);
        }
      }
      float[] ex = GoldenFixture.floats(model + "/eval/x");
      Optional<String> logits = compare(BackendData.widen(GoldenFixture.floats(prefix + "/final_eval/logits")),
          m.logits(ex, GoldenFixture.EVAL_BATCH), prefix + " evaluation-mode logits after " + GoldenFixture.STEPS
              + " steps");
      if (logits.isPresent() || !backend.capabilities().contains(Capability.INPUT_GRADIENTS)) {
        return logits;
      }
      int[] ey = GoldenFixture.ints(model + "/eval/y");
      return compare(BackendData.widen(GoldenFixture.floats(prefix + "/final_eval/input_grad")),
          m.inputGradient(ex, ey, GoldenFixture.EVAL_BATCH, 1.0),
          prefix + " input gradient after " + GoldenFixture.STEPS + " steps");
    }
  }

  /** Evaluation-mode logits of the recorded initial states. */
  public static Optional<String> initialLogits(SparseBackend backend) {
    for (String model : MODELS) {
      try (SparseModel m = atInitialState(backend, model)) {
        float[] ex = GoldenFixture.floats(model + "/eval/x");
        Optional<String> problem = compare(BackendData.widen(GoldenFixture.floats(model + "/init_eval/logits")),
            m.logits(ex, GoldenFixture.EVAL_BATCH), model + " initial evaluation-mode logits");
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }

  /** Input gradients at T = 1 and T = 1000 of the recorded initial states; needs INPUT_GRADIENTS. */
  public static Optional<String> initialInputGradients(SparseBackend backend) {
    for (String model : MODELS) {
      try (SparseModel m = atInitialState(backend, model)) {
        float[] ex = GoldenFixture.floats(model + "/eval/x");
        int[] ey = GoldenFixture.ints(model + "/eval/y");
        Optional<String> problem = compare(BackendData.widen(GoldenFixture.floats(model + "/init_eval/input_grad")),
            m.inputGradient(ex, ey, GoldenFixture.EVAL_BATCH, 1.0), model + " input gradient, T = 1")
            .or(() -> compare(BackendData.widen(GoldenFixture.floats(model + "/init_eval/input_grad_t1000")),
                m.inputGradient(ex, ey, GoldenFixture.EVAL_BATCH, 1000.0), model + " input gradient, T = 1000"));
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Parameter gradients of the recorded initial states in training and evaluation mode, and no state change from
   * computing them; needs PARAM_GRADIENTS.
   */
  public static Optional<String> initialParameterGradients(SparseBackend backend) {
    for (String model : MODELS) {
      try (SparseModel m = atInitialState(backend, model)) {
        Map<String, float[]> before = m.state();
        float[] x = GoldenFixture.floats(model + "/batch0/x");
        int[] y = GoldenFixture.ints(model + "/batch0/y");
        for (String mode : List.of("train", "eval")) {
          Map<String, float[]> g = m.parameterGradients(x, y, GoldenFixture.BATCH, mode.equals("train"));
          Optional<String> problem = compareGroup(model + "/init_grads_" + mode, g, model + " " + mode
              + "-mode gradient of ");
          if (problem.isPresent()) {
            return problem;
          }
        }
        Map<String, float[]> after = m.state();
        for (Map.Entry<String, float[]> e : before.entrySet()) {
          Optional<String> problem = compare(BackendData.widen(e.getValue()), after.get(e.getKey()),
              model + " state after gradients: " + e.getKey());
          if (problem.isPresent()) {
            return problem;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Every recorded tensor under {@code prefix} against {@code actual}, named {@code label + tensor}. */
  private static Optional<String> compareGroup(String prefix, Map<String, float[]> actual, String label) {
    return compareGroup(GoldenFixture.RESOURCE, prefix, actual, label);
  }

  /** The same in fixture {@code resource}. */
  static Optional<String> compareGroup(String resource, String prefix, Map<String, float[]> actual, String label) {
    for (Map.Entry<String, float[]> e : GoldenFixture.group(resource, prefix).entrySet()) {
      Optional<String> problem = compare(BackendData.widen(e.getValue()), actual.get(e.getKey()),
          label + e.getKey());
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** The worst entry beyond {@code ABS + REL·|expected|}, or nothing. */
  static Optional<String> compare(double[] expected, float[] actual, String what) {
    if (actual == null) {
      return Optional.of(what + ": the backend returned no values");
    }
    if (expected.length != actual.length) {
      return Optional.of(what + ": PyTorch has " + expected.length + " values but the backend " + actual.length);
    }
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double excess = Math.abs(expected[i] - actual[i]) - (ABS + REL * Math.abs(expected[i]));
      if (!(excess <= worst)) {
        worst = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
        at = i;
      }
    }
    return at < 0 ? Optional.empty() : Optional.of(what + "[" + at + "]: PyTorch has " + expected[at]
        + " but the backend " + actual[at] + " (tolerance " + ABS + " + " + REL + "·|expected|)");
  }
}
