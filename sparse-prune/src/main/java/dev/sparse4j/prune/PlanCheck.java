package dev.sparse4j.prune;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.PluginException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether a pruner's masks are the ones its plan asked for: a mask for exactly the planned layers, in plan order,
 * with the parameters' shapes, and kept counts as {@link Pruner#keptCounts()} promises. A pruner that keeps every
 * weight at sparsity 0.98 would otherwise train a dense network labelled 0.98.
 */
final class PlanCheck {
  private PlanCheck() {}

  /**
   * @throws PluginException naming the pruner, the layer, the planned and the actual counts
   */
  static void requireFollows(Pruner pruner, DensityPlan plan, MaskSet masks) {
    String who = "pruner '" + pruner.name() + "'";
    List<String> planned = plan.names();
    List<String> got = List.copyOf(masks.names());
    if (!got.equals(planned)) {
      List<String> missing = new ArrayList<>(planned);
      missing.removeAll(got);
      List<String> extra = new ArrayList<>(got);
      extra.removeAll(planned);
      throw new PluginException(who + " returned masks for other layers than the plan: "
          + (missing.isEmpty() ? "" : "missing " + missing + (extra.isEmpty() ? "" : ", "))
          + (extra.isEmpty() ? "" : "not planned " + extra)
          + (missing.isEmpty() && extra.isEmpty() ? "the plan's order is " + planned + ", the masks' " + got : "")
          + "; a pruner returns one mask per planned layer, in plan order");
    }
    for (LayerDensity l : plan.layers()) {
      Mask m = masks.get(l.name());
      if (!Arrays.equals(m.shape(), l.param().shape())) {
        throw new PluginException(who + " returned a mask of shape " + Arrays.toString(m.shape()) + " for "
            + l.name() + ", whose shape is " + Arrays.toString(l.param().shape()));
      }
    }
    switch (pruner.keptCounts()) {
      case EXACT -> {
        for (LayerDensity l : plan.layers()) {
          int kept = masks.get(l.name()).kept();
          if (kept != l.keptCount()) {
            throw mismatch(who, l, kept, "exactly " + l.keptCount());
          }
        }
      }
      case BINOMIAL -> {
        for (LayerDensity l : plan.layers()) {
          int kept = masks.get(l.name()).kept();
          double n = l.param().size();
          double mean = l.density() * n;
          double bound = 7 * Math.sqrt(n * l.density() * (1 - l.density())) + 1;
          if (Math.abs(kept - mean) > bound) {
            throw mismatch(who, l, kept, String.format(Locale.ROOT, "%.0f ± %.0f (a random count)", mean, bound));
          }
        }
      }
      case TOTAL -> {
        if (masks.kept() != plan.totalKept()) {
          throw new PluginException(who + " kept " + masks.kept() + " weights in all, the plan "
              + plan.totalKept() + " (density " + plan.achievedDensity() + "); refusing masks that do not match"
              + " the density they would be reported under");
        }
      }
      default -> throw new IllegalStateException("unknown kept-count rule " + pruner.keptCounts());
    }
  }

  private static PluginException mismatch(String who, LayerDensity l, int kept, String expected) {
    return new PluginException(who + " kept " + kept + " of " + l.param().size() + " weights of " + l.name()
        + " but the plan says " + expected + " (density " + l.density() + "); refusing masks that do not match the"
        + " density they would be reported under");
  }
}
