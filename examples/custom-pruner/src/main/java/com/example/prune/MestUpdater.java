package com.example.prune;

import dev.sparse4j.api.Options;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.prune.dst.DropGrow;
import dev.sparse4j.prune.dst.TopologyUpdater;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mest}: a topology updater in the spirit of MEST (Yuan et al., NeurIPS 2021) — drops the {@code k} active
 * weights with the smallest {@code |w| + λ·|∂L/∂w|} (a weight that is small but still learning is kept) and grows as
 * many positions uniformly at random among those pruned before the update, like SET. Written only against the public
 * API: {@link DropGrow} does the deterministic selections, {@link UpdateContext#random} gives the seeded stream, and
 * {@link #requiredCapabilities()} makes {@code train} refuse a backend without parameter gradients before it starts.
 *
 * <p>Option: {@code lambda} (≥ 0, default 1.0), e.g. {@code --dst mest --dst-option lambda=0.5}.
 *
 * @param lambda the weight of the gradient magnitude in the drop score
 */
public record MestUpdater(double lambda) implements TopologyUpdater {
  /** The registry name. */
  public static final String NAME = "mest";

  /** The public no-argument constructor that {@link java.util.ServiceLoader} calls: {@code lambda = 1}. */
  public MestUpdater() {
    this(1.0);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "MEST-style: drop the smallest |w| + lambda·|g|, grow uniformly at random (lambda)";
  }

  @Override
  public Map<String, String> config() {
    return Map.of("lambda", Double.toString(lambda));
  }

  @Override
  public MestUpdater configure(Map<String, String> options) {
    Options o = Options.read("topology updater '" + NAME + "'", options, List.of("lambda"));
    double l = o.finite("lambda", lambda);
    if (l < 0) {
      throw new IllegalArgumentException("option lambda of topology updater '" + NAME + "' must be ≥ 0, got " + l);
    }
    return new MestUpdater(l);
  }

  @Override
  public Set<Capability> requiredCapabilities() {
    return Set.of(Capability.PARAM_GRADIENTS);
  }

  @Override
  public LayerChange update(LayerState layer, UpdateContext context) {
    float[] w = layer.weights();
    float[] g = layer.gradients();
    float[] score = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      score[i] = (float) (Math.abs(w[i]) + lambda * Math.abs(g[i]));
    }
    int k = Math.min(layer.k(), layer.mask().numel() - layer.mask().kept());
    int[] dropped = DropGrow.smallestActive(score, layer.mask(), k);
    int[] grown = DropGrow.uniformInactive(layer.mask(), k, context.random(layer.param().name()));
    return new LayerChange(dropped, grown);
  }
}
