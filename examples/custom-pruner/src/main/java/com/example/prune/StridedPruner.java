package com.example.prune;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.api.SplitMix64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code strided}: keeps {@code k = keptCount} evenly spaced positions of each layer, {@code floor((i + u) · n / k)}
 * for {@code i = 0 … k − 1} (row-major), shifted by a seeded phase {@code u ∈ [0, 1)} drawn from
 * {@code SplitMix64.forStream(seed, "strided/" + name)}. A structured alternative to random positions, written only
 * against the public sparse4j API.
 */
public final class StridedPruner implements Pruner {
  /** The registry name. */
  public static final String NAME = "strided";

  /** The public no-argument constructor that {@link java.util.ServiceLoader} calls. */
  public StridedPruner() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "evenly spaced positions with a seeded phase";
  }

  @Override
  public MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
    Map<String, ParamSpec> params = new HashMap<>();
    for (ParamSpec p : model.parameters()) {
      params.put(p.name(), p);
    }
    Map<String, Mask> masks = new LinkedHashMap<>();
    for (LayerDensity l : plan.layers()) {
      if (!params.containsKey(l.name())) {
        throw new IllegalArgumentException("the plan names " + l.name() + ", which the model does not have");
      }
      int n = l.param().numel();
      int k = l.keptCount();
      if (k < 1) {
        throw new IllegalArgumentException("the plan keeps no weight of " + l.name() + "; raise its density");
      }
      double phase = SplitMix64.forStream(context.seed(), "strided/" + l.name()).nextDouble();
      boolean[] keep = new boolean[n];
      for (int i = 0; i < k; i++) {
        // Spacing n/k ≥ 1, so the positions are distinct and exactly k are kept.
        keep[(int) Math.floor((i + phase) * n / k)] = true;
      }
      masks.put(l.name(), Mask.ofBooleans(l.param().shape(), keep));
    }
    return MaskSet.of(masks);
  }
}
