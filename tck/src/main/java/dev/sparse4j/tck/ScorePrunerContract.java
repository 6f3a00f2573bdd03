package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.prune.GraspPruner;
import dev.sparse4j.prune.MagnitudePruner;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.ScorePruner;
import dev.sparse4j.prune.SnipPruner;
import dev.sparse4j.prune.SynflowPruner;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.prune.alloc.PrunerRatio;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What score pruners ({@code magnitude}, {@code snip}, {@code grasp}, {@code synflow}) need from a backend, and the
 * pruners running on it: the temperature and output-sum gradients against finite differences, exact kept counts,
 * determinism, the model left exactly as it was, and each pruner's definition checked on the backend's own numbers.
 * A backend module runs it with a one-line subclass:
 *
 * <pre>{@code
 * class MyScorePrunerContractTest extends ScorePrunerContract {
 *   protected SparseBackend createBackend() { return new MyProvider().create(BackendOptions.defaults()); }
 * }
 * }</pre>
 *
 * <p>Every test needs {@link Capability#PARAM_GRADIENTS} and is skipped without it.
 */
public abstract class ScorePrunerContract extends BackendFixture {

  /** Every test here needs parameter gradients. */
  @BeforeEach
  public final void requireParameterGradients() {
    assumeCapability(Capability.PARAM_GRADIENTS);
  }

  /** {@code n} seeded examples for {@code spec}. */
  protected static Dataset data(ModelSpec spec, int n, long seed) {
    return new Dataset("contract-data", BackendData.inputs(n * spec.inputSize(), seed),
        BackendData.labels(n, spec.numClasses(), seed), spec.inputShape(), spec.numClasses());
  }

  private static List<ScorePruner> pruners() {
    return List.of(new MagnitudePruner(), new SnipPruner().configure(Map.of("batch-size", "8")),
        new GraspPruner().configure(Map.of("batch-size", "8")),
        new SynflowPruner().configure(Map.of("rounds", "10")));
  }

  // ------------------------------------------------------------------------------------------ backend support

  @Test
  public void outputSumGradientsMatchCentralFiniteDifferences() {
    ModelSpec spec = BackendSpecs.smooth();
    SparseModel m = build(spec, 61);
    ContractAssertions.randomizeNormState(m, 62);
    float[] x = BackendData.inputs(2 * spec.inputSize(), 63);
    Map<String, float[]> g = m.outputSumGradients(x, 2);
    assertEquals(spec.parameters().stream().map(ParamSpec::name).toList(), new ArrayList<>(g.keySet()));
    Map<String, float[]> base = m.state();
    double h = 1e-2;
    for (ParamSpec p : spec.parameters()) {
      for (int i = 0; i < p.numel(); i++) {
        double fd = (outputSum(m, base, p.name(), i, h, x) - outputSum(m, base, p.name(), i, -h, x))
            / ((float) (base.get(p.name())[i] + h) - (float) (base.get(p.name())[i] - h));
        assertEquals(fd, g.get(p.name())[i], 2e-3 + 1e-2 * Math.abs(fd), "∂Σlogits/∂" + p.name() + "[" + i + "]");
      }
    }
    m.loadState(base);
  }

  private static double outputSum(SparseModel m, Map<String, float[]> base, String name, int i, double d, float[] x) {
    Map<String, float[]> s = new LinkedHashMap<>(base);
    float[] v = base.get(name).clone();
    v[i] = (float) (v[i] + d);
    s.put(name, v);
    m.loadState(s);
    return BackendData.sum(BackendData.widen(m.logits(x, x.length / m.spec().inputSize())));
  }

  @Test
  public void temperatureGradientsMatchCentralFiniteDifferences() {
    ModelSpec spec = BackendSpecs.smooth();
    SparseModel m = build(spec, 64);
    ContractAssertions.randomizeNormState(m, 65);
    int batch = 3;
    double t = 4;
    float[] x = BackendData.inputs(batch * spec.inputSize(), 66);
    int[] y = BackendData.labels(batch, 3, 66);
    Map<String, float[]> g = m.parameterGradients(x, y, batch, false, t);
    Map<String, float[]> base = m.state();
    double h = 2e-2;
    for (ParamSpec p : spec.parameters()) {
      for (int i = 0; i < p.numel(); i++) {
        double fd = (loss(m, base, p.name(), i, h, x, y, t) - loss(m, base, p.name(), i, -h, x, y, t))
            / ((float) (base.get(p.name())[i] + h) - (float) (base.get(p.name())[i] - h));
        assertEquals(fd, g.get(p.name())[i], 2e-4 + 2e-2 * Math.abs(fd), "gradient at T=" + t + " of " + p.name()
            + "[" + i + "]");
      }
    }
    m.loadState(base);
    Map<String, float[]> one = m.parameterGradients(x, y, batch, true, 1.0);
    Map<String, float[]> plain = m.parameterGradients(x, y, batch, true);
    for (String k : plain.keySet()) {
      assertArrayEquals(plain.get(k), one.get(k), "temperature 1 must equal the plain gradients: " + k);
    }
  }

  private static double loss(SparseModel m, Map<String, float[]> base, String name, int i, double d, float[] x,
      int[] y, double t) {
    Map<String, float[]> s = new LinkedHashMap<>(base);
    float[] v = base.get(name).clone();
    v[i] = (float) (v[i] + d);
    s.put(name, v);
    m.loadState(s);
    return BackendData.mean(BackendData.crossEntropy(BackendData.widen(m.logits(x, y.length)), y, t));
  }

  @Test
  public void hessianVectorProductsMatchFiniteDifferencesOfGradients() {
    assumeCapability(Capability.DOUBLE_BACKWARD);
    ModelSpec spec = BackendSpecs.smooth();
    SparseModel m = build(spec, 87);
    ContractAssertions.randomizeNormState(m, 88);
    int batch = 4;
    double t = 3;
    float[] x = BackendData.inputs(batch * spec.inputSize(), 89);
    int[] y = BackendData.labels(batch, 3, 89);
    Map<String, float[]> before = m.state();
    SplittableRandom r = new SplittableRandom(90);
    Map<String, float[]> v = new LinkedHashMap<>();
    for (String name : List.of("conv1.weight", "fc.weight")) {
      float[] a = new float[before.get(name).length];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextGaussian();
      }
      v.put(name, a);
    }
    for (boolean train : new boolean[] {false, true}) {
      Map<String, float[]> hv = m.hessianVectorProduct(x, y, batch, train, t, v);
      assertEquals(List.copyOf(v.keySet()), List.copyOf(hv.keySet()));
      assertStatesEqual(before, m.state(), "hessianVectorProduct changed the state");
      double h = 1e-2;
      Map<String, float[]> plus = gradientAt(m, before, v, h, x, y, train, t);
      Map<String, float[]> minus = gradientAt(m, before, v, -h, x, y, train, t);
      m.loadState(before);
      double scale = 0;
      for (float[] a : hv.values()) {
        for (float f : a) {
          scale = Math.max(scale, Math.abs(f));
        }
      }
      for (String name : v.keySet()) {
        for (int i = 0; i < v.get(name).length; i++) {
          double fd = (plus.get(name)[i] - minus.get(name)[i]) / (2 * h);
          assertEquals(fd, hv.get(name)[i], 2e-2 * scale, "(Hv)[" + name + "][" + i + "], trainMode=" + train);
        }
      }
    }
    Map<String, float[]> clean = m.parameterGradients(x, y, batch, true);
    Map<String, float[]> after = m.parameterGradients(x, y, batch, true);
    assertStatesEqual(clean, after, "gradients after a double backward");
  }

  private static Map<String, float[]> gradientAt(SparseModel m, Map<String, float[]> base, Map<String, float[]> v,
      double h, float[] x, int[] y, boolean train, double t) {
    Map<String, float[]> s = new LinkedHashMap<>(base);
    v.forEach((name, d) -> {
      float[] w = base.get(name).clone();
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (w[i] + h * d[i]);
      }
      s.put(name, w);
    });
    m.loadState(s);
    return m.parameterGradients(x, y, y.length, train, t);
  }

  @Test
  public void outputSumGradientsLeaveTheStateAlone() {
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 67);
    ContractAssertions.randomizeNormState(m, 68);
    Map<String, float[]> before = m.state();
    float[] x = BackendData.inputs(2 * spec.inputSize(), 69);
    Map<String, float[]> a = m.outputSumGradients(x, 2);
    assertStatesEqual(before, m.state(), "outputSumGradients changed the state");
    Map<String, float[]> b = m.outputSumGradients(x, 2);
    assertStatesEqual(a, b, "two identical calls (gradients must not accumulate)");
  }

  // ------------------------------------------------------------------------------------------ pruners

  @Test
  public void globalScorePrunersKeepThePlanTotalAndEveryLayer() {
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 70);
    PruneContext context = PruneContext.ofSeed(3).withData(data(spec, 32, 71));
    DensityPlan plan = Allocators.get("uniform").allocate(spec.prunable(), Density.of(0.1));
    for (ScorePruner p : pruners()) {
      MaskSet masks = p.prune(m, plan, context);
      assertEquals(plan.names(), List.copyOf(masks.names()), p.name());
      assertEquals(plan.totalKept(), masks.kept(), p.name() + ": total kept");
      for (Mask mask : masks.asMap().values()) {
        assertTrue(mask.kept() >= 1, p.name() + " left a layer empty: " + masks);
      }
      assertEquals(masks, p.prune(m, plan, context), p.name() + ": same seed, same data, same masks");
    }
  }

  @Test
  public void layerWiseScorePrunersKeepThePlannedCounts() {
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 72);
    PruneContext context = PruneContext.ofSeed(4).withData(data(spec, 16, 73));
    DensityPlan plan = Allocators.get("erk").allocate(spec.prunable(), Density.of(0.3));
    for (ScorePruner p : pruners()) {
      MaskSet masks = p.configure(Map.of("layer-wise", "true")).prune(m, plan, context);
      for (LayerDensity l : plan.layers()) {
        assertEquals(l.keptCount(), masks.get(l.name()).kept(), p.name() + ": " + l.name());
      }
    }
  }

  @Test
  public void scoringLeavesTheModelExactlyAsItWas() {
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 74);
    ContractAssertions.randomizeNormState(m, 75);
    Map<String, float[]> before = m.state();
    PruneContext context = PruneContext.ofSeed(5).withData(data(spec, 16, 76));
    DensityPlan plan = Allocators.get("uniform").allocate(spec.prunable(), Density.of(0.2));
    for (ScorePruner p : pruners()) {
      p.prune(m, plan, context);
      assertStatesEqual(before, m.state(), p.name() + " changed the model");
      assertTrue(m.masks().asMap().isEmpty(), p.name() + " installed masks; pruners only return them");
    }
  }

  @Test
  public void snipKeepsTheLargestGradientTimesWeight() {
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 77);
    Dataset d = data(spec, 12, 78);
    DensityPlan plan = Allocators.get("uniform").allocate(spec.prunable(), Density.of(0.2));
    // One batch holding all 12 examples: the batch-mean gradient does not depend on their order.
    MaskSet masks = new SnipPruner().configure(Map.of("batch-size", "12"))
        .prune(m, plan, PruneContext.ofSeed(1).withData(d));
    Map<String, float[]> g = m.parameterGradients(d.pixels(), d.labels(), 12, true);
    Map<String, double[]> expected = new LinkedHashMap<>();
    for (LayerDensity l : plan.layers()) {
      float[] w = m.values(l.name());
      double[] s = new double[w.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = Math.abs((double) g.get(l.name())[i] * w[i]);
      }
      expected.put(l.name(), s);
    }
    assertKeepsTheLargest(expected, masks, 1e-4, "snip");
  }

  @Test
  public void graspRemovesTheLargestGraspScores() {
    ModelSpec spec = BackendSpecs.smooth();
    SparseModel m = build(spec, 79);
    ContractAssertions.randomizeNormState(m, 80);
    Dataset d = data(spec, 16, 81);
    DensityPlan plan = Allocators.get("uniform").allocate(spec.prunable(), Density.of(0.3));
    double t = 200;
    Map<String, MaskSet> byMethod = new LinkedHashMap<>();
    for (String hessian : List.of("auto", "forward", "central")) {
      byMethod.put(hessian, new GraspPruner().configure(Map.of("batch-size", "16", "hessian", hessian))
          .prune(m, plan, PruneContext.ofSeed(1).withData(d)));
    }
    // Reference w ⊙ Hg by a central difference with another step; GraSP's score is its negative.
    Map<String, float[]> base = m.state();
    Map<String, float[]> g = m.parameterGradients(d.pixels(), d.labels(), 16, true, t);
    double norm = 0;
    for (String name : plan.names()) {
      for (float v : g.get(name)) {
        norm += (double) v * v;
      }
    }
    norm = Math.sqrt(norm);
    double step = 1e-2;
    Map<String, float[]> plus = gradientAt(m, base, plan.names(), g, step / norm, d, t);
    Map<String, float[]> minus = gradientAt(m, base, plan.names(), g, -step / norm, d, t);
    m.loadState(base);
    Map<String, double[]> keep = new LinkedHashMap<>();
    for (String name : plan.names()) {
      float[] w = base.get(name);
      double[] s = new double[w.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = w[i] * (plus.get(name)[i] - minus.get(name)[i]) / (2 * step) * norm;
      }
      keep.put(name, s);
    }
    byMethod.forEach((hessian, masks) -> assertKeepsTheLargest(keep, masks, 0.05,
        "grasp, hessian=" + hessian + " (kept: largest w⊙Hg, i.e. smallest −w⊙Hg)"));
  }

  private static Map<String, float[]> gradientAt(SparseModel m, Map<String, float[]> base, List<String> names,
      Map<String, float[]> dir, double scale, Dataset d, double t) {
    Map<String, float[]> s = new LinkedHashMap<>(base);
    for (String name : names) {
      float[] w = base.get(name).clone();
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (w[i] + scale * dir.get(name)[i]);
      }
      s.put(name, w);
    }
    m.loadState(s);
    return m.parameterGradients(d.pixels(), d.labels(), d.size(), true, t);
  }

  @Test
  public void oneSynflowRoundIsTheSynapticFlowOfTheLinearisedMlp() {
    ModelSpec spec = BackendSpecs.mlp(); // fc1 12→16 (bias), ReLU, fc2 16→3 (bias)
    SparseModel m = build(spec, 82);
    float[] w1 = m.values("fc1.weight");
    float[] b1 = m.values("fc1.bias");
    float[] w2 = m.values("fc2.weight");
    // |params|, all-ones input: every ReLU is active, so ∂R/∂W1[h,j] = Σ_k |W2[k,h]| and
    // ∂R/∂W2[k,h] = Σ_j |W1[h,j]| + |b1[h]|.
    double[] s1 = new double[16 * 12];
    double[] s2 = new double[3 * 16];
    for (int h = 0; h < 16; h++) {
      double col = 0;
      for (int k = 0; k < 3; k++) {
        col += Math.abs(w2[k * 16 + h]);
      }
      double row = Math.abs(b1[h]);
      for (int j = 0; j < 12; j++) {
        row += Math.abs(w1[h * 12 + j]);
      }
      for (int j = 0; j < 12; j++) {
        s1[h * 12 + j] = Math.abs(w1[h * 12 + j]) * col;
      }
      for (int k = 0; k < 3; k++) {
        s2[k * 16 + h] = Math.abs(w2[k * 16 + h]) * row;
      }
    }
    DensityPlan plan = Allocators.get("uniform").allocate(spec.prunable(), Density.of(0.25));
    MaskSet masks = new SynflowPruner().configure(Map.of("rounds", "1")).prune(m, plan, PruneContext.ofSeed(1));
    assertKeepsTheLargest(Map.of("fc1.weight", s1, "fc2.weight", s2), masks, 1e-5, "synflow");
    MaskSet iterative = new SynflowPruner().prune(m, plan, PruneContext.ofSeed(1));
    assertEquals(plan.totalKept(), iterative.kept(), "100 rounds keep the plan's total");
  }

  @Test
  public void scorePrunersRunOnResNet20() {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(new int[] {3, 8, 8}, 10));
    SparseModel m = build(spec, 83);
    PruneContext context = PruneContext.ofSeed(6).withData(data(spec, 8, 84));
    DensityPlan plan = Allocators.get("uniform").allocate(spec.prunable(), Density.of(0.05));
    for (String name : List.of("snip", "grasp", "synflow")) {
      Map<String, String> options = name.equals("synflow") ? Map.of("rounds", "5") : Map.of("batch-size", "8");
      ScorePruner.Result r = ((ScorePruner) Pruners.get(name, options)).pruneWithReport(m, plan, context);
      assertEquals(plan.totalKept(), r.masks().kept(), name);
      for (Mask mask : r.masks().asMap().values()) {
        assertTrue(mask.kept() >= 1, name + " left a layer empty");
      }
      if (name.equals("synflow")) {
        assertEquals(List.of(), r.guardedLayers(), "synflow needs no collapse guard on ResNet-20 at density 0.05");
      }
    }
  }

  @Test
  public void ratioFromSnipThenRandomPositions() {
    ModelSpec spec = BackendSpecs.tinyResidual();
    SparseModel m = build(spec, 85);
    PruneContext context = PruneContext.ofSeed(7).withData(data(spec, 16, 86));
    DensityPlan plan = PrunerRatio.plan(Pruners.get("snip", Map.of("batch-size", "16")), m, context, Density.of(0.2));
    long n = spec.prunable().stream().mapToLong(ParamSpec::numel).sum();
    assertEquals(Math.round(0.2 * n), plan.totalKept());
    assertEquals("snip-ratio", plan.allocator());
    MaskSet masks = Pruners.get("random").prune(m, plan, PruneContext.ofSeed(7));
    for (LayerDensity l : plan.layers()) {
      assertEquals(l.keptCount(), masks.get(l.name()).kept(), l.name());
    }
  }

  // ------------------------------------------------------------------------------------------ helpers

  /**
   * Checks that, over all layers together, every kept weight's reference score is at least every dropped weight's,
   * up to {@code relTol} of the score range (float rounding and finite differences may swap near-ties).
   */
  private static void assertKeepsTheLargest(Map<String, double[]> reference, MaskSet masks, double relTol,
      String what) {
    double minKept = Double.POSITIVE_INFINITY;
    double maxDropped = Double.NEGATIVE_INFINITY;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    String worstKept = "";
    String worstDropped = "";
    for (Map.Entry<String, double[]> e : reference.entrySet()) {
      Mask mask = masks.get(e.getKey());
      double[] s = e.getValue();
      for (int i = 0; i < s.length; i++) {
        lo = Math.min(lo, s[i]);
        hi = Math.max(hi, s[i]);
        if (mask.isKept(i) && s[i] < minKept) {
          minKept = s[i];
          worstKept = e.getKey() + "[" + i + "]";
        } else if (!mask.isKept(i) && s[i] > maxDropped) {
          maxDropped = s[i];
          worstDropped = e.getKey() + "[" + i + "]";
        }
      }
    }
    if (minKept < maxDropped - relTol * (hi - lo)) {
      fail(what + ": kept " + worstKept + " scores " + minKept + " but dropped " + worstDropped + " scores "
          + maxDropped + " (score range " + lo + " … " + hi + ")");
    }
  }

  private static void assertStatesEqual(Map<String, float[]> a, Map<String, float[]> b, String what) {
    assertEquals(new ArrayList<>(a.keySet()), new ArrayList<>(b.keySet()), what + ": names");
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), what + ": " + k);
    }
  }
}
