package dev.sparse4j.prune;

import dev.sparse4j.api.ModelView;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.Options;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code synflow} (Tanaka et al., 2020, "Pruning neural networks without any data by iteratively conserving synaptic
 * flow"): data-free, iterative. Every parameter and buffer of the model is replaced by its absolute value, batch-norm
 * runs in evaluation mode, the input is all ones (batch 1) and {@code R = Σ logits}; the score of a weight is
 * {@code |∂R/∂w ⊙ w|}. Over {@code rounds} rounds (default 100) the kept density is lowered exponentially: after round
 * {@code k} the model keeps {@code round(N · ρ^(k/rounds))} weights globally ({@code ρ} the plan's achieved density,
 * {@code N} its weight count; layer-wise: {@code round(n_l · d_l^(k/rounds))} per layer), and the last round keeps
 * exactly the plan's count. A pruned weight stays pruned: it is zero in the scored network and cannot be chosen again.
 * At the end the model's original state is restored exactly (the masks are returned, not applied).
 *
 * <p><b>Numerical range.</b> {@code R} grows roughly like the product of the layers' gains, so a deep network
 * overflows float32 ({@code R > 3.4·10^38}), and a very sparse one can underflow. Each round the pruner checks that
 * the gradients are finite and the largest score is within {@code 2^±60} (a layer's scores sum to about {@code R});
 * if not, it multiplies every prunable weight by a common factor {@code 2^e} and searches {@code e} (doubling steps,
 * then bisection), keeping {@code e} for the next round. For a network whose input-to-output paths all cross the
 * same number of prunable layers and whose biases are zero (e.g. an MLP or VGG without biases, or at standard
 * initialisation with zero batch-norm shifts) this changes every score by the same factor and therefore not the
 * masks; with skip connections or biases it reweights paths of different lengths, which is logged. Networks of
 * moderate depth (ResNet-20/32, VGG-16 at the default initialisation) need no scaling.
 *
 * <p>Needs a {@link SparseModel} that implements {@link SparseModel#outputSumGradients} (backends with
 * {@link dev.sparse4j.api.spi.Capability#PARAM_GRADIENTS}); no data. Ties are broken by the seed as for every score
 * pruner, so the result depends on the seed only through exact ties.
 *
 * <p>Options: {@code rounds} (default 100), {@code layer-wise}, {@code collapse} (see {@link ScorePruner}). With the
 * default global selection SynFlow avoids layer collapse by design; {@code collapse=guard} remains the safety net.
 *
 * @param layerWise whether each layer keeps its planned count
 * @param collapse what happens to a layer that would keep no weight
 * @param rounds number of pruning rounds, ≥ 1
 */
public record SynflowPruner(boolean layerWise, Collapse collapse, int rounds) implements ScorePruner {
  /** The registry name. */
  public static final String NAME = "synflow";

  private static final Logger LOG = LoggerFactory.getLogger(SynflowPruner.class);
  // The largest score is kept within 2^±LIMIT_BITS, far inside the float range.
  private static final double LIMIT_BITS = 60;
  private static final double MAX_EXPONENT = 120;

  /** Checks the settings. */
  public SynflowPruner {
    Objects.requireNonNull(collapse, "collapse");
    if (rounds < 1) {
      throw new IllegalArgumentException("pruner '" + NAME + "' needs rounds ≥ 1, got " + rounds);
    }
  }

  /** The paper's settings: global, 100 rounds, {@code collapse=guard}. */
  public SynflowPruner() {
    this(false, Collapse.GUARD, 100);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Gradients of the model's parameters ({@link Capability#PARAM_GRADIENTS}). */
  @Override
  public Set<Capability> requiredCapabilities() {
    return Set.of(Capability.PARAM_GRADIENTS);
  }

  @Override
  public String description() {
    return "data-free iterative synaptic flow |∂R/∂w ⊙ w| (rounds, layer-wise, collapse)";
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> m = new SelectionOptions(layerWise, collapse).config();
    m.put("rounds", Integer.toString(rounds));
    return m;
  }

  @Override
  public SynflowPruner configure(Map<String, String> options) {
    Options o = Options.read("pruner '" + NAME + "'", options, SelectionOptions.keysWith("rounds"));
    SelectionOptions s = new SelectionOptions(layerWise, collapse).apply(o);
    return new SynflowPruner(s.layerWise(), s.collapse(), o.wholeNumber("rounds", 1, rounds));
  }

  /**
   * The single-shot SynFlow scores {@code |∂R/∂w ⊙ w|} of the unpruned network (the first round's), up to the common
   * factor of the range scaling. The model's state is restored.
   */
  @Override
  public Map<String, float[]> scores(ModelView model, List<ParamSpec> layers, PruneContext context) {
    SparseModel m = ScoringSupport.requireSparseModel(NAME, model, "computes gradients of the output sum");
    Map<String, float[]> saved = m.state();
    try {
      Flow flow = new Flow(m, ScoringSupport.abs(saved));
      return flow.scores(layers, new long[layers.size()][]);
    } finally {
      m.loadState(saved);
    }
  }

  @Override
  public Result pruneWithReport(ModelView model, DensityPlan plan, PruneContext context) {
    Objects.requireNonNull(context, "context");
    ScoringSupport.checkPlan(NAME, model, plan);
    SparseModel m = ScoringSupport.requireSparseModel(NAME, model, "computes gradients of the output sum");
    List<LayerDensity> planned = plan.layers();
    List<ParamSpec> layers = planned.stream().map(LayerDensity::param).toList();
    int count = layers.size();
    int[][] ties = new int[count][];
    for (int l = 0; l < count; l++) {
      ties[l] = ScoreSelection.ties(layers.get(l), context.seed());
    }
    long total = plan.totalParams();
    long kept = plan.totalKept();
    Set<String> guarded = new LinkedHashSet<>();
    Set<String> collapsed = new LinkedHashSet<>();
    long[][] eligible = new long[count][];
    Map<String, float[]> saved = m.state();
    try {
      Flow flow = new Flow(m, ScoringSupport.abs(saved));
      for (int round = 1; round <= rounds; round++) {
        double fraction = (double) round / rounds;
        Map<String, float[]> scores = flow.scores(layers, eligible);
        List<ScoreSelection.Layer> sel = new ArrayList<>(count);
        for (int l = 0; l < count; l++) {
          sel.add(new ScoreSelection.Layer(layers.get(l), scores.get(layers.get(l).name()), ties[l], eligible[l]));
        }
        ScoreSelection.Result r;
        if (layerWise) {
          int[] counts = new int[count];
          for (int l = 0; l < count; l++) {
            LayerDensity ld = planned.get(l);
            long scheduled = Math.round(ld.param().numel() * Math.pow(ld.achievedDensity(), fraction));
            counts[l] = round == rounds ? ld.keptCount() : (int) Math.max(ld.keptCount(), scheduled);
          }
          r = ScoreSelection.perLayer(NAME, sel, counts, collapse);
        } else {
          long k = round == rounds ? kept
              : Math.max(kept, Math.round(total * Math.pow((double) kept / total, fraction)));
          r = ScoreSelection.global(NAME, sel, k, collapse);
        }
        guarded.addAll(r.guarded());
        collapsed.addAll(r.collapsed());
        for (int l = 0; l < count; l++) {
          eligible[l] = r.words().get(l);
        }
      }
      return new Result(ScoringSupport.masks(plan, Arrays.asList(eligible)), List.copyOf(guarded),
          List.copyOf(collapsed));
    } finally {
      m.loadState(saved);
    }
  }

  /** The linearised network: |state|, pruned weights zeroed, prunable weights scaled by {@code 2^exponent}. */
  private static final class Flow {
    private final SparseModel model;
    private final Map<String, float[]> abs;
    private final List<String> prunable;
    private final float[] ones;
    private double exponent;
    private boolean warnedScaling;

    Flow(SparseModel model, Map<String, float[]> abs) {
      this.model = model;
      this.abs = abs;
      this.prunable = model.parameters().stream().filter(ParamSpec::prunable).map(ParamSpec::name).toList();
      this.ones = new float[model.spec().inputSize()];
      Arrays.fill(ones, 1f);
    }

    /** {@code |∂R/∂w ⊙ w|} for {@code layers}, with ineligible positions pruned (eligible[l] null = all). */
    Map<String, float[]> scores(List<ParamSpec> layers, long[][] eligible) {
      Map<String, float[]> base = new LinkedHashMap<>(abs);
      for (int l = 0; l < layers.size(); l++) {
        if (eligible[l] != null) {
          String name = layers.get(l).name();
          float[] w = abs.get(name).clone();
          long[] e = eligible[l];
          for (int i = 0; i < w.length; i++) {
            if ((e[i >>> 6] & (1L << i)) == 0) {
              w[i] = 0f;
            }
          }
          base.put(name, w);
        }
      }
      Probe p = healthy(base);
      Map<String, float[]> out = new LinkedHashMap<>();
      for (ParamSpec layer : layers) {
        float[] w = p.state().get(layer.name());
        float[] g = p.gradients().get(layer.name());
        float[] s = new float[w.length];
        for (int i = 0; i < s.length; i++) {
          s[i] = (float) Math.abs((double) g[i] * w[i]);
        }
        out.put(layer.name(), s);
      }
      return out;
    }

    private record Probe(int status, double largestScore, Map<String, float[]> state,
        Map<String, float[]> gradients) {}

    /** Gradients at a scale where the scores are finite and within 2^±60, searching the exponent when needed. */
    private Probe healthy(Map<String, float[]> base) {
      Probe first = probe(base, exponent);
      if (first.status() == 0 || (first.status() < 0 && first.largestScore() == 0)) {
        // Every score 0 exactly: no scale helps (every path is cut); ties decide.
        if (first.status() < 0) {
          LOG.warn("synflow: every synaptic-flow score is 0 (every input-output path is pruned)");
        }
        return first;
      }
      double e = exponent;
      double step = 1;
      int side = first.status();
      for (int i = 0; i < 64; i++) {
        double next = e - side * step;
        if (Math.abs(next) > MAX_EXPONENT) {
          break;
        }
        Probe q = probe(base, next);
        if (q.status() == 0) {
          return accept(next, q);
        }
        if (q.status() == side) {
          e = next;
          step *= 2;
          continue;
        }
        // Bracketed: e is on `side`, next on the other one.
        double a = e;
        double b = next;
        for (int j = 0; j < 60; j++) {
          double mid = 0.5 * (a + b);
          Probe r = probe(base, mid);
          if (r.status() == 0) {
            return accept(mid, r);
          }
          if (r.status() == side) {
            a = mid;
          } else {
            b = mid;
          }
        }
        break;
      }
      throw new IllegalStateException("synflow: found no common weight scale at which the synaptic-flow scores of "
          + "the linearised network are finite and within 2^±" + (int) LIMIT_BITS + " (at scale 2^" + exponent
          + " the largest is " + first.largestScore() + "); the network is too deep for float32 scores");
    }

    private Probe accept(double e, Probe p) {
      if (!warnedScaling) {
        warnedScaling = true;
        LOG.warn("synflow: scaled every prunable weight by 2^{} to keep the output sum within float range; with "
            + "skip connections or biases this reweights paths of different lengths (see SynflowPruner)", e);
      }
      exponent = e;
      return p;
    }

    /**
     * Loads the network at scale {@code 2^e} and takes the output-sum gradients. Status 0: healthy; +1: a gradient
     * is not finite or the largest score {@code |g·w|} of a prunable weight exceeds {@code 2^60}; −1: it is below
     * {@code 2^-60}. (Scores of a layer that every path crosses sum to about {@code R}, so the largest score tracks
     * {@code R} without another forward pass.)
     */
    private Probe probe(Map<String, float[]> base, double e) {
      Map<String, float[]> state = base;
      if (e != 0) {
        state = new LinkedHashMap<>(base);
        float f = (float) Math.pow(2, e);
        for (String name : prunable) {
          float[] w = base.get(name).clone();
          for (int i = 0; i < w.length; i++) {
            w[i] *= f;
          }
          state.put(name, w);
        }
      }
      model.loadState(state);
      Map<String, float[]> g = model.outputSumGradients(ones, 1);
      for (float[] v : g.values()) {
        for (float x : v) {
          if (!Float.isFinite(x)) {
            return new Probe(1, Double.POSITIVE_INFINITY, state, null);
          }
        }
      }
      double largest = 0;
      for (String name : prunable) {
        float[] w = state.get(name);
        float[] gw = g.get(name);
        for (int i = 0; i < w.length; i++) {
          largest = Math.max(largest, Math.abs((double) gw[i] * w[i]));
        }
      }
      int status = largest > Math.scalb(1.0, (int) LIMIT_BITS) ? 1
          : largest < Math.scalb(1.0, (int) -LIMIT_BITS) ? -1 : 0;
      return new Probe(status, largest, state, g);
    }
  }
}
