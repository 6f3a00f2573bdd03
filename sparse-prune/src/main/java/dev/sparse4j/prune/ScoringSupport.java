package dev.sparse4j.prune;

import dev.sparse4j.api.PluginException;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.spi.GradientView.Batch;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.SplitMix64;
import dev.sparse4j.api.spi.SparseModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the built-in score pruners share: plan checks, the model and data they need, seeded batches, selection. */
public final class ScoringSupport {
  private ScoringSupport() {}

  /**
   * Checks that every planned layer exists in {@code model} with the planned shape and is prunable.
   *
   * @throws IllegalArgumentException naming the first layer that does not
   */
  public static void checkPlan(String pruner, ModelView model, DensityPlan plan) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(plan, "plan");
    Map<String, ParamSpec> params = new HashMap<>();
    for (ParamSpec p : model.parameters()) {
      params.put(p.name(), p);
    }
    for (LayerDensity l : plan.layers()) {
      ParamSpec p = params.get(l.name());
      if (p == null) {
        throw new IllegalArgumentException("pruner '" + pruner + "': the plan names " + l.name() + " but the model "
            + "has no such parameter; model parameters: " + params.keySet());
      }
      if (!Arrays.equals(p.shape(), l.param().shape())) {
        throw new IllegalArgumentException("pruner '" + pruner + "': the plan expects " + l.name() + " with shape "
            + l.param().shapeString() + " but the model's is " + p.shapeString() + "; plan the model you prune");
      }
      if (!p.prunable()) {
        throw new IllegalArgumentException("pruner '" + pruner + "': parameter " + p + " is not prunable: only conv "
            + "and linear weights (kind WEIGHT, rank ≥ 2) are masked");
      }
    }
  }

  /**
   * The model as a {@link SparseModel}, which score pruners that need gradients require.
   *
   * @throws IllegalArgumentException saying what to pass instead
   */
  public static SparseModel requireSparseModel(String who, ModelView model, String why) {
    if (model instanceof SparseModel m) {
      return m;
    }
    throw new IllegalArgumentException(label(who) + " " + why + ", so it needs a model built on a backend "
        + "(SparseBackend.build(spec, seed)), not a " + model.getClass().getSimpleName() + " view of parameters");
  }

  /** {@code who} as a component label: a bare name is quoted as a pruner ({@code snip} → {@code pruner 'snip'}). */
  public static String label(String who) {
    return who.contains("'") ? who : "pruner '" + who + "'";
  }

  /**
   * The training data of {@code context}, checked against the model's input size and class count.
   *
   * @throws IllegalArgumentException when there is none or it does not fit, saying what to pass
   */
  public static Dataset requireData(String who, PruneContext context, SparseModel model) {
    String pruner = label(who);
    Dataset data = context.data().orElseThrow(() -> new IllegalArgumentException(pruner + " computes "
        + "gradients of the training loss and needs training data: pass PruneContext.ofSeed(seed).withData(trainSet)"
        + " (the CLI passes the training set itself)"));
    int inputSize = model.spec().inputSize();
    if (data.exampleSize() != inputSize) {
      throw new IllegalArgumentException(pruner + ": the data " + data.name() + " has examples of shape "
          + Arrays.toString(data.shape()) + " (" + data.exampleSize() + " values) but model " + model.spec().name()
          + " takes " + ParamSpec.shapeString(model.spec().inputShape()) + " (" + inputSize + " values)");
    }
    if (data.numClasses() > model.spec().numClasses()) {
      throw new IllegalArgumentException(pruner + ": the data " + data.name() + " has "
          + data.numClasses() + " classes but model " + model.spec().name() + " has " + model.spec().numClasses());
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException(pruner + ": the data " + data.name() + " is empty");
    }
    return data;
  }

  /**
   * {@code count} batches of {@code batchSize} examples drawn without replacement from a seeded shuffle of the data
   * (a fresh shuffle when it runs out; a batch never exceeds the data size). The shuffle is Fisher–Yates driven by
   * {@code SplitMix64.forStream(seed, "prune-data")}: for {@code j = n − 1 … 1} swap {@code j} with
   * {@code nextInt(j + 1)}.
   */
  public static List<Batch> batches(Dataset data, int count, int batchSize, long seed) {
    int size = Math.min(batchSize, data.size());
    SplitMix64 rng = SplitMix64.forStream(seed, "prune-data");
    int[] order = shuffle(data.size(), rng);
    int next = 0;
    List<Batch> out = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      int[] idx = new int[size];
      for (int i = 0; i < size; i++) {
        if (next == order.length) {
          order = shuffle(data.size(), rng);
          next = 0;
        }
        idx[i] = order[next++];
      }
      float[] x = new float[size * data.exampleSize()];
      int[] y = new int[size];
      data.gather(idx, 0, size, x, y);
      out.add(new Batch(x, y, size));
    }
    return out;
  }

  private static int[] shuffle(int n, SplitMix64 rng) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int j = n - 1; j > 0; j--) {
      int t = rng.nextInt(j + 1);
      int tmp = a[j];
      a[j] = a[t];
      a[t] = tmp;
    }
    return a;
  }

  /**
   * Selects by score: {@code plan.totalKept()} globally, or each layer's {@code keptCount()} layer-wise, with
   * seeded ties (see {@link ScoreSelection}).
   *
   * @param scores one array per planned layer
   * @throws PluginException if a layer has no scores, the wrong number of them, or a non-finite one
   */
  public static ScorePruner.Result select(String pruner, DensityPlan plan, Map<String, float[]> scores,
      boolean layerWise, ScorePruner.Collapse collapse, long seed) {
    List<ScoreSelection.Layer> layers = new ArrayList<>();
    for (LayerDensity l : plan.layers()) {
      float[] s = scores.get(l.name());
      if (s == null || s.length != l.param().numel()) {
        throw new PluginException("pruner '" + pruner + "' returned " + (s == null ? "no scores" : s.length
            + " scores") + " for " + l.name() + ", which has " + l.param().numel() + " weights");
      }
      layers.add(new ScoreSelection.Layer(l.param(), s, ScoreSelection.ties(l.param(), seed), null));
    }
    checkFinite(pruner, scores);
    ScoreSelection.Result r;
    if (layerWise) {
      int[] counts = plan.layers().stream().mapToInt(LayerDensity::keptCount).toArray();
      r = ScoreSelection.perLayer(pruner, layers, counts, collapse);
    } else {
      r = ScoreSelection.global(pruner, layers, plan.totalKept(), collapse);
    }
    return new ScorePruner.Result(masks(plan, r.words()), r.guarded(), r.collapsed());
  }

  /** Masks in plan order from packed words. */
  public static MaskSet masks(DensityPlan plan, List<long[]> words) {
    Map<String, Mask> out = new LinkedHashMap<>();
    for (int i = 0; i < plan.layers().size(); i++) {
      LayerDensity l = plan.layers().get(i);
      out.put(l.name(), Mask.ofWords(l.param().shape(), words.get(i)));
    }
    return MaskSet.of(out);
  }

  /**
   * Checks that every score is finite.
   *
   * @throws PluginException naming the first non-finite score and the likely cause
   */
  public static void checkFinite(String pruner, Map<String, float[]> scores) {
    for (Map.Entry<String, float[]> e : scores.entrySet()) {
      float[] s = e.getValue();
      for (int i = 0; i < s.length; i++) {
        if (!Float.isFinite(s[i])) {
          throw new PluginException("pruner '" + pruner + "': the score of " + e.getKey() + "[" + i + "] is "
              + s[i] + "; the gradients or weights are not finite (check the data and the model's initialisation)");
        }
      }
    }
  }

  /** A copy of {@code state} with every value replaced by its absolute value. */
  public static Map<String, float[]> abs(Map<String, float[]> state) {
    Map<String, float[]> out = new LinkedHashMap<>();
    state.forEach((k, v) -> {
      float[] a = new float[v.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = Math.abs(v[i]);
      }
      out.put(k, a);
    });
    return out;
  }

  /** L2 norm over the arrays, in double. */
  public static double norm(Iterable<double[]> arrays) {
    double s = 0;
    for (double[] a : arrays) {
      for (double v : a) {
        s += v * v;
      }
    }
    return Math.sqrt(s);
  }
}
