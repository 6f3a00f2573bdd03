package dev.sparse4j.tck;

import static dev.sparse4j.tck.ContractAssertions.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Logits;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.StepResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optimizer maths of one step against hand-written {@code torch.optim} updates (SGD with momentum,
 * Nesterov and weight decay, Adam), and batch-norm in training and evaluation mode. Needs {@link Capability#TRAIN}.
 *
 * <p>Part of {@link BackendTck}; tests needing a capability the backend lacks are skipped (by capability, never by
 * backend name).
 */
public abstract class TrainingContract extends BackendFixture {
  private static final OptimizerConfig SGD_PLAIN = new OptimizerConfig(OptimizerConfig.Kind.SGD, 0, false, 0, 0.9,
      0.999, 1e-8);

  // ------------------------------------------------------------------------------------------ training maths

  @Test
  public void stepLossIsTheMeanCrossEntropyOfTheLogits() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.mlp();
    SparseModel m = build(spec, 27);
    m.setOptimizer(OptimizerConfig.paperSgd());
    float[] x = BackendData.inputs(10 * 12, 28);
    int[] y = BackendData.labels(10, 3, 28);
    float[] z = m.logits(x, 10);
    double expected = BackendData.mean(BackendData.crossEntropy(BackendData.widen(z), y, 1));
    int correct = Logits.correct(z, 3, y, 10);
    StepResult r = m.trainStep(x, y, 10, 0.1);
    assertEquals(expected, r.loss(), 1e-5, "loss = mean cross-entropy of the logits before the update");
    assertEquals(correct, r.correct(), "correct = arg-max hits before the update");
    assertEquals(10, r.batchSize());
  }

  @Test
  public void sgdStepsFollowTorchOptimSgd() {
    assumeCapability(Capability.TRAIN);
    assumeCapability(Capability.PARAM_GRADIENTS);
    ModelSpec spec = BackendSpecs.linear();
    for (boolean masked : new boolean[] {false, true}) {
      for (OptimizerConfig opt : List.of(OptimizerConfig.paperSgd(),
          new OptimizerConfig(OptimizerConfig.Kind.SGD, 0.8, false, 1e-2, 0.9, 0.999, 1e-8), SGD_PLAIN)) {
        SparseModel m = build(spec, 29);
        MaskSet masks = masked ? BackendData.masks(spec.prunable(), 0.5, 30) : MaskSet.empty();
        m.applyMasks(masks);
        m.setOptimizer(opt);
        double lr = 0.1;
        Map<String, double[]> buf = new HashMap<>();
        for (int step = 0; step < 3; step++) {
          float[] x = BackendData.inputs(6 * 5, 31 + step);
          int[] y = BackendData.labels(6, 3, 31 + step);
          Map<String, float[]> w = m.state();
          Map<String, float[]> g = m.parameterGradients(x, y, 6, true);
          Map<String, double[]> expected = new LinkedHashMap<>();
          for (ParamSpec p : spec.parameters()) {
            String n = p.name();
            double[] wv = BackendData.widen(w.get(n));
            double[] gv = BackendData.widen(g.get(n));
            double[] b = buf.computeIfAbsent(n, k -> new double[wv.length]);
            double[] out = new double[wv.length];
            for (int i = 0; i < wv.length; i++) {
              boolean kept = !masks.contains(n) || masks.get(n).isKept(i);
              double d = (kept ? gv[i] : 0) + opt.weightDecay() * wv[i];
              if (opt.momentum() > 0) {
                b[i] = step == 0 ? d : opt.momentum() * b[i] + d;
                d = opt.nesterov() ? d + opt.momentum() * b[i] : b[i];
              }
              out[i] = kept ? wv[i] - lr * d : 0;
            }
            expected.put(n, out);
          }
          m.trainStep(x, y, 6, lr);
          Map<String, float[]> after = m.state();
          String what = "SGD " + opt + " masked=" + masked + " step " + step + " ";
          expected.forEach((n, v) -> assertClose(v, after.get(n), 1e-6, 1e-6, what + n));
          if (opt.momentum() > 0) {
            Map<String, float[]> state = m.optimizerState();
            buf.forEach((n, v) -> assertClose(v, state.get(n + ".momentum"), 1e-6, 1e-6, "momentum of " + n));
          }
        }
      }
    }
  }

  @Test
  public void adamStepsFollowTorchOptimAdam() {
    assumeCapability(Capability.TRAIN);
    assumeCapability(Capability.PARAM_GRADIENTS);
    ModelSpec spec = BackendSpecs.linear();
    OptimizerConfig opt = OptimizerConfig.adam(1e-2);
    SparseModel m = build(spec, 32);
    m.setOptimizer(opt);
    double lr = 0.01;
    Map<String, double[]> mom = new HashMap<>();
    Map<String, double[]> vel = new HashMap<>();
    for (int step = 1; step <= 3; step++) {
      float[] x = BackendData.inputs(6 * 5, 40 + step);
      int[] y = BackendData.labels(6, 3, 40 + step);
      Map<String, float[]> w = m.state();
      Map<String, float[]> g = m.parameterGradients(x, y, 6, true);
      Map<String, double[]> expected = new LinkedHashMap<>();
      for (ParamSpec p : spec.parameters()) {
        double[] wv = BackendData.widen(w.get(p.name()));
        double[] gv = BackendData.widen(g.get(p.name()));
        double[] mm = mom.computeIfAbsent(p.name(), k -> new double[wv.length]);
        double[] vv = vel.computeIfAbsent(p.name(), k -> new double[wv.length]);
        double[] out = new double[wv.length];
        for (int i = 0; i < wv.length; i++) {
          double d = gv[i] + opt.weightDecay() * wv[i];
          mm[i] = opt.beta1() * mm[i] + (1 - opt.beta1()) * d;
          vv[i] = opt.beta2() * vv[i] + (1 - opt.beta2()) * d * d;
          double bc1 = 1 - Math.pow(opt.beta1(), step);
          double bc2 = 1 - Math.pow(opt.beta2(), step);
          out[i] = wv[i] - lr / bc1 * mm[i] / (Math.sqrt(vv[i]) / Math.sqrt(bc2) + opt.epsilon());
        }
        expected.put(p.name(), out);
      }
      m.trainStep(x, y, 6, lr);
      Map<String, float[]> after = m.state();
      int s = step;
      expected.forEach((n, v) -> assertClose(v, after.get(n), 2e-6, 1e-5, "Adam step " + s + " " + n));
    }
  }

  @Test
  public void batchNormUpdatesRunningStatisticsWithPyTorchMomentum() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.batchNormProbe();
    SparseModel m = build(spec, 33);
    m.setOptimizer(SGD_PLAIN);
    int batch = 4;
    float[] x = BackendData.inputs(batch * 18, 34);
    Map<String, float[]> before = m.state();
    m.trainStep(x, BackendData.labels(batch, 2, 34), batch, 0.0);
    Map<String, float[]> after = m.state();
    for (int c = 0; c < 2; c++) {
      double sum = 0;
      double sq = 0;
      int n = batch * 9;
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < 9; i++) {
          double v = x[b * 18 + c * 9 + i];
          sum += v;
          sq += v * v;
        }
      }
      double mean = sum / n;
      double unbiased = (sq - n * mean * mean) / (n - 1);
      assertEquals(0.9 * 0 + 0.1 * mean, after.get("bn.running_mean")[c], 1e-6, "running_mean[" + c + "]");
      assertEquals(0.9 * 1 + 0.1 * unbiased, after.get("bn.running_var")[c], 1e-6,
          "running_var[" + c + "] (unbiased batch variance, momentum 0.1)");
    }
    assertArrayEquals(before.get("fc.weight"), after.get("fc.weight"), "learning rate 0 leaves weights unchanged");
  }

  /**
   * Training-mode batch-norm forward against a reference written here: batch mean and biased batch variance per
   * channel, then global average pool and the linear layer, mean cross-entropy. The step's loss is the loss before
   * the update (learning rate 0 changes no weight).
   */
  @Test
  public void trainingModeBatchNormForwardMatchesAHandComputedReference() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.batchNormProbe();
    SparseModel m = build(spec, 61);
    randomizeNormState(m, 62);
    m.setOptimizer(SGD_PLAIN);
    int batch = 5;
    float[] x = BackendData.inputs(batch * 18, 63);
    int[] y = BackendData.labels(batch, 2, 63);
    Map<String, float[]> s = m.state();
    float[] gamma = s.get("bn.weight");
    float[] beta = s.get("bn.bias");
    float[] w = s.get("fc.weight");
    float[] bias = s.get("fc.bias");
    double[] pooled = new double[batch * 2];
    for (int c = 0; c < 2; c++) {
      double sum = 0;
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < 9; i++) {
          sum += x[b * 18 + c * 9 + i];
        }
      }
      double mean = sum / (batch * 9);
      double sq = 0;
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < 9; i++) {
          double d = x[b * 18 + c * 9 + i] - mean;
          sq += d * d;
        }
      }
      double biased = sq / (batch * 9);
      for (int b = 0; b < batch; b++) {
        double acc = 0;
        for (int i = 0; i < 9; i++) {
          acc += (x[b * 18 + c * 9 + i] - mean) / Math.sqrt(biased + 1e-5) * gamma[c] + beta[c];
        }
        pooled[b * 2 + c] = acc / 9;
      }
    }
    double[] logits = new double[batch * 2];
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < 2; o++) {
        logits[b * 2 + o] = bias[o] + w[o * 2] * pooled[b * 2] + w[o * 2 + 1] * pooled[b * 2 + 1];
      }
    }
    double expected = BackendData.mean(BackendData.crossEntropy(logits, y, 1));
    assertEquals(expected, m.trainStep(x, y, batch, 0.0).loss(), 1e-5,
        "training-mode loss: batch-norm must normalise with the batch mean and the biased batch variance");
  }

  /**
   * {@code parameterGradients(trainMode = true)} against central finite differences of the training-mode loss (the
   * loss a step at learning rate 0 reports), on a smooth model with batch-norm: batch statistics depend on every
   * weight before them, which evaluation-mode checks never see.
   */
  @Test
  public void trainingModeParameterGradientsMatchCentralFiniteDifferences() {
    assumeCapability(Capability.TRAIN);
    assumeCapability(Capability.PARAM_GRADIENTS);
    ModelSpec spec = BackendSpecs.smooth();
    SparseModel m = build(spec, 64);
    randomizeNormState(m, 65);
    m.setOptimizer(SGD_PLAIN);
    int batch = 4;
    float[] x = BackendData.inputs(batch * spec.inputSize(), 66);
    int[] y = BackendData.labels(batch, 3, 66);
    Map<String, float[]> base = m.state();
    Map<String, float[]> g = m.parameterGradients(x, y, batch, true);
    double h = 1e-2;
    double maxAbs = 0;
    for (ParamSpec p : spec.parameters()) {
      for (int i = 0; i < p.numel(); i++) {
        double lp = trainingLossWith(m, base, p.name(), i, h, x, y, batch);
        double lm = trainingLossWith(m, base, p.name(), i, -h, x, y, batch);
        float w = base.get(p.name())[i];
        double fd = (lp - lm) / ((float) (w + h) - (float) (w - h));
        maxAbs = Math.max(maxAbs, Math.abs(fd));
        assertEquals(fd, g.get(p.name())[i], 1e-3 + 2e-2 * Math.abs(fd),
            "training-mode gradient of " + p.name() + "[" + i + "] vs finite difference");
      }
    }
    assertTrue(maxAbs > 1e-2, "the gradients should not vanish on this model (max |fd| " + maxAbs + ")");
    m.loadState(base);
  }


  /**
   * Dropout in training mode draws its masks from the step's noise seed ({@code DropoutNoise}): the same seed gives
   * the same step on two models, another seed another one, and evaluation mode has no dropout at all.
   */
  @Test
  public void dropoutFollowsTheStepNoiseSeed() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.allLayers();
    float[] x = BackendData.inputs(6 * spec.inputSize(), 67);
    int[] y = BackendData.labels(6, spec.numClasses(), 67);
    double[] losses = new double[3];
    List<Map<String, float[]>> states = new ArrayList<>();
    long[] seeds = {7, 7, 8};
    for (int i = 0; i < 3; i++) {
      SparseModel m = build(spec, 68);
      m.setOptimizer(OptimizerConfig.paperSgd());
      losses[i] = m.trainStep(x, y, 6, 0.1, seeds[i]).loss();
      states.add(m.state());
    }
    assertEquals(losses[0], losses[1], 0.0, "the same noise seed must give the same dropout masks");
    assertStatesEqual(states.get(0), states.get(1), "state after a step with the same noise seed");
    assertTrue(losses[0] != losses[2], "another noise seed must drop other activations (losses " + losses[0] + ", "
        + losses[2] + ")");
  }

  @Test
  public void trainingLowersTheLossOnAFixedBatch() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 35);
    m.applyMasks(BackendData.masks(spec.prunable(), 0.7, 36));
    m.setOptimizer(OptimizerConfig.paperSgd());
    float[] x = BackendData.inputs(8 * spec.inputSize(), 37);
    int[] y = BackendData.labels(8, 3, 37);
    double first = m.trainStep(x, y, 8, 0.05).loss();
    double last = first;
    for (int i = 0; i < 30; i++) {
      last = m.trainStep(x, y, 8, 0.05).loss();
    }
    assertTrue(last < 0.7 * first, "loss should fall on a fixed batch: first " + first + ", last " + last);
  }

  /**
   * Training-mode batch-norm stays accurate on channels far from zero relative to their spread (the pre-activation
   * batch-norm of a residual block sees such inputs): {@link BatchNormAccuracyCheck}.
   */
  @Test
  public void trainingModeBatchNormIsAccurateOnOffsetActivations() {
    assumeCapability(Capability.PARAM_GRADIENTS);
    Map<String, Double> errors = BatchNormAccuracyCheck.errors(build(BatchNormAccuracyCheck.spec(), 90));
    errors.forEach((name, e) -> assertTrue(e <= BatchNormAccuracyCheck.TOLERANCE, "gradient of " + name + " is "
        + e + " of its scale away from the float64 reference (allowed " + BatchNormAccuracyCheck.TOLERANCE
        + "); all: " + errors));
  }
}
