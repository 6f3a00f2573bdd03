package dev.sparse4j.prune.dst;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.Options;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.SplitMix64;
import dev.sparse4j.api.spi.Capability;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dynamic sparse training: how one sparse layer's topology changes at a scheduled update, with its kept count
 * unchanged. Found by name through {@link java.util.ServiceLoader} ({@link TopologyUpdaters}), like pruners: the
 * built-ins {@code set} ({@link SetUpdater}) and {@code rigl} ({@link RigLUpdater}), and a user's own in a jar on
 * {@code SPARSE4J_PLUGINS}.
 *
 * <p>An updater only chooses positions; {@link TopologyEngine} asks it once per sparse layer with {@code k} drops
 * allowed, checks the answer and applies it through the public {@code SparseModel} SPI, so an updater never sees
 * an engine. Grown weights start at 0.0 with zero optimizer state.
 *
 * <pre>{@code
 * public final class SmallestOutGradientIn implements TopologyUpdater {
 *   public String name() { return "my-rule"; }
 *   public Set<Capability> requiredCapabilities() { return Set.of(Capability.PARAM_GRADIENTS); }
 *   public LayerChange update(LayerState layer, UpdateContext context) {
 *     int[] drop = DropGrow.smallestActive(layer.weights(), layer.mask(), layer.k());
 *     int[] grow = DropGrow.largestInactive(layer.gradients(), layer.mask(), drop, drop.length);
 *     return new LayerChange(drop, grow);
 *   }
 * }
 * }</pre>
 */
public interface TopologyUpdater {
  /** The reserved name meaning "no topology update" (static sparse training); no updater may take it. */
  String STATIC = "static";

  /** Unique lower-kebab name, as used on the CLI ({@code set}, {@code rigl}). */
  String name();

  /** One-line description for listings. */
  default String description() {
    return name();
  }

  /** The options in effect, as strings; {@code configure(config())} rebuilds an identical updater. */
  default Map<String, String> config() {
    return Map.of();
  }

  /**
   * A copy with {@code options} applied. The default is for updaters without options: it rejects every key.
   *
   * @throws IllegalArgumentException for an unknown option or a bad value, naming the known options
   */
  default TopologyUpdater configure(Map<String, String> options) {
    Options.checkKnown("topology updater '" + name() + "'", options, List.of());
    return this;
  }

  /**
   * What the backend must offer, checked before training starts: {@link Capability#PARAM_GRADIENTS} for an updater
   * that reads {@link LayerState#gradients()}. Only such an updater may regrow a weight it drops in the same update.
   */
  default Set<Capability> requiredCapabilities() {
    return Set.of();
  }

  /**
   * Chooses the positions to drop (active now) and to grow (inactive once the drops are done) in one layer.
   *
   * @return equally many drops and grows, at most {@link LayerState#k()} each
   */
  LayerChange update(LayerState layer, UpdateContext context);

  /**
   * One sparse layer at an update.
   *
   * @param param the weight tensor
   * @param mask its current mask (some positions pruned, some kept)
   * @param weights its current values, canonical layout (pruned positions are 0.0)
   * @param gradients the dense gradient of the mean loss on the current batch at every position, pruned ones
   *     included; {@code null} unless the updater requires {@link Capability#PARAM_GRADIENTS}
   * @param k how many weights the schedule lets this layer drop and grow: {@code round(f(t) · kept)}
   */
  record LayerState(ParamSpec param, Mask mask, float[] weights, float[] gradients, int k) {}

  /**
   * What an updater decided for one layer: flat (row-major) positions.
   *
   * @param dropped active positions to prune
   * @param grown positions to activate, inactive after the drops, as many as {@code dropped}
   */
  record LayerChange(int[] dropped, int[] grown) {
    /** No change. */
    public static LayerChange none() {
      return new LayerChange(new int[0], new int[0]);
    }
  }

  /**
   * The update being made.
   *
   * @param updater the updater's name
   * @param step the 0-based training step the update comes before
   * @param fraction the schedule's drop fraction {@code f(t)} at this step
   * @param seed the run seed
   */
  record UpdateContext(String updater, long step, double fraction, long seed) {
    /**
     * The random stream of {@code layer} at this update, {@code SplitMix64.forStream(seed,
     * "dst/<updater>/<step>/<layer>")}: reproducible from the seed and the step alone, so a resumed run draws the
     * same numbers without saving any generator state.
     */
    public SplitMix64 random(String layer) {
      return SplitMix64.forStream(seed, "dst/" + updater + "/" + step + "/" + layer);
    }
  }
}
