package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sparse4j.api.Logits;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.StepResult;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SparseBackend} fulfils. A backend module runs it with a one-line subclass:
 *
 * <pre>{@code
 * class MyBackendContractTest extends BackendContract {
 *   protected SparseBackend createBackend() { return new MyProvider().create(BackendOptions.defaults()); }
 * }
 * }</pre>
 *
 * <p>Tests that need {@link Capability#TRAIN}, {@link Capability#INPUT_GRADIENTS} or
 * {@link Capability#PARAM_GRADIENTS} are skipped (JUnit assumptions) when the backend lacks them — by capability,
 * never by backend name. Expected values come from the pinned definitions (PyTorch semantics), computed here in
 * double precision: a pure-Java reference forward pass ({@link BackendReference}), hand-written optimizer updates,
 * and central finite differences.
 */
public abstract class BackendContract extends BackendFixture {
  private static final OptimizerConfig SGD_PLAIN = new OptimizerConfig(OptimizerConfig.Kind.SGD, 0, false, 0, 0.9,
      0.999, 1e-8);

  // ------------------------------------------------------------------------------------------ structure

  @Test
  public void backendDescribesItself() {
    assertTrue(backend().id().matches("[a-z0-9]+(-[a-z0-9]+)*"), "id must be lower-kebab: " + backend().id());
    assertTrue(backend().capabilities() != null, "capabilities must not be null");
    // The versions go into every report's provenance: at least the engine's, no blank names or values.
    assertTrue(backend().versions() != null && !backend().versions().isEmpty(),
        "versions must name at least the engine's version: " + backend().versions());
    backend().versions().forEach((k, v) -> assertTrue(k != null && !k.isBlank() && v != null && !v.isBlank(),
        "blank version entry '" + k + "' = '" + v + "'"));
    SparseModel m = build(BackendSpecs.tinyCnn(), 1);
    assertEquals(backend().id(), m.backendId(), "a model names the backend that built it");
    assertEquals(backend().capabilities(), m.capabilities(), "a model has its backend's capabilities");
  }

  @Test
  public void parameterNamesAndShapesEqualTheSpec() {
    for (ModelSpec spec : BackendSpecs.all()) {
      SparseModel m = build(spec, 1);
      assertEquals(spec, m.spec());
      assertEquals(backend().id(), m.backendId());
      assertEquals(spec.parameters(), m.parameters(), spec.name());
      assertStateMatches(spec, m.state());
      for (ParamSpec p : spec.parameters()) {
        assertArrayEquals(m.state().get(p.name()), m.values(p.name()), p.name());
      }
    }
  }

  @Test
  public void zooModelsCompileWithTheirNames() {
    List<ModelSpec> zoo = List.of(
        Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10)),
        Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10)),
        Models.create("vgg16", ModelOptions.of(new int[] {3, 32, 32}, 10).withWidth(0.125)),
        Models.create("wrn-10-2-d0.3", ModelOptions.of(new int[] {3, 16, 16}, 7).withWidth(0.5)));
    for (ModelSpec spec : zoo) {
      SparseModel m = build(spec, 3);
      assertEquals(spec.parameters(), m.parameters(), spec.name());
      assertStateMatches(spec, m.state());
      float[] logits = m.logits(BackendData.inputs(2 * spec.inputSize(), 5), 2);
      assertEquals(2 * spec.numClasses(), logits.length, spec.name());
      for (float v : logits) {
        assertTrue(Float.isFinite(v), spec.name() + " gave a non-finite logit");
      }
    }
  }

  private static void assertStateMatches(ModelSpec spec, Map<String, float[]> state) {
    List<String> expected = spec.stateTensors().stream().map(ParamSpec::name).toList();
    assertEquals(expected, new ArrayList<>(state.keySet()), spec.name() + ": state names and order");
    for (ParamSpec p : spec.stateTensors()) {
      assertEquals(p.numel(), state.get(p.name()).length, spec.name() + ": size of " + p.name());
    }
  }

  // ------------------------------------------------------------------------------------------ forward pass

  @Test
  public void logitsMatchTheReferenceForwardPass() {
    List<ModelSpec> specs = new ArrayList<>(BackendSpecs.deterministic());
    specs.add(BackendSpecs.allLayers());
    specs.add(BackendSpecs.batchNormProbe());
    for (ModelSpec spec : specs) {
      SparseModel m = build(spec, 11);
      randomizeNormState(m, 12);
      int batch = 3;
      float[] x = BackendData.inputs(batch * spec.inputSize(), 13);
      double[] expected = BackendReference.logits(spec, m.state(), x, batch);
      assertClose(expected, m.logits(x, batch), 1e-4, 1e-4, spec.name() + " logits");
    }
  }

  @Test
  public void resnet20MatchesTheReferenceForwardPass() {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10));
    SparseModel m = build(spec, 21);
    randomizeNormState(m, 22);
    float[] x = BackendData.inputs(2 * spec.inputSize(), 23);
    double[] expected = BackendReference.logits(spec, m.state(), x, 2);
    assertClose(expected, m.logits(x, 2), 1e-3, 1e-3, "resnet20 logits");
  }

  @Test
  public void logitsAreDeterministicAndLeaveTheStateAlone() {
    for (ModelSpec spec : BackendSpecs.all()) {
      SparseModel m = build(spec, 4);
      Map<String, float[]> before = m.state();
      float[] x = BackendData.inputs(4 * spec.inputSize(), 5);
      float[] a = m.logits(x, 4);
      float[] b = m.logits(x, 4);
      assertArrayEquals(a, b, spec.name() + ": logits differ between two calls");
      assertStatesEqual(before, m.state(), spec.name() + ": logits changed the state");
    }
  }

  // ------------------------------------------------------------------------------------------ initialisation

  @Test
  public void aSeedGivesTheSameInitialState() {
    for (ModelSpec spec : BackendSpecs.all()) {
      SparseModel a = build(spec, 42);
      SparseModel b = build(spec, 42);
      assertStatesEqual(a.state(), b.state(), spec.name() + ": same seed, different initial state");
      SparseModel c = build(spec, 43);
      String first = spec.prunable().get(0).name();
      assertFalse(java.util.Arrays.equals(a.values(first), c.values(first)),
          spec.name() + ": seeds 42 and 43 gave the same " + first);
    }
  }

  @Test
  public void aSeedGivesTheSameFirstLoss() {
    assumeCapability(Capability.TRAIN);
    for (ModelSpec spec : BackendSpecs.deterministic()) {
      float[] x = BackendData.inputs(8 * spec.inputSize(), 1);
      int[] y = BackendData.labels(8, spec.numClasses(), 1);
      double[] losses = new double[2];
      List<Map<String, float[]>> states = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        SparseModel m = build(spec, 99);
        m.setOptimizer(OptimizerConfig.paperSgd());
        losses[i] = m.trainStep(x, y, 8, 0.1).loss();
        states.add(m.state());
      }
      assertEquals(losses[0], losses[1], 0.0, spec.name() + ": first loss differs between two builds");
      assertStatesEqual(states.get(0), states.get(1), spec.name() + ": state after one step differs");
    }
  }

  @Test
  public void initialisationFollowsThePyTorchDefaults() {
    ModelSpec spec = BackendSpecs.initProbe();
    SparseModel m = build(spec, 7);
    Map<String, float[]> s = m.state();
    // Kaiming-normal, fan-out, ReLU gain: std = sqrt(2 / (64·3·3)).
    double[] conv = BackendData.widen(s.get("conv.weight"));
    double std = Math.sqrt(2.0 / (64 * 9));
    assertEquals(0.0, BackendData.mean(conv), 4 * std / Math.sqrt(conv.length), "conv weight mean");
    assertEquals(std, sampleStd(conv), 0.05 * std, "conv weight std (Kaiming-normal, fan-out)");
    // Linear: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias, whose std is bound / sqrt(3).
    double bound = 1 / Math.sqrt(64);
    double[] fc = BackendData.widen(s.get("fc.weight"));
    for (double v : fc) {
      assertTrue(Math.abs(v) <= bound, "linear weight " + v + " outside ±" + bound);
    }
    assertEquals(bound / Math.sqrt(3), sampleStd(fc), 0.05 * bound / Math.sqrt(3), "linear weight std");
    for (float v : s.get("fc.bias")) {
      assertTrue(Math.abs(v) <= bound, "linear bias " + v + " outside ±" + bound);
    }
    assertTrue(sampleStd(BackendData.widen(s.get("fc.bias"))) > 0, "linear bias must be random, not constant");
    assertAll(s.get("bn.weight"), 1f, "bn.weight");
    assertAll(s.get("bn.bias"), 0f, "bn.bias");
    assertAll(s.get("bn.running_mean"), 0f, "bn.running_mean");
    assertAll(s.get("bn.running_var"), 1f, "bn.running_var");
  }

  // ------------------------------------------------------------------------------------------ masks

  @Test
  public void masksZeroExactlyThePrunedEntries() {
    for (ModelSpec spec : List.of(BackendSpecs.tinyResidual(), BackendSpecs.allLayers(), BackendSpecs.mlp())) {
      SparseModel m = build(spec, 8);
      Map<String, float[]> before = m.state();
      MaskSet masks = BackendData.masks(spec.prunable(), 0.3, 9);
      m.applyMasks(masks);
      assertEquals(masks, m.masks());
      Map<String, float[]> after = m.state();
      for (Map.Entry<String, float[]> e : after.entrySet()) {
        String name = e.getKey();
        float[] v = e.getValue();
        if (!masks.contains(name)) {
          assertArrayEquals(before.get(name), v, name + " is not masked and must not change");
          continue;
        }
        Mask mask = masks.get(name);
        for (int i = 0; i < v.length; i++) {
          if (mask.isKept(i)) {
            assertEquals(before.get(name)[i], v[i], 0.0f, name + "[" + i + "] is kept and must not change");
          } else {
            assertEquals(0.0f, v[i], 0.0f, name + "[" + i + "] is pruned and must be 0.0");
          }
        }
      }
    }
  }

  @Test
  public void prunedWeightsStayZeroDuringNesterovSgdWithWeightDecay() {
    assumeCapability(Capability.TRAIN);
    for (ModelSpec spec : List.of(BackendSpecs.tinyResidual(), BackendSpecs.tinyCnn())) {
      SparseModel m = build(spec, 10);
      MaskSet masks = BackendData.masks(spec.prunable(), 0.4, 11);
      m.applyMasks(masks);
      m.setOptimizer(OptimizerConfig.paperSgd());
      Map<String, float[]> start = m.state();
      for (int step = 0; step < 6; step++) {
        m.trainStep(BackendData.inputs(8 * spec.inputSize(), 100 + step), BackendData.labels(8, spec.numClasses(),
            100 + step), 8, 0.1);
        assertPrunedZero(masks, m.state(), "step " + step + " weights");
        Map<String, float[]> opt = m.optimizerState();
        Map<String, float[]> momentum = new HashMap<>();
        masks.names().forEach(n -> momentum.put(n, opt.get(n + ".momentum")));
        assertPrunedZero(masks, momentum, "step " + step + " momentum");
      }
      assertKeptChanged(masks, start, m.state());
    }
  }

  @Test
  public void prunedWeightsStayZeroDuringAdam() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 12);
    MaskSet masks = BackendData.masks(spec.prunable(), 0.5, 13);
    m.applyMasks(masks);
    m.setOptimizer(OptimizerConfig.adam(1e-4));
    Map<String, float[]> start = m.state();
    for (int step = 0; step < 4; step++) {
      m.trainStep(BackendData.inputs(8 * spec.inputSize(), step), BackendData.labels(8, spec.numClasses(), step), 8,
          0.01);
      assertPrunedZero(masks, m.state(), "Adam step " + step);
      Map<String, float[]> opt = m.optimizerState();
      for (String suffix : List.of(".adam_m", ".adam_v")) {
        Map<String, float[]> moments = new HashMap<>();
        masks.names().forEach(n -> moments.put(n, opt.get(n + suffix)));
        assertPrunedZero(masks, moments, "Adam step " + step + suffix);
      }
    }
    assertKeptChanged(masks, start, m.state());
  }

  @Test
  public void anEmptyMaskSetMakesTheModelDenseAgain() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.mlp();
    SparseModel m = build(spec, 14);
    MaskSet masks = BackendData.masks(spec.prunable(), 0.3, 15);
    m.applyMasks(masks);
    m.applyMasks(MaskSet.empty());
    assertEquals(0, m.masks().size());
    m.setOptimizer(OptimizerConfig.paperSgd());
    m.trainStep(BackendData.inputs(16 * 12, 16), BackendData.labels(16, 3, 16), 16, 0.5);
    float[] w = m.values("fc1.weight");
    Mask mask = masks.get("fc1.weight");
    int revived = 0;
    for (int i = 0; i < w.length; i++) {
      if (!mask.isKept(i) && w[i] != 0f) {
        revived++;
      }
    }
    assertTrue(revived > 0, "after removing the masks, formerly pruned weights must train again");
  }

  @Test
  public void loadStateReappliesTheMasks() {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel dense = build(spec, 17);
    SparseModel m = build(spec, 18);
    MaskSet masks = BackendData.masks(spec.prunable(), 0.5, 19);
    m.applyMasks(masks);
    m.loadState(dense.state());
    assertPrunedZero(masks, m.state(), "after loadState");
    Mask mask = masks.get("conv1.weight");
    float[] w = m.values("conv1.weight");
    float[] d = dense.values("conv1.weight");
    for (int i = 0; i < w.length; i++) {
      if (mask.isKept(i)) {
        assertEquals(d[i], w[i], 0f);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ state

  @Test
  public void stateRoundTripGivesIdenticalLogits() {
    for (ModelSpec spec : BackendSpecs.all()) {
      SparseModel a = build(spec, 20);
      randomizeNormState(a, 21);
      if (backend().capabilities().contains(Capability.TRAIN)) {
        a.setOptimizer(OptimizerConfig.paperSgd());
        for (int i = 0; i < 2; i++) {
          a.trainStep(BackendData.inputs(4 * spec.inputSize(), i), BackendData.labels(4, spec.numClasses(), i), 4,
              0.05);
        }
      }
      SparseModel b = build(spec, 777);
      b.loadState(a.state());
      assertStatesEqual(a.state(), b.state(), spec.name() + ": loadState(state())");
      float[] x = BackendData.inputs(3 * spec.inputSize(), 22);
      assertArrayEquals(a.logits(x, 3), b.logits(x, 3), spec.name() + ": logits after a state round trip");
    }
  }

  @Test
  public void optimizerStateHasOneEntryPerParameterAndAStepCount() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 23);
    m.setOptimizer(OptimizerConfig.paperSgd());
    Set<String> expected = new LinkedHashSet<>();
    spec.parameters().forEach(p -> expected.add(p.name() + ".momentum"));
    expected.add("step");
    assertEquals(expected, m.optimizerState().keySet());
    m.trainStep(BackendData.inputs(4 * spec.inputSize(), 1), BackendData.labels(4, 3, 1), 4, 0.1);
    m.trainStep(BackendData.inputs(4 * spec.inputSize(), 2), BackendData.labels(4, 3, 2), 4, 0.1);
    assertArrayEquals(new float[] {2f}, m.optimizerState().get("step"));
    m.setOptimizer(OptimizerConfig.adam(0));
    Set<String> adam = new LinkedHashSet<>();
    spec.parameters().forEach(p -> {
      adam.add(p.name() + ".adam_m");
      adam.add(p.name() + ".adam_v");
    });
    adam.add("step");
    assertEquals(adam, new LinkedHashSet<>(m.optimizerState().keySet()));
    assertArrayEquals(new float[] {0f}, m.optimizerState().get("step"), "setOptimizer resets the state");
  }

  @Test
  public void optimizerStateRoundTripContinuesTrainingIdentically() {
    assumeCapability(Capability.TRAIN);
    for (OptimizerConfig opt : List.of(OptimizerConfig.paperSgd(), OptimizerConfig.adam(5e-4))) {
      ModelSpec spec = BackendSpecs.tinyResidual();
      SparseModel a = build(spec, 24);
      a.applyMasks(BackendData.masks(spec.prunable(), 0.5, 25));
      a.setOptimizer(opt);
      for (int i = 0; i < 2; i++) {
        a.trainStep(BackendData.inputs(4 * spec.inputSize(), i), BackendData.labels(4, 4, i), 4, 0.05);
      }
      SparseModel b = build(spec, 26);
      b.loadState(a.state());
      b.applyMasks(a.masks());
      b.setOptimizer(opt);
      b.loadOptimizerState(a.optimizerState());
      assertStatesEqual(a.optimizerState(), b.optimizerState(), opt.kind() + ": optimizer state round trip");
      float[] x = BackendData.inputs(4 * spec.inputSize(), 9);
      int[] y = BackendData.labels(4, 4, 9);
      StepResult ra = a.trainStep(x, y, 4, 0.05);
      StepResult rb = b.trainStep(x, y, 4, 0.05);
      assertEquals(ra, rb, opt.kind() + ": the next step after a round trip");
      assertStatesEqual(a.state(), b.state(), opt.kind() + ": state after the next step");
      assertStatesEqual(a.optimizerState(), b.optimizerState(), opt.kind() + ": optimizer state after the next step");
    }
  }

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

  /** Training-mode mean cross-entropy (the loss of a step at learning rate 0) with one weight moved. */
  private static double trainingLossWith(SparseModel m, Map<String, float[]> base, String name, int index,
      double delta, float[] x, int[] y, int batch) {
    return withWeight(m, base, name, index, delta, () -> m.trainStep(x, y, batch, 0.0).loss());
  }

  private static double withWeight(SparseModel m, Map<String, float[]> base, String name, int index, double delta,
      java.util.function.DoubleSupplier loss) {
    Map<String, float[]> s = new LinkedHashMap<>(base);
    float[] v = base.get(name).clone();
    v[index] = (float) (v[index] + delta);
    s.put(name, v);
    m.loadState(s);
    return loss.getAsDouble();
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

  // ------------------------------------------------------------------------------------------ bad input

  @Test
  public void badMasksAreRejectedWithClearMessages() {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 52);
    Map<String, float[]> before = m.state();
    assertMessage(IllegalArgumentException.class, "nosuch.weight",
        () -> m.applyMasks(MaskSet.of(Map.of("nosuch.weight", Mask.dense(4, 1, 3, 3)))));
    assertMessage(IllegalArgumentException.class, "not prunable",
        () -> m.applyMasks(MaskSet.of(Map.of("fc.bias", Mask.dense(3)))));
    assertMessage(IllegalArgumentException.class, "not prunable",
        () -> m.applyMasks(MaskSet.of(Map.of("bn1.weight", Mask.dense(4)))));
    Map<String, Mask> mixed = new LinkedHashMap<>();
    mixed.put("fc.weight", Mask.ofBooleans(new int[] {3, 36}, new boolean[108]));
    mixed.put("conv1.weight", Mask.dense(4, 1, 3, 4));
    assertMessage(IllegalArgumentException.class, "shape", () -> m.applyMasks(MaskSet.of(mixed)));
    assertStatesEqual(before, m.state(), "a rejected mask set must change nothing");
    assertEquals(0, m.masks().size());
  }

  @Test
  public void badStatesAreRejectedWithClearMessages() {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 53);
    Map<String, float[]> good = m.state();
    Map<String, float[]> missing = new LinkedHashMap<>(good);
    missing.remove("bn1.running_var");
    assertMessage(IllegalArgumentException.class, "bn1.running_var", () -> m.loadState(missing));
    Map<String, float[]> wrongSize = new LinkedHashMap<>(good);
    wrongSize.put("fc.weight", new float[5]);
    assertMessage(IllegalArgumentException.class, "fc.weight", () -> m.loadState(wrongSize));
    Map<String, float[]> unknown = new LinkedHashMap<>(good);
    unknown.put("fc.extra", new float[1]);
    assertMessage(IllegalArgumentException.class, "fc.extra", () -> m.loadState(unknown));
    assertStatesEqual(good, m.state(), "a rejected state must change nothing");
    assertMessage(IllegalArgumentException.class, "nosuch", () -> m.values("nosuch"));
  }

  @Test
  public void badInputsAreRejectedWithClearMessages() {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 54);
    assertMessage(IllegalArgumentException.class, "36", () -> m.logits(new float[35], 1));
    assertMessage(IllegalArgumentException.class, "batch", () -> m.logits(new float[0], 0));
    if (backend().capabilities().contains(Capability.TRAIN)) {
      assertMessage(IllegalStateException.class, "setOptimizer", () -> m.trainStep(new float[36], new int[1], 1, 0.1));
      m.setOptimizer(OptimizerConfig.paperSgd());
      assertMessage(IllegalArgumentException.class, "label", () -> m.trainStep(new float[72], new int[] {0, 3}, 2,
          0.1));
      assertMessage(IllegalArgumentException.class, "label", () -> m.trainStep(new float[72], new int[] {0}, 2, 0.1));
      assertMessage(IllegalArgumentException.class, "learning rate",
          () -> m.trainStep(new float[36], new int[1], 1, Double.NaN));
    }
    if (backend().capabilities().contains(Capability.INPUT_GRADIENTS)) {
      assertMessage(IllegalArgumentException.class, "temperature", () -> m.inputGradient(new float[36], new int[1], 1,
          0.0));
    }
  }

  @Test
  public void badOptimizerStatesAreRejectedWithClearMessages() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.linear();
    SparseModel m = build(spec, 55);
    assertThrows(IllegalStateException.class, () -> m.loadOptimizerState(Map.of()));
    m.setOptimizer(OptimizerConfig.paperSgd());
    Map<String, float[]> good = m.optimizerState();
    Map<String, float[]> missing = new LinkedHashMap<>(good);
    missing.remove("fc.bias.momentum");
    assertMessage(IllegalArgumentException.class, "fc.bias.momentum", () -> m.loadOptimizerState(missing));
    Map<String, float[]> wrong = new LinkedHashMap<>(good);
    wrong.put("fc.weight.momentum", new float[2]);
    assertMessage(IllegalArgumentException.class, "fc.weight.momentum", () -> m.loadOptimizerState(wrong));
    Map<String, float[]> adam = new LinkedHashMap<>(good);
    adam.put("fc.weight.adam_m", new float[15]);
    assertMessage(IllegalArgumentException.class, "fc.weight.adam_m", () -> m.loadOptimizerState(adam));
    assertDoesNotThrow(() -> m.loadOptimizerState(good));
  }

  @Test
  public void missingCapabilitiesThrowUnsupportedCapability() {
    Set<Capability> caps = backend().capabilities();
    assumeFalse(caps.containsAll(List.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS)),
        "backend has every optional capability");
    SparseModel m = build(BackendSpecs.linear(), 56);
    if (!caps.contains(Capability.TRAIN)) {
      UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, () -> {
        m.setOptimizer(OptimizerConfig.paperSgd());
        m.trainStep(new float[5], new int[1], 1, 0.1);
      });
      assertEquals(Capability.TRAIN, e.capability());
    }
    if (!caps.contains(Capability.INPUT_GRADIENTS)) {
      assertThrows(UnsupportedCapabilityException.class, () -> m.inputGradient(new float[5], new int[1], 1, 1.0));
    }
    if (!caps.contains(Capability.PARAM_GRADIENTS)) {
      assertThrows(UnsupportedCapabilityException.class,
          () -> m.parameterGradients(new float[5], new int[1], 1, true));
    }
  }

  @Test
  public void aModelWorksFromAnotherThread() throws Exception {
    ModelSpec spec = BackendSpecs.tinyCnn();
    SparseModel m = build(spec, 58);
    SparseModel twin = build(spec, 58);
    MaskSet masks = BackendData.masks(spec.prunable(), 0.5, 59);
    float[] x = BackendData.inputs(4 * spec.inputSize(), 60);
    int[] y = BackendData.labels(4, 3, 60);
    boolean train = backend().capabilities().contains(Capability.TRAIN);
    Runnable work = () -> {
      m.applyMasks(masks);
      m.loadState(m.state());
      if (train) {
        m.setOptimizer(OptimizerConfig.paperSgd());
        m.trainStep(x, y, 4, 0.1);
      }
      m.logits(x, 4);
    };
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "sparse4j-tck-worker");
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new AssertionError("the model failed on another thread: " + failure[0], failure[0]);
    }
    twin.applyMasks(masks);
    if (train) {
      twin.setOptimizer(OptimizerConfig.paperSgd());
      twin.trainStep(x, y, 4, 0.1);
    }
    assertStatesEqual(twin.state(), m.state(), "the same work on another thread");
    assertPrunedZero(masks, m.state(), "after work on another thread");
  }

  @Test
  public void closedModelsRefuseWork() {
    SparseModel m = backend().build(BackendSpecs.linear(), 57);
    m.close();
    assertDoesNotThrow(m::close, "close must be idempotent");
    assertThrows(IllegalStateException.class, () -> m.logits(new float[5], 1));
    assertThrows(IllegalStateException.class, m::state);
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** Gives batch-norm layers non-trivial running statistics, scales and shifts, so evaluation mode is tested. */
  protected static void randomizeNormState(SparseModel m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, float[]> s = m.state();
    for (ParamSpec p : m.spec().stateTensors()) {
      if (p.kind() != ParamKind.NORM && p.kind() != ParamKind.BUFFER) {
        continue;
      }
      float[] v = s.get(p.name());
      boolean positive = p.name().endsWith(".running_var") || p.name().endsWith(".weight");
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (positive ? 0.5 + r.nextDouble() : 0.6 * r.nextDouble() - 0.3);
      }
    }
    m.loadState(s);
  }

  private static void assertPrunedZero(MaskSet masks, Map<String, float[]> values, String what) {
    for (String name : masks.names()) {
      float[] v = values.get(name);
      if (v == null) {
        fail(what + ": no values for " + name);
      }
      Mask mask = masks.get(name);
      for (int i = 0; i < v.length; i++) {
        if (!mask.isKept(i) && v[i] != 0.0f) {
          fail(what + ": pruned " + name + "[" + i + "] is " + v[i] + ", must be exactly 0.0");
        }
      }
    }
  }

  private static void assertKeptChanged(MaskSet masks, Map<String, float[]> before, Map<String, float[]> after) {
    for (String name : masks.names()) {
      Mask mask = masks.get(name);
      boolean changed = false;
      for (int i = 0; i < mask.numel() && !changed; i++) {
        changed = mask.isKept(i) && before.get(name)[i] != after.get(name)[i];
      }
      assertTrue(changed, "kept weights of " + name + " should train");
    }
  }

  private static void assertStatesEqual(Map<String, float[]> a, Map<String, float[]> b, String what) {
    assertEquals(new ArrayList<>(a.keySet()), new ArrayList<>(b.keySet()), what + ": names");
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), what + ": " + k);
    }
  }

  private static void assertClose(double[] expected, float[] actual, double abs, double rel, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double tol = abs + rel * Math.abs(expected[i]);
      if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
        fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i] + " (tolerance " + tol + ")");
      }
    }
  }

  private static void assertAll(float[] v, float expected, String what) {
    for (int i = 0; i < v.length; i++) {
      assertEquals(expected, v[i], 0f, what + "[" + i + "]");
    }
  }

  private static double sampleStd(double[] v) {
    double m = BackendData.mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  private static <E extends Throwable> void assertMessage(Class<E> type, String fragment,
      org.junit.jupiter.api.function.Executable call) {
    E e = assertThrows(type, call);
    assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
        "message should mention '" + fragment + "': " + e.getMessage());
  }
}
