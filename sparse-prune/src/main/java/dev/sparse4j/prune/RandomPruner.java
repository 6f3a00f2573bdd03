package dev.sparse4j.prune;

import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.SplitMix64;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.KeptMask;
import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.Options;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code random}: keeps weights chosen at random inside each planned layer — the pruner of Liu et al. (2022).
 *
 * <p>Options: {@code mode=exact|bernoulli} (default {@code exact}); {@code parallel=true|false} (default
 * {@code true}: large plans draw layers on several threads; the masks are the same either way).
 * <ul>
 *   <li>{@code exact}: exactly {@link LayerDensity#keptCount()} {@code = round(d·n)} positions, every such subset
 *       equally likely ({@link #exactMask}).
 *   <li>{@code bernoulli}: each position kept independently with probability {@code d} (paper-faithful; the
 *       count is random, so a tiny layer may keep nothing — that is logged as a warning).
 * </ul>
 *
 * <p><b>Reproducibility.</b> The mask of parameter {@code p} under seed {@code s} is drawn from
 * {@link SplitMix64#forStream(long, String) SplitMix64.forStream(s, p)} only, so it is bit-identical on every
 * backend, run and thread count, and does not depend on the other layers or their order. Exact mode: with
 * {@code m = min(k, n − k)}, Floyd's algorithm chooses {@code m} positions — for {@code j = n − m … n − 1}:
 * {@code t = nextInt(j + 1)}; choose {@code t}, or {@code j} if {@code t} is already chosen — which are the kept
 * positions if {@code m = k}, else the dropped ones. Bernoulli mode: position {@code i} (row-major) is kept iff the
 * {@code i}-th {@code nextDouble()} is below {@code d}.
 *
 * @param mode how many positions are kept
 * @param parallel whether large plans may be drawn on several threads
 */
public record RandomPruner(Mode mode, boolean parallel) implements Pruner {
  /** The registry name. */
  public static final String NAME = "random";

  private static final Logger LOG = LoggerFactory.getLogger(RandomPruner.class);
  // Below this many weights threads cost more than they save.
  private static final long PARALLEL_THRESHOLD = 1L << 20;

  /** How many positions a layer keeps. */
  public enum Mode {
    /** Exactly {@code round(d·n)}. */
    EXACT,
    /** Each position independently with probability {@code d}. */
    BERNOULLI;

    /** The option value, {@code exact} or {@code bernoulli}. */
    public String optionValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the mode. */
  public RandomPruner {
    Objects.requireNonNull(mode, "mode");
  }

  /** Exact-count masks, parallel over layers for large plans. */
  public RandomPruner() {
    this(Mode.EXACT, true);
  }

  /** A pruner in {@code mode}. */
  public static RandomPruner of(Mode mode) {
    return new RandomPruner(mode, true);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "uniformly random positions in each layer (mode=exact|bernoulli)";
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mode", mode.optionValue());
    m.put("parallel", Boolean.toString(parallel));
    return m;
  }

  @Override
  public RandomPruner configure(Map<String, String> options) {
    Options o = Options.read("pruner '" + NAME + "'", options, List.of("mode", "parallel"));
    return new RandomPruner(o.choice("mode", Mode.class, mode), o.bool("parallel", parallel));
  }


  @Override
  public MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(context, "context");
    Map<String, ParamSpec> params = new HashMap<>();
    for (ParamSpec p : model.parameters()) {
      params.put(p.name(), p);
    }
    List<LayerDensity> layers = plan.layers();
    long total = 0;
    for (LayerDensity l : layers) {
      ParamSpec p = params.get(l.name());
      if (p == null) {
        throw new IllegalArgumentException("the plan names " + l.name() + " but the model has no such parameter; "
            + "model parameters: " + params.keySet());
      }
      if (!Arrays.equals(p.shape(), l.param().shape())) {
        throw new IllegalArgumentException("the plan expects " + l.name() + " with shape " + l.param().shapeString()
            + " but the model's is " + p.shapeString() + "; plan the model you prune");
      }
      checkPlannable(l);
      total += p.numel();
    }
    long seed = context.seed();
    Mask[] out = new Mask[layers.size()];
    IntStream indices = IntStream.range(0, layers.size());
    if (parallel && layers.size() > 1 && total >= PARALLEL_THRESHOLD) {
      indices = indices.parallel(); // each layer has its own stream, so the result is the same
    }
    indices.forEach(i -> out[i] = draw(layers.get(i), seed));
    Map<String, Mask> masks = new LinkedHashMap<>();
    for (int i = 0; i < out.length; i++) {
      masks.put(layers.get(i).name(), out[i]);
    }
    return MaskSet.of(masks);
  }

  /**
   * The mask this pruner draws for one layer under {@code seed} (what {@link #prune} puts in the set).
   *
   * @throws IllegalArgumentException if the layer is not prunable or, in exact mode, would keep no weight
   */
  public Mask mask(LayerDensity layer, long seed) {
    checkPlannable(layer);
    return draw(layer, seed);
  }

  /**
   * The masks of {@code plan} as kept entries, drawn in O(kept) memory: exactly the positions {@link #prune} keeps
   * for the same plan and seed (the same Floyd draws from the same streams, remembered in a hash set instead of a
   * bitmap), also for layers too large to list their positions. Exact mode only.
   *
   * @throws IllegalArgumentException in bernoulli mode, or for a layer that is not prunable or would keep nothing
   */
  public KeptMaskSet keptMasks(DensityPlan plan, long seed) {
    Objects.requireNonNull(plan, "plan");
    if (mode != Mode.EXACT) {
      throw new IllegalArgumentException("kept-entry masks are drawn with mode=exact only (bernoulli mode walks every"
          + " position); drop --pruner-option mode=" + mode.optionValue());
    }
    List<LayerDensity> layers = plan.layers();
    layers.forEach(this::checkPlannable);
    KeptMask[] out = new KeptMask[layers.size()];
    IntStream indices = IntStream.range(0, layers.size());
    if (parallel && layers.size() > 1) {
      indices = indices.parallel(); // each layer has its own stream, so the result is the same
    }
    indices.forEach(i -> out[i] = exactKeptMask(layers.get(i).param(), layers.get(i).keptCount(), seed));
    Map<String, KeptMask> masks = new LinkedHashMap<>();
    for (int i = 0; i < out.length; i++) {
      masks.put(layers.get(i).name(), out[i]);
    }
    return KeptMaskSet.of(masks);
  }

  /**
   * {@link #exactMask} as kept entries, in O(kept) memory where {@code kept ≤ size / 2} (else through a bitmap,
   * which needs the tensor to fit one).
   *
   * @throws IllegalArgumentException if {@code kept} is outside {@code [0, size]}, or above half of a tensor too
   *     large for a bitmap
   */
  public static KeptMask exactKeptMask(ParamSpec param, int kept, long seed) {
    SplitMix64 rng = SplitMix64.forStream(seed, param.name());
    return MaskSampler.exactKept(param.shape(), kept, rng);
  }

  /**
   * Exactly {@code kept} random positions of {@code param} from the stream {@code (seed, param.name())}.
   *
   * @throws IllegalArgumentException if {@code kept} is outside {@code [0, numel]}
   */
  public static Mask exactMask(ParamSpec param, int kept, long seed) {
    SplitMix64 rng = SplitMix64.forStream(seed, param.name());
    return Mask.ofWords(param.shape(), MaskSampler.exact(param.numel(), kept, rng));
  }

  /**
   * Each position of {@code param} kept with probability {@code density}, from the stream
   * {@code (seed, param.name())}.
   *
   * @throws IllegalArgumentException if the density is outside [0, 1]
   */
  public static Mask bernoulliMask(ParamSpec param, double density, long seed) {
    SplitMix64 rng = SplitMix64.forStream(seed, param.name());
    return Mask.ofWords(param.shape(), MaskSampler.bernoulli(param.numel(), density, rng));
  }

  private Mask draw(LayerDensity l, long seed) {
    if (mode == Mode.EXACT) {
      return exactMask(l.param(), l.keptCount(), seed);
    }
    Mask m = bernoulliMask(l.param(), l.density(), seed);
    if (m.kept() == 0) {
      LOG.warn("bernoulli mask of {} ({} weights, density {}) kept no weight with seed {}; the layer is cut off "
          + "(use mode=exact to keep round(d·n) weights)", l.name(), m.numel(), l.density(), seed);
    }
    return m;
  }

  private void checkPlannable(LayerDensity l) {
    if (!l.param().prunable()) {
      throw new IllegalArgumentException("parameter " + l.param() + " is not prunable: only conv and linear "
          + "weights (kind WEIGHT, rank ≥ 2) are masked");
    }
    if (mode == Mode.EXACT && l.keptCount() < 1) {
      throw new IllegalArgumentException("the plan keeps round(" + l.density() + " × " + l.param().size()
          + ") = 0 weights of " + l.name() + "; a zero mask would cut the layer off — raise its density");
    }
    if (mode == Mode.BERNOULLI && l.density() <= 0) {
      throw new IllegalArgumentException("the plan gives " + l.name() + " density 0; a zero mask would cut the "
          + "layer off — raise its density");
    }
  }

  /** {@link KeptCounts#BINOMIAL} for Bernoulli masks, else exact counts. */
  @Override
  public KeptCounts keptCounts() {
    return mode == Mode.BERNOULLI ? KeptCounts.BINOMIAL : KeptCounts.EXACT;
  }
}
