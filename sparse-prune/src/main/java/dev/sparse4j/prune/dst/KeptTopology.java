package dev.sparse4j.prune.dst;

import dev.sparse4j.api.KeptMask;
import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.prune.dst.TopologyUpdater.UpdateContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SET's topology update on kept entries: what {@link TopologyEngine} does with {@link SetUpdater}, without a bitmap
 * or a dense weight — the model's {@link SparseModel#keptMasks()} and {@link SparseModel#keptState()} in, one
 * {@link SparseModel#applyKeptMasks} out — so it runs on layers too large to list their positions, in
 * O(kept + k log kept) per layer. It makes the same choices to the bit: the {@code k} smallest {@code |w|} by
 * {@link DropGrow#smallestKept}, the grows by {@link DropGrow#uniformInactive(KeptMask, int,
 * dev.sparse4j.api.SplitMix64)} from the same stream, {@code k} as SET computes it; grown weights start at 0.0 with
 * zero optimizer state.
 */
public final class KeptTopology {
  private KeptTopology() {}

  /**
   * What an update changed.
   *
   * @param masks the model's masks after it
   * @param grown positions grown over every layer
   */
  public record Report(KeptMaskSet masks, long grown) {}

  /** Whether {@code updater} can run on kept entries (SET: it needs neither weights nor gradients densely). */
  public static boolean supports(TopologyUpdater updater) {
    return updater instanceof SetUpdater;
  }

  /**
   * One update of every sparse layer (some positions kept, some pruned) of {@code model}.
   *
   * @throws IllegalArgumentException for an updater other than SET (naming it), or a model without a sparse layer
   */
  public static Report update(SparseModel model, TopologyUpdater updater, UpdateContext context) {
    if (!supports(updater)) {
      throw new IllegalArgumentException("topology updater '" + updater.name() + "' needs bitmaps or dense "
          + "gradients; on kept entries only '" + SetUpdater.NAME + "' runs");
    }
    KeptMaskSet masks = model.keptMasks();
    Map<String, float[]> state = model.keptState();
    Map<String, KeptMask> next = new LinkedHashMap<>(masks.asMap());
    long grown = 0;
    boolean sparse = false;
    for (Map.Entry<String, KeptMask> e : masks.asMap().entrySet()) {
      KeptMask m = e.getValue();
      if (m.kept() == 0 || m.kept() == m.size()) {
        continue;
      }
      sparse = true;
      int k = (int) Math.min(DropGrow.count(context.fraction(), m.kept()), m.size() - m.kept());
      if (k == 0) {
        continue;
      }
      int[] dropped = DropGrow.smallestKept(state.get(e.getKey()), m, k);
      long[] grows = DropGrow.uniformInactive(m, k, context.random(e.getKey()));
      next.put(e.getKey(), m.replace(dropped, grows));
      grown += k;
    }
    if (!sparse) {
      throw new IllegalArgumentException("dynamic sparse training needs a sparse model, but no layer of "
          + model.spec().name() + " is pruned; prune it first (e.g. --sparsity 0.9)");
    }
    KeptMaskSet result = KeptMaskSet.of(next);
    model.applyKeptMasks(result);
    return new Report(result, grown);
  }
}
