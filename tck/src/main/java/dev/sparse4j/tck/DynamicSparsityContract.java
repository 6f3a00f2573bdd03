package dev.sparse4j.tck;

import static dev.sparse4j.tck.ContractAssertions.assertPrunedZero;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.SplitMix64;
import dev.sparse4j.api.init.WeightInit;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.prune.dst.RigLUpdater;
import dev.sparse4j.prune.dst.SetUpdater;
import dev.sparse4j.prune.dst.TopologyEngine;
import dev.sparse4j.prune.dst.TopologyEngine.UpdateReport;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.prune.dst.TopologyUpdater.LayerChange;
import dev.sparse4j.prune.dst.TopologyUpdater.UpdateContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dynamic sparse training (SET, RigL) on the backend: on the tiny MLP and residual net, with a topology update forced
 * before every one of five steps (fraction 0.3), each update keeps every layer's kept count, leaves pruned weights at
 * exactly 0.0, starts grown weights and their optimizer state at 0, drops the smallest {@code |w|} and (RigL) grows
 * the largest dense {@code |g|} among inactive positions, never touches a layer kept dense, and — from the same
 * initial weights — gives the same masks on every backend. Expected selections are computed here with a plain sort,
 * independently of {@code DropGrow}; and SET and RigL trajectories match plain PyTorch ({@link DstGoldenCheck}).
 *
 * <p>Part of {@link BackendTck}; needs {@link Capability#TRAIN}, and RigL {@link Capability#PARAM_GRADIENTS}.
 */
public abstract class DynamicSparsityContract extends BackendFixture {
  private static final double FRACTION = 0.3;
  private static final long RUN_SEED = 7;
  private static final int BATCH = 8;

  /** What one forced update saw and did. */
  private record Observed(MaskSet before, Map<String, float[]> weights, Map<String, float[]> gradients,
      UpdateReport report, Map<String, float[]> weightsAfter, Map<String, float[]> optimizerAfter) {}

  @Test
  public void setKeepsCountsZeroesGrownAndDropsTheSmallest() {
    assumeCapability(Capability.TRAIN);
    for (ModelSpec spec : specs()) {
      for (OptimizerConfig opt : optimizers()) {
        for (Observed o : forcedUpdates(spec, new SetUpdater(), opt)) {
          checkCommon(spec, o, "set/" + spec.name() + "/" + opt.kind());
          o.report().changes().forEach((name, c) -> {
            boolean[] wasKept = o.before().get(name).toBooleans();
            for (int g : c.grown()) {
              assertFalse(wasKept[g], "SET grew " + name + "[" + g + "], which was active before the update");
            }
          });
        }
      }
    }
  }

  @Test
  public void riglGrowsTheLargestDenseGradients() {
    assumeCapability(Capability.TRAIN);
    assumeCapability(Capability.PARAM_GRADIENTS);
    for (ModelSpec spec : specs()) {
      for (OptimizerConfig opt : optimizers()) {
        boolean densePrunedGradient = false;
        for (Observed o : forcedUpdates(spec, new RigLUpdater(), opt)) {
          String what = "rigl/" + spec.name() + "/" + opt.kind();
          checkCommon(spec, o, what);
          for (Map.Entry<String, LayerChange> e : o.report().changes().entrySet()) {
            String name = e.getKey();
            LayerChange c = e.getValue();
            Mask before = o.before().get(name);
            float[] g = o.gradients().get(name);
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < before.numel(); i++) {
              if (!before.isKept(i) || contains(c.dropped(), i)) {
                candidates.add(i);
              }
              densePrunedGradient |= !before.isKept(i) && g[i] != 0f;
            }
            candidates.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(g[i])).thenComparingInt(i -> i));
            assertArrayEquals(sorted(candidates.subList(0, c.dropped().length)), c.grown(),
                what + ": " + name + " must grow the largest |dense gradient| among inactive positions (ties to the "
                    + "lower index)");
          }
        }
        assertTrue(densePrunedGradient, "parameterGradients must be dense: some pruned position needs a non-zero "
            + "gradient for RigL to grow it");
      }
    }
  }

  @Test
  public void firstUpdateGivesTheSameMasksOnEveryBackend() {
    assumeCapability(Capability.TRAIN);
    // From WeightInit's initial weights (the same on every backend), SET's first update is fixed by the seed alone.
    for (ModelSpec spec : specs()) {
      Observed first = forcedUpdates(spec, new SetUpdater(), OptimizerConfig.paperSgd()).get(0);
      Map<String, float[]> init = WeightInit.initialState(spec, 21);
      first.report().changes().forEach((name, c) -> {
        Mask before = first.before().get(name);
        float[] w = init.get(name).clone();
        before.apply(w);
        int k = (int) Math.floor(FRACTION * before.kept() + 0.5);
        assertArrayEquals(smallestActive(w, before, k), c.dropped(), spec.name() + ": " + name + " dropped");
        assertArrayEquals(uniformInactive(before, k, SplitMix64.forStream(RUN_SEED, "dst/set/0/" + name)),
            c.grown(), spec.name() + ": " + name + " grown (SplitMix64 stream dst/set/0/" + name + ")");
      });
    }
  }

  @Test
  public void setIsSeededByTheRunSeed() {
    assumeCapability(Capability.TRAIN);
    ModelSpec spec = BackendSpecs.mlp();
    MaskSet a = forcedUpdates(spec, new SetUpdater(), OptimizerConfig.paperSgd()).get(2).report().masks();
    MaskSet b = forcedUpdates(spec, new SetUpdater(), OptimizerConfig.paperSgd()).get(2).report().masks();
    assertEquals(a, b, "the same seed must give the same masks");
    SparseModel m = prepared(spec, OptimizerConfig.paperSgd());
    float[] x = BackendData.inputs(BATCH * spec.inputSize(), 300);
    int[] y = BackendData.labels(BATCH, spec.numClasses(), 300);
    MaskSet other = TopologyEngine.update(m, new SetUpdater(), new UpdateContext("set", 0, FRACTION, RUN_SEED + 1),
        x, y, BATCH).masks();
    MaskSet same = forcedUpdates(spec, new SetUpdater(), OptimizerConfig.paperSgd()).get(0).report().masks();
    assertNotEquals(same, other, "another run seed must grow other positions");
  }

  @Test
  public void trajectoriesMatchPyTorch() {
    assumeCapability(Capability.TRAIN);
    for (String model : GoldenTrajectoryCheck.MODELS) {
      for (String updater : DstGoldenCheck.UPDATERS) {
        if (updater.equals("rigl") && !backend().capabilities().contains(Capability.PARAM_GRADIENTS)) {
          continue;
        }
        for (String opt : GoldenTrajectoryCheck.OPTIMIZERS) {
          DstGoldenCheck.trajectory(backend(), model, updater, opt).ifPresent(problem -> fail(problem));
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------ the run

  private static List<ModelSpec> specs() {
    return List.of(BackendSpecs.mlp(), BackendSpecs.tinyResidual());
  }

  private static List<OptimizerConfig> optimizers() {
    return List.of(OptimizerConfig.paperSgd(), OptimizerConfig.adam(5e-4));
  }

  /** A model with masks of density 0.4 on every prunable tensor but the last, which stays dense. */
  private SparseModel prepared(ModelSpec spec, OptimizerConfig opt) {
    SparseModel m = build(spec, 21);
    List<ParamSpec> prunable = spec.prunable();
    Map<String, Mask> masks = new LinkedHashMap<>(BackendData.masks(prunable, 0.4, 22).asMap());
    ParamSpec last = prunable.get(prunable.size() - 1);
    masks.put(last.name(), Mask.dense(last.shape()));
    m.applyMasks(MaskSet.of(masks));
    m.setOptimizer(opt);
    return m;
  }

  /** Five steps, each after a forced update, checking after each step that pruned weights are 0.0. */
  private List<Observed> forcedUpdates(ModelSpec spec, TopologyUpdater updater, OptimizerConfig opt) {
    SparseModel m = prepared(spec, opt);
    boolean gradients = updater.requiredCapabilities().contains(Capability.PARAM_GRADIENTS);
    double lr = opt.kind() == OptimizerConfig.Kind.SGD ? 0.1 : 0.01;
    List<Observed> out = new ArrayList<>();
    for (int step = 0; step < 5; step++) {
      float[] x = BackendData.inputs(BATCH * spec.inputSize(), 300 + step);
      int[] y = BackendData.labels(BATCH, spec.numClasses(), 300 + step);
      MaskSet before = m.masks();
      Map<String, float[]> w = m.state();
      Map<String, float[]> g = gradients ? m.parameterGradients(x, y, BATCH, true) : Map.of();
      UpdateReport r = TopologyEngine.update(m, updater, new UpdateContext(updater.name(), step, FRACTION, RUN_SEED),
          x, y, BATCH);
      assertEquals(r.masks(), m.masks(), "the model must hold the masks the update reports");
      out.add(new Observed(before, w, g, r, m.state(), m.optimizerState()));
      m.trainStep(x, y, BATCH, lr);
      assertPrunedZero(r.masks(), m.state(), updater.name() + " step " + step + " weights");
    }
    return out;
  }

  private static void checkCommon(ModelSpec spec, Observed o, String what) {
    ParamSpec last = spec.prunable().get(spec.prunable().size() - 1);
    assertSame(o.before().get(last.name()), o.report().masks().get(last.name()),
        what + ": the layer kept dense must keep its mask");
    assertArrayEquals(o.weights().get(last.name()), o.weightsAfter().get(last.name()),
        what + ": the layer kept dense must keep its weights");
    assertFalse(o.report().changes().containsKey(last.name()), what + ": the layer kept dense is not updated");
    assertPrunedZero(o.report().masks(), o.weightsAfter(), what + " after the update");
    long moved = 0;
    for (Map.Entry<String, LayerChange> e : o.report().changes().entrySet()) {
      String name = e.getKey();
      LayerChange c = e.getValue();
      Mask before = o.before().get(name);
      Mask after = o.report().masks().get(name);
      assertEquals(before.kept(), after.kept(), what + ": " + name + " must keep its kept count");
      int k = (int) Math.floor(FRACTION * before.kept() + 0.5);
      float[] w = o.weights().get(name);
      assertArrayEquals(smallestActive(w, before, Math.min(k, c.dropped().length)), c.dropped(),
          what + ": " + name + " must drop the smallest |w| (ties to the lower index)");
      for (int g : c.grown()) {
        assertTrue(after.isKept(g), what + ": grown " + name + "[" + g + "] must be kept");
        assertEquals(0.0f, o.weightsAfter().get(name)[g], 0.0f,
            what + ": grown " + name + "[" + g + "] must start at 0.0");
        o.optimizerAfter().forEach((entry, v) -> {
          if (entry.startsWith(name + ".")) {
            assertEquals(0.0f, v[g], 0.0f, what + ": optimizer state " + entry + "[" + g + "] of a grown weight "
                + "must start at 0");
          }
        });
      }
      moved += c.grown().length;
    }
    assertTrue(moved > 0, what + ": an update at fraction 0.3 must move some weights");
  }

  // ------------------------------------------------------------------------------------------ references

  /** The k active positions with the smallest |w|, ties to the lower index, ascending. */
  private static int[] smallestActive(float[] w, Mask mask, int k) {
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < w.length; i++) {
      if (mask.isKept(i)) {
        active.add(i);
      }
    }
    active.sort(Comparator.comparingDouble((Integer i) -> Math.abs(w[i])).thenComparingInt(i -> i));
    return sorted(active.subList(0, k));
  }

  /** SET's draw as documented: a partial Fisher–Yates over the pruned positions in index order. */
  private static int[] uniformInactive(Mask mask, int k, SplitMix64 r) {
    List<Integer> c = new ArrayList<>();
    for (int i = 0; i < mask.numel(); i++) {
      if (!mask.isKept(i)) {
        c.add(i);
      }
    }
    k = Math.min(k, c.size());
    for (int j = 0; j < k; j++) {
      int s = j + r.nextInt(c.size() - j);
      Integer t = c.get(j);
      c.set(j, c.get(s));
      c.set(s, t);
    }
    return sorted(c.subList(0, k));
  }

  private static int[] sorted(List<Integer> positions) {
    int[] out = positions.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(out);
    return out;
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }
}
