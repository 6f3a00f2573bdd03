package com.example.modulepath;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import java.util.LinkedHashMap;
import java.util.Map;

/** The user's pruner, found through {@code provides}: keeps the first {@code k} weights of every layer. */
public final class StripesPruner implements Pruner {
  /** The registry name. */
  public static final String NAME = "stripes";

  /** The public no-argument constructor that {@link java.util.ServiceLoader} calls. */
  public StripesPruner() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
    Map<String, Mask> masks = new LinkedHashMap<>();
    for (LayerDensity l : plan.layers()) {
      boolean[] keep = new boolean[l.param().numel()];
      for (int i = 0; i < l.keptCount(); i++) {
        keep[i] = true;
      }
      masks.put(l.name(), Mask.ofBooleans(l.param().shape(), keep));
    }
    return MaskSet.of(masks);
  }
}
