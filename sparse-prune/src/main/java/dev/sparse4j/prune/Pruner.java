package dev.sparse4j.prune;

import dev.sparse4j.api.ModelView;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.Options;
import dev.sparse4j.api.spi.Capability;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link DensityPlan} into a {@link MaskSet}: which weights of each planned layer are kept. An extension
 * point: implement it with a public no-argument constructor and register it under
 * {@code META-INF/services/dev.sparse4j.prune.Pruner} (and {@code provides} in your {@code module-info});
 * {@link Pruners#get(String, Map)} then finds it by {@link #name()}.
 *
 * <p>Contract (the TCK checks it): every planned layer gets a mask with exactly
 * {@link dev.sparse4j.api.LayerDensity#keptCount()} kept positions (unless the pruner documents a random count, or
 * is a global {@link ScorePruner}, which keeps the plan's {@link DensityPlan#totalKept() total} and at least one
 * weight per layer), the same inputs and seed give the same masks, and different seeds give different masks (unless
 * the seed only breaks ties).
 */
public interface Pruner {

  /** Unique lower-kebab name, as used on the CLI ({@code random}, {@code snip}). */
  String name();

  /** One-line description for listings. */
  default String description() {
    return name();
  }

  /** The options in effect, as strings; {@code configure(config())} rebuilds an identical pruner. */
  default Map<String, String> config() {
    return Map.of();
  }

  /**
   * A copy with {@code options} applied over the current ones. The default is for pruners without options: it
   * rejects every key.
   *
   * @throws IllegalArgumentException for an unknown option or a bad value, naming the known options
   */
  default Pruner configure(Map<String, String> options) {
    Options.checkKnown("pruner '" + name() + "'", options, List.of());
    return this;
  }

  /**
   * What this pruner needs of the model's backend, checked before any training starts (by
   * {@link Sparsifier#checkBackend} and the CLI): {@link Capability#PARAM_GRADIENTS} for a pruner that scores
   * gradients ({@link PruneContext#gradients}). The default needs nothing.
   */
  default Set<Capability> requiredCapabilities() {
    return Set.of();
  }

  /** How a pruner's kept counts follow the plan; {@link Sparsifier} checks every mask set against it. */
  enum KeptCounts {
    /** Every layer keeps exactly {@link dev.sparse4j.api.LayerDensity#keptCount()} weights (the default). */
    EXACT,
    /** Every layer keeps a random count around {@code d·n} (e.g. Bernoulli masks): within 7σ + 1 of it. */
    BINOMIAL,
    /** A global selection: the total equals the plan's total; single layers may keep more or fewer. */
    TOTAL
  }

  /**
   * How this pruner's kept counts follow the plan (default {@link KeptCounts#EXACT}). Masks that do not are refused
   * before any training, naming the pruner, the layer and both counts.
   */
  default KeptCounts keptCounts() {
    return KeptCounts.EXACT;
  }

  /**
   * Chooses the kept positions.
   *
   * @param model the parameters (and, for score pruners, their values and gradients)
   * @param plan per-layer densities; every planned layer must exist in {@code model}
   * @param context seed and optional data
   * @return one mask per planned layer, in plan order
   */
  MaskSet prune(ModelView model, DensityPlan plan, PruneContext context);
}
