package dev.sparse4j.prune;

import dev.sparse4j.api.ModelView;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A pruner that scores every weight of the planned layers and keeps the best-scored ones (docs/pruners.md): the built-in
 * {@code magnitude}, {@code snip}, {@code grasp} and {@code synflow}. Implement {@link #scores} to write your own; the
 * default {@link #prune} does the selection.
 *
 * <p><b>Which weights are kept.</b>
 * <ul>
 *   <li>Global (the default): the {@link DensityPlan#totalKept()} best weights over all planned layers together.
 *       The plan contributes its layer set and its total only; the per-layer counts emerge from the scores, so
 *       they differ from {@link LayerDensity#keptCount()}.</li>
 *   <li>Layer-wise (option {@code layer-wise=true}): the {@link LayerDensity#keptCount()} best weights inside each
 *       layer, exactly as the plan says.</li>
 * </ul>
 *
 * <p><b>Ties</b> are broken by a seeded stream, so the result is deterministic for a seed (see
 * {@link dev.sparse4j.prune.ScoreSelection}); scores are compared as {@code float}.
 *
 * <p><b>Layer collapse.</b> Global selection can leave a layer with no weight, which disconnects the network (the
 * failure SynFlow was designed to avoid). Option {@code collapse} says what happens then:
 * {@code guard} (default) keeps the best-scored weight of every such layer, taken from the lowest-ranked weights
 * elsewhere so the total stays exact, and logs a warning; {@code error} throws an {@link IllegalArgumentException}
 * naming the layers; {@code allow} returns the empty masks and logs a warning (to reproduce collapse on purpose).
 * {@link #pruneWithReport} lists the guarded or collapsed layers, e.g. for the mask file's metadata.
 */
public interface ScorePruner extends Pruner {

  /** What happens to a layer that global selection would leave with no weight. */
  enum Collapse {
    /** Keep its best-scored weight (the total stays exact); log a warning. */
    GUARD,
    /** Throw an exception naming the layers. */
    ERROR,
    /** Leave it empty; log a warning. */
    ALLOW;

    /** The option value: {@code guard}, {@code error} or {@code allow}. */
    public String optionValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The masks with what the collapse policy did.
   *
   * @param masks one mask per planned layer, in plan order
   * @param guardedLayers layers that keep only their best weight because of {@link Collapse#GUARD}
   * @param collapsedLayers layers left with no weight under {@link Collapse#ALLOW}
   */
  record Result(MaskSet masks, List<String> guardedLayers, List<String> collapsedLayers) {
    /** Copies the lists. */
    public Result {
      Objects.requireNonNull(masks, "masks");
      guardedLayers = List.copyOf(guardedLayers);
      collapsedLayers = List.copyOf(collapsedLayers);
    }
  }

  /** Whether each layer keeps its planned count ({@code true}) or the best weights are chosen globally. */
  boolean layerWise();

  /** Exact counts per layer when layer-wise; the plan's total for a global selection. */
  @Override
  default KeptCounts keptCounts() {
    return layerWise() ? KeptCounts.EXACT : KeptCounts.TOTAL;
  }

  /** What happens to a layer that would keep no weight. */
  Collapse collapse();

  /**
   * Scores every position of every layer in {@code layers}; higher scores are kept first.
   *
   * @param model the model (with values and, for gradient-based scores, a {@link dev.sparse4j.api.spi.SparseModel})
   * @param layers the planned layers, in plan order
   * @param context seed and optional data
   * @return one array of {@code numel} finite scores per layer, row-major, keyed by name
   * @throws IllegalArgumentException if the model or context lacks what the scores need, saying what to pass
   */
  Map<String, float[]> scores(ModelView model, List<ParamSpec> layers, PruneContext context);

  @Override
  default MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
    return pruneWithReport(model, plan, context).masks();
  }

  /**
   * Like {@link #prune}, but also says which layers the collapse policy acted on.
   *
   * @throws IllegalArgumentException for a plan that does not fit the model, a missing model capability or data, or
   *     a layer collapse under {@link Collapse#ERROR}
   */
  default Result pruneWithReport(ModelView model, DensityPlan plan, PruneContext context) {
    Objects.requireNonNull(context, "context");
    ScoringSupport.checkPlan(name(), model, plan);
    List<ParamSpec> layers = plan.layers().stream().map(LayerDensity::param).toList();
    Map<String, float[]> scores = scores(model, layers, context);
    return ScoringSupport.select(name(), plan, scores, layerWise(), collapse(), context.seed());
  }
}
