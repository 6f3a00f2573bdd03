package dev.sparse4j.prune;

import dev.sparse4j.api.ModelView;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The built-in score pruners on pure-Java models whose scores can be computed by hand: magnitude on fixed values,
 * SNIP and GraSP on a linear softmax classifier (closed-form gradient and Hessian), SynFlow on small MLPs.
 */
class ScorePrunersTest {
  private static final ParamSpec A = ParamSpec.of("a.weight", ParamKind.WEIGHT, 2, 2);
  private static final ParamSpec B = ParamSpec.of("b.weight", ParamKind.WEIGHT, 1, 4);
  private static final ModelView VALUES = ModelView.of(List.of(A, B),
      Map.of("a.weight", new float[] {0.1f, -0.5f, 0.3f, 0.05f}, "b.weight", new float[] {2f, -1f, 0.2f, 0f}));

  private static DensityPlan uniform(ModelView model, double density) {
    return Allocators.get("uniform").allocate(model.prunable(), Density.of(density));
  }

  private static List<Integer> keptIndices(Mask m) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < m.numel(); i++) {
      if (m.isKept(i)) {
        out.add(i);
      }
    }
    return out;
  }

  private static <E extends Throwable> void assertMessage(Class<E> type, String fragment,
      org.junit.jupiter.api.function.Executable call) {
    E e = assertThrows(type, call);
    assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
        "message should mention '" + fragment + "': " + e.getMessage());
  }

  /** A deterministic toy data set of {@code n} examples with {@code features} values in [0, 1). */
  static Dataset data(int n, int features, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * features];
    int[] y = new int[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(classes);
    }
    return new Dataset("toy", x, y, new int[] {features}, classes);
  }

  /** Indices of the {@code k} largest values (the test's own reference ranking; values assumed distinct). */
  private static List<Integer> topK(double[] values, int k) {
    Integer[] idx = new Integer[values.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -values[i]));
    List<Integer> out = new ArrayList<>(Arrays.asList(idx).subList(0, k));
    out.sort(null);
    return out;
  }

  // ------------------------------------------------------------------------------------------ magnitude

  @Test
  void magnitudeKeepsTheLargestAbsoluteValuesGlobally() {
    MaskSet m = new MagnitudePruner().prune(VALUES, uniform(VALUES, 0.5), PruneContext.ofSeed(1));
    // |w| = a: 0.1 0.5 0.3 0.05, b: 2 1 0.2 0 — the four largest are 2, 1, 0.5, 0.3.
    assertEquals(List.of(1, 2), keptIndices(m.get("a.weight")));
    assertEquals(List.of(0, 1), keptIndices(m.get("b.weight")));
  }

  @Test
  void globalSelectionGuardsALayerThatWouldCollapse() {
    DensityPlan plan = uniform(VALUES, 0.25); // keeps 1 + 1; globally both would go to b
    ScorePruner.Result guarded = new MagnitudePruner().pruneWithReport(VALUES, plan, PruneContext.ofSeed(1));
    assertEquals(List.of("a.weight"), guarded.guardedLayers());
    assertEquals(List.of(1), keptIndices(guarded.masks().get("a.weight")), "a keeps its best weight, |−0.5|");
    assertEquals(List.of(0), keptIndices(guarded.masks().get("b.weight")));
    assertEquals(plan.totalKept(), guarded.masks().kept());

    ScorePruner.Result allowed = new MagnitudePruner().configure(Map.of("collapse", "allow"))
        .pruneWithReport(VALUES, plan, PruneContext.ofSeed(1));
    assertEquals(List.of("a.weight"), allowed.collapsedLayers());
    assertEquals(0, allowed.masks().get("a.weight").kept());
    assertEquals(List.of(0, 1), keptIndices(allowed.masks().get("b.weight")));

    assertMessage(IllegalArgumentException.class, "layer collapse", () -> new MagnitudePruner()
        .configure(Map.of("collapse", "error")).prune(VALUES, plan, PruneContext.ofSeed(1)));
  }

  @Test
  void layerWiseKeepsThePlannedCountInEveryLayer() {
    DensityPlan plan = Allocators.custom(Map.of("a.weight", 0.75)).allocate(VALUES.prunable(), Density.of(0.5));
    MaskSet m = new MagnitudePruner(true, ScorePruner.Collapse.GUARD).prune(VALUES, plan, PruneContext.ofSeed(1));
    for (LayerDensity l : plan.layers()) {
      assertEquals(l.keptCount(), m.get(l.name()).kept(), l.name());
    }
    assertEquals(List.of(0, 1, 2), keptIndices(m.get("a.weight")));
    assertEquals(List.of(0), keptIndices(m.get("b.weight")));
  }

  @Test
  void tiesAreBrokenBySeedDeterministically() {
    ParamSpec p = ParamSpec.of("c.weight", ParamKind.WEIGHT, 8, 8);
    float[] v = new float[64];
    Arrays.fill(v, 0.5f);
    ModelView flat = ModelView.of(List.of(p), Map.of("c.weight", v));
    DensityPlan plan = uniform(flat, 0.25);
    MaskSet a = new MagnitudePruner().prune(flat, plan, PruneContext.ofSeed(5));
    assertEquals(a, new MagnitudePruner().prune(flat, plan, PruneContext.ofSeed(5)));
    assertNotEquals(a, new MagnitudePruner().prune(flat, plan, PruneContext.ofSeed(6)));
    assertEquals(16, a.get("c.weight").kept());
  }

  @Test
  void magnitudeNeedsValues() {
    ModelView noValues = ModelView.of(List.of(A, B));
    assertMessage(IllegalArgumentException.class, "needs weight values",
        () -> new MagnitudePruner().prune(noValues, uniform(noValues, 0.5), PruneContext.ofSeed(1)));
  }

  // ------------------------------------------------------------------------------------------ snip

  @Test
  void snipIsGradientTimesWeightOfTheLinearClassifier() {
    TestMlp model = new TestMlp(new int[] {6, 3}, true, 3);
    Dataset d = data(10, 6, 3, 4);
    // One batch holding the whole data set: the mean gradient does not depend on the order.
    Pruner snip = new SnipPruner().configure(Map.of("batch-size", "10"));
    DensityPlan plan = uniform(model, 0.3);
    MaskSet m = snip.prune(model, plan, PruneContext.ofSeed(1).withData(d));

    float[] w = model.values("fc1.weight");
    float[] b = model.values("fc1.bias");
    double[] g = new double[18];
    for (int i = 0; i < 10; i++) {
      double[] z = new double[3];
      for (int k = 0; k < 3; k++) {
        z[k] = b[k];
        for (int j = 0; j < 6; j++) {
          z[k] += w[k * 6 + j] * d.pixels()[i * 6 + j];
        }
      }
      double max = Math.max(z[0], Math.max(z[1], z[2]));
      double sum = 0;
      for (int k = 0; k < 3; k++) {
        sum += Math.exp(z[k] - max);
      }
      for (int k = 0; k < 3; k++) {
        double dz = (Math.exp(z[k] - max) / sum - (k == d.labels()[i] ? 1 : 0)) / 10;
        for (int j = 0; j < 6; j++) {
          g[k * 6 + j] += dz * d.pixels()[i * 6 + j];
        }
      }
    }
    double[] score = new double[18];
    for (int i = 0; i < 18; i++) {
      score[i] = Math.abs(g[i] * w[i]);
    }
    assertEquals(topK(score, (int) plan.totalKept()), keptIndices(m.get("fc1.weight")));
  }

  @Test
  void snipDependsOnTheSeedThroughTheBatchAndSumsBatches() {
    TestMlp model = new TestMlp(new int[] {6, 8, 3}, true, 3);
    Dataset d = data(200, 6, 3, 4);
    DensityPlan plan = uniform(model, 0.2);
    Pruner snip = new SnipPruner().configure(Map.of("batch-size", "16", "batches", "3"));
    MaskSet a = snip.prune(model, plan, PruneContext.ofSeed(1).withData(d));
    assertEquals(a, snip.prune(model, plan, PruneContext.ofSeed(1).withData(d)));
    assertNotEquals(a, snip.prune(model, plan, PruneContext.ofSeed(2).withData(d)));
    assertEquals(plan.totalKept(), a.kept());
    model.gradientCalls = 0;
    snip.prune(model, plan, PruneContext.ofSeed(1).withData(d));
    assertEquals(3, model.gradientCalls, "one gradient pass per batch");
  }

  @Test
  void snipSaysWhatToPass() {
    TestMlp model = new TestMlp(new int[] {6, 3}, true, 3);
    DensityPlan plan = uniform(model, 0.5);
    assertMessage(IllegalArgumentException.class, "withData(trainSet)",
        () -> new SnipPruner().prune(model, plan, PruneContext.ofSeed(1)));
    assertMessage(IllegalArgumentException.class, "SparseBackend.build",
        () -> new SnipPruner().prune(ModelView.of(model.parameters()), plan, PruneContext.ofSeed(1)));
    assertMessage(IllegalArgumentException.class, "takes 6",
        () -> new SnipPruner().prune(model, plan, PruneContext.ofSeed(1).withData(data(5, 7, 3, 1))));
    assertMessage(IllegalArgumentException.class, "4 classes",
        () -> new SnipPruner().prune(model, plan, PruneContext.ofSeed(1).withData(data(5, 6, 4, 1))));
  }

  // ------------------------------------------------------------------------------------------ grasp

  /** Exact GraSP quantity w ⊙ Hg (= −score) of the linear softmax model at temperature T, in double. */
  private static double[] exactWHg(TestMlp model, Dataset d, double t) {
    int f = 6;
    int c = 3;
    int n = d.size();
    float[] w = model.values("fc1.weight");
    float[] b = model.values("fc1.bias");
    double[][] p = new double[n][c];
    double[] g = new double[c * f];
    for (int i = 0; i < n; i++) {
      double[] z = new double[c];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        z[k] = b[k];
        for (int j = 0; j < f; j++) {
          z[k] += w[k * f + j] * d.pixels()[i * f + j];
        }
        max = Math.max(max, z[k] / t);
      }
      double sum = 0;
      for (int k = 0; k < c; k++) {
        p[i][k] = Math.exp(z[k] / t - max);
        sum += p[i][k];
      }
      for (int k = 0; k < c; k++) {
        p[i][k] /= sum;
        for (int j = 0; j < f; j++) {
          g[k * f + j] += (p[i][k] - (k == d.labels()[i] ? 1 : 0)) / (t * n) * d.pixels()[i * f + j];
        }
      }
    }
    // H g for W only: Σ_i x_i ⊗ (A_i (G x_i)), A_i = (diag p_i − p_i p_iᵀ) / (T² n).
    double[] hg = new double[c * f];
    for (int i = 0; i < n; i++) {
      double[] v = new double[c];
      for (int k = 0; k < c; k++) {
        for (int j = 0; j < f; j++) {
          v[k] += g[k * f + j] * d.pixels()[i * f + j];
        }
      }
      double pv = 0;
      for (int k = 0; k < c; k++) {
        pv += p[i][k] * v[k];
      }
      for (int k = 0; k < c; k++) {
        double av = (p[i][k] * v[k] - p[i][k] * pv) / (t * t * n);
        for (int j = 0; j < f; j++) {
          hg[k * f + j] += av * d.pixels()[i * f + j];
        }
      }
    }
    double[] out = new double[c * f];
    for (int i = 0; i < out.length; i++) {
      out[i] = w[i] * hg[i];
    }
    return out;
  }

  @Test
  void graspKeepsTheSmallestScoresOfTheExactHessianGradientProduct() {
    TestMlp model = new TestMlp(new int[] {6, 3}, true, 8);
    Dataset d = data(12, 6, 3, 9);
    for (double t : new double[] {1.0, 200.0}) {
      double[] keep = exactWHg(model, d, t);
      for (String hessian : List.of("auto", "exact", "forward", "central")) {
        Map<String, String> opts = Map.of("batch-size", "12", "temperature", Double.toString(t), "fd-step", "0.01",
            "hessian", hessian);
        DensityPlan plan = uniform(model, 0.4);
        Mask m = new GraspPruner().configure(opts).prune(model, plan, PruneContext.ofSeed(1).withData(d))
            .get("fc1.weight");
        // The GraSP score is −w⊙Hg and the largest are removed: the kept ones have the largest w⊙Hg.
        assertEquals(topK(keep, (int) plan.totalKept()), keptIndices(m), "T = " + t + ", hessian=" + hessian);
      }
    }
  }

  @Test
  void graspScoresApproximateTheExactProduct() {
    TestMlp model = new TestMlp(new int[] {6, 3}, true, 8);
    Dataset d = data(12, 6, 3, 9);
    double[] exact = exactWHg(model, d, 200);
    double scale = Arrays.stream(exact).map(Math::abs).max().orElseThrow();
    for (String hessian : List.of("exact", "forward", "central")) {
      GraspPruner g = new GraspPruner().configure(Map.of("batch-size", "12", "hessian", hessian));
      float[] s = g.scores(model, List.of(model.parameters().get(0)), PruneContext.ofSeed(1).withData(d))
          .get("fc1.weight");
      double tolerance = hessian.equals("exact") ? 1e-4 : 0.05;
      for (int i = 0; i < s.length; i++) {
        assertEquals(exact[i], s[i], tolerance * scale, "hessian=" + hessian + ", weight " + i);
      }
    }
  }

  @Test
  void graspUsesTheDoubleBackwardWhenTheModelHasOne() {
    TestMlp model = new TestMlp(new int[] {6, 5, 3}, true, 8);
    Dataset d = data(40, 6, 3, 9);
    DensityPlan plan = uniform(model, 0.3);
    PruneContext c = PruneContext.ofSeed(1).withData(d);
    new GraspPruner().configure(Map.of("batches", "2", "batch-size", "16")).prune(model, plan, c);
    assertEquals(2, model.hessianCalls, "hessian=auto: one exact product per batch");
    new GraspPruner().configure(Map.of("hessian", "forward")).prune(model, plan, c);
    assertEquals(2, model.hessianCalls, "hessian=forward never asks for the exact product");
  }

  @Test
  void graspAndSynflowRestoreTheStateExactly() {
    TestMlp model = new TestMlp(new int[] {6, 8, 3}, true, 3);
    Map<String, float[]> before = model.state();
    Dataset d = data(40, 6, 3, 4);
    DensityPlan plan = uniform(model, 0.2);
    for (String hessian : List.of("exact", "forward", "central")) {
      new GraspPruner().configure(Map.of("hessian", hessian)).prune(model, plan, PruneContext.ofSeed(1).withData(d));
    }
    new SynflowPruner().configure(Map.of("rounds", "10")).prune(model, plan, PruneContext.ofSeed(1));
    Map<String, float[]> after = model.state();
    for (String k : before.keySet()) {
      assertArrayEquals(before.get(k), after.get(k), k);
    }
  }

  @Test
  void graspNeedsATemperatureAwareModelAndData() {
    TestMlp model = new TestMlp(new int[] {6, 3}, true, 3);
    DensityPlan plan = uniform(model, 0.5);
    assertMessage(IllegalArgumentException.class, "withData(trainSet)",
        () -> new GraspPruner().prune(model, plan, PruneContext.ofSeed(1)));
    TestMlp plain = new TestMlp(new int[] {6, 3}, true, 3);
    plain.scoringSupport = false;
    Map<String, float[]> before = plain.state();
    PruneContext c = PruneContext.ofSeed(1).withData(data(8, 6, 3, 2));
    // No double backward: auto falls back to the finite difference, which needs temperature gradients.
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
        () -> new GraspPruner().prune(plain, plan, c));
    assertTrue(e.getMessage().contains("temperature") && e.getMessage().contains("TestMlp"), e.getMessage());
    assertArrayEquals(before.get("fc1.weight"), plain.state().get("fc1.weight"), "restored after a failure");
    UnsupportedCapabilityException exact = assertThrows(UnsupportedCapabilityException.class,
        () -> new GraspPruner().configure(Map.of("hessian", "exact", "temperature", "1")).prune(plain, plan, c));
    assertEquals(dev.sparse4j.api.spi.Capability.DOUBLE_BACKWARD, exact.capability());
    assertTrue(exact.getMessage().contains("DOUBLE_BACKWARD"), exact.getMessage());
    MaskSet fallback = new GraspPruner().configure(Map.of("temperature", "1")).prune(plain, plan, c);
    assertEquals(plan.totalKept(), fallback.kept(), "at temperature 1 the finite difference works on any model");
    // At temperature 1 the default delegates to the plain gradients.
    Dataset d = data(8, 6, 3, 2);
    assertArrayEquals(plain.parameterGradients(d.pixels(), d.labels(), 8, true).get("fc1.weight"),
        plain.parameterGradients(d.pixels(), d.labels(), 8, true, 1.0).get("fc1.weight"));
    assertMessage(IllegalArgumentException.class, "temperature must be finite and > 0",
        () -> plain.parameterGradients(d.pixels(), d.labels(), 8, true, 0.0));
  }

  // ------------------------------------------------------------------------------------------ synflow

  @Test
  void oneSynflowRoundIsTheSynapticFlowOfTheLinearisedMlp() {
    TestMlp model = new TestMlp(new int[] {4, 3, 2}, false, 12);
    float[] w1 = model.values("fc1.weight");
    float[] w2 = model.values("fc2.weight");
    double[] s1 = new double[12];
    double[] s2 = new double[6];
    // With |W| and an all-ones input every ReLU is active: R = 1ᵀ|W2||W1|1.
    for (int h = 0; h < 3; h++) {
      double col = Math.abs(w2[h]) + Math.abs(w2[3 + h]);
      double row = 0;
      for (int j = 0; j < 4; j++) {
        row += Math.abs(w1[h * 4 + j]);
      }
      for (int j = 0; j < 4; j++) {
        s1[h * 4 + j] = Math.abs(w1[h * 4 + j]) * col;
      }
      for (int k = 0; k < 2; k++) {
        s2[k * 3 + h] = Math.abs(w2[k * 3 + h]) * row;
      }
    }
    double[] all = new double[18];
    System.arraycopy(s1, 0, all, 0, 12);
    System.arraycopy(s2, 0, all, 12, 6);
    DensityPlan plan = uniform(model, 0.5);
    MaskSet m = new SynflowPruner().configure(Map.of("rounds", "1")).prune(model, plan, PruneContext.ofSeed(1));
    List<Integer> expected = topK(all, (int) plan.totalKept());
    assertEquals(expected.stream().filter(i -> i < 12).toList(), keptIndices(m.get("fc1.weight")));
    assertEquals(expected.stream().filter(i -> i >= 12).map(i -> i - 12).toList(), keptIndices(m.get("fc2.weight")));
  }

  @Test
  void synflowAvoidsTheLayerCollapseOfGlobalMagnitude() {
    TestMlp model = new TestMlp(new int[] {30, 30, 30, 3}, false, 21);
    float[] small = model.values("fc2.weight");
    for (int i = 0; i < small.length; i++) {
      small[i] *= 0.01f; // a layer of small weights: global magnitude cuts it first
    }
    model.set("fc2.weight", small);
    DensityPlan plan = uniform(model, 0.1);
    Map<String, String> allow = Map.of("collapse", "allow");
    ScorePruner.Result magnitude = new MagnitudePruner().configure(allow)
        .pruneWithReport(model, plan, PruneContext.ofSeed(1));
    assertEquals(List.of("fc2.weight"), magnitude.collapsedLayers());
    ScorePruner.Result synflow = new SynflowPruner().configure(allow)
        .pruneWithReport(model, plan, PruneContext.ofSeed(1));
    assertEquals(List.of(), synflow.collapsedLayers());
    assertEquals(plan.totalKept(), synflow.masks().kept());
    for (Mask m : synflow.masks().asMap().values()) {
      assertTrue(m.kept() >= 3, "every layer keeps weights: " + synflow.masks());
    }
  }

  @Test
  void synflowRescalesANetworkWhoseOutputOverflowsFloat() {
    TestMlp model = new TestMlp(new int[] {8, 8, 8, 8, 8, 8, 3}, false, 31);
    DensityPlan plan = uniform(model, 0.2);
    Pruner synflow = new SynflowPruner().configure(Map.of("rounds", "20"));
    MaskSet reference = synflow.prune(model, plan, PruneContext.ofSeed(1));
    for (ParamSpec p : model.prunable()) {
      float[] w = model.values(p.name());
      for (int i = 0; i < w.length; i++) {
        w[i] *= 0x1p27f; // exact: every score scales by the same power of two
      }
      model.set(p.name(), w);
    }
    float sum = 0;
    for (float z : model.logits(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 1)) {
      sum += Math.abs(z);
    }
    assertTrue(Float.isInfinite(sum), "the test network must overflow float32, sum = " + sum);
    assertEquals(reference, synflow.prune(model, plan, PruneContext.ofSeed(1)));
  }

  @Test
  void synflowLayerWiseAndDensityOne() {
    TestMlp model = new TestMlp(new int[] {10, 12, 4}, true, 2);
    DensityPlan plan = Allocators.get("erk").allocate(model.prunable(), Density.of(0.3));
    MaskSet m = new SynflowPruner(true, ScorePruner.Collapse.GUARD, 7).prune(model, plan, PruneContext.ofSeed(3));
    for (LayerDensity l : plan.layers()) {
      assertEquals(l.keptCount(), m.get(l.name()).kept(), l.name());
    }
    MaskSet dense = new SynflowPruner().prune(model, uniform(model, 1.0), PruneContext.ofSeed(3));
    assertEquals(dense.numel(), dense.kept());
  }

  @Test
  void synflowNeedsAModelWithOutputSumGradients() {
    TestMlp model = new TestMlp(new int[] {4, 3}, true, 2);
    DensityPlan plan = uniform(model, 0.5);
    assertMessage(IllegalArgumentException.class, "SparseBackend.build",
        () -> new SynflowPruner().prune(ModelView.of(model.parameters()), plan, PruneContext.ofSeed(1)));
    TestMlp noFlow = new TestMlp(new int[] {4, 3}, true, 2);
    noFlow.scoringSupport = false;
    Map<String, float[]> before = noFlow.state();
    assertMessage(UnsupportedCapabilityException.class, "outputSumGradients",
        () -> new SynflowPruner().prune(noFlow, plan, PruneContext.ofSeed(1)));
    assertArrayEquals(before.get("fc1.weight"), noFlow.state().get("fc1.weight"), "restored after a failure");
  }

  // ------------------------------------------------------------------------------------------ options, registry

  @Test
  void optionsRoundTripAndBadValuesAreRejected() {
    List<Supplier<ScorePruner>> all = List.of(MagnitudePruner::new, SnipPruner::new, GraspPruner::new,
        SynflowPruner::new);
    for (Supplier<ScorePruner> s : all) {
      ScorePruner p = s.get();
      assertEquals(p, Pruners.get(p.name(), p.config()));
      assertEquals(p.getClass(), Pruners.get(p.name()).getClass());
      Pruner lw = p.configure(Map.of("layer-wise", "true", "collapse", "error"));
      assertEquals("true", lw.config().get("layer-wise"));
      assertEquals("error", lw.config().get("collapse"));
      assertEquals(lw, p.configure(lw.config()));
      assertMessage(IllegalArgumentException.class, "no-such", () -> p.configure(Map.of("no-such", "1")));
      assertMessage(IllegalArgumentException.class, "guard, error or allow",
          () -> p.configure(Map.of("collapse", "maybe")));
      assertMessage(IllegalArgumentException.class, "true or false", () -> p.configure(Map.of("layer-wise", "yes")));
    }
    assertMessage(IllegalArgumentException.class, "at least 1", () -> new SnipPruner().configure(Map.of("batches", "0")));
    assertMessage(IllegalArgumentException.class, "whole number",
        () -> new GraspPruner().configure(Map.of("batch-size", "1.5")));
    assertMessage(IllegalArgumentException.class, "> 0",
        () -> new GraspPruner().configure(Map.of("temperature", "-200")));
    assertMessage(IllegalArgumentException.class, "auto, exact, forward or central",
        () -> new GraspPruner().configure(Map.of("hessian", "backward")));
    assertEquals("auto", new GraspPruner().config().get("hessian"));
    assertMessage(IllegalArgumentException.class, "at least 1", () -> new SynflowPruner().configure(Map.of("rounds", "0")));
    assertEquals("200.0", new GraspPruner().config().get("temperature"));
    assertEquals("100", new SynflowPruner().config().get("rounds"));
  }

  @Test
  void registryFindsEveryScorePruner() {
    assertInstanceOf(MagnitudePruner.class, Pruners.get("magnitude"));
    assertInstanceOf(SnipPruner.class, Pruners.get("snip"));
    assertInstanceOf(GraspPruner.class, Pruners.get("grasp"));
    assertInstanceOf(SynflowPruner.class, Pruners.get("synflow"));
    assertTrue(Pruners.names().containsAll(List.of("random", "magnitude", "snip", "grasp", "synflow")));
  }

  @Test
  void aPlanThatDoesNotFitTheModelIsRejected() {
    List<ParamSpec> other = List.of(ParamSpec.of("zzz.weight", ParamKind.WEIGHT, 2, 2));
    DensityPlan plan = Allocators.get("uniform").allocate(other, Density.of(0.5));
    assertMessage(IllegalArgumentException.class, "zzz.weight",
        () -> new MagnitudePruner().prune(VALUES, plan, PruneContext.ofSeed(1)));
  }

  @Test
  void valuesViewsAndContexts() {
    assertMessage(IllegalArgumentException.class, "needs 4",
        () -> ModelView.of(List.of(A), Map.of("a.weight", new float[3])));
    assertMessage(IllegalArgumentException.class, "not among the parameters",
        () -> ModelView.of(List.of(A), Map.of("b.weight", new float[4])));
    assertMessage(IllegalArgumentException.class, "has no values for 'b.weight'",
        () -> ModelView.of(List.of(A, B), Map.of("a.weight", new float[4])).values("b.weight"));
    float[] v = VALUES.values("a.weight");
    v[0] = 99;
    assertEquals(0.1f, VALUES.values("a.weight")[0], "values are copies");

    PruneContext c = PruneContext.ofSeed(3);
    assertEquals(3, c.seed());
    assertTrue(c.data().isEmpty());
    Dataset d = data(2, 3, 2, 1);
    assertEquals(d, c.withData(d).data().orElseThrow());
    assertEquals(9, c.withData(d).withSeed(9).seed());
    assertEquals(d, c.withData(d).withSeed(9).data().orElseThrow());
    assertEquals(new PruneContext(3), c);
  }
}
