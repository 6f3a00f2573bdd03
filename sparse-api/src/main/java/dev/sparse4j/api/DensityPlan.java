package dev.sparse4j.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Per-layer densities chosen by a {@link dev.sparse4j.prune.DensityAllocator} for a target density, with the
 * diagnostics a user needs to judge it.
 *
 * @param allocator name of the allocator that made the plan
 * @param allocatorConfig the allocator's options, enough to rebuild it by name
 * @param targetDensity the requested overall density D
 * @param layers one entry per prunable parameter, in model order
 * @param erkEpsilon the ERK scale ε, when the allocator has one
 * @param denseLayers layers forced to density 1.0 by the allocator
 * @param maxFeasibleSparsity the largest overall sparsity this allocator can reach on these layers
 */
public record DensityPlan(
    String allocator,
    Map<String, String> allocatorConfig,
    double targetDensity,
    List<LayerDensity> layers,
    OptionalDouble erkEpsilon,
    List<String> denseLayers,
    double maxFeasibleSparsity) {

  /** Validates and makes the collections immutable. */
  public DensityPlan {
    Objects.requireNonNull(allocator, "allocator");
    allocatorConfig = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(allocatorConfig, "allocatorConfig")));
    layers = List.copyOf(layers);
    erkEpsilon = Objects.requireNonNull(erkEpsilon, "erkEpsilon");
    denseLayers = List.copyOf(denseLayers);
    if (!(targetDensity > 0.0 && targetDensity <= 1.0)) {
      throw new IllegalArgumentException("target density must be in (0, 1], got " + targetDensity);
    }
    List<String> seen = new ArrayList<>();
    for (LayerDensity l : layers) {
      if (seen.contains(l.name())) {
        throw new IllegalArgumentException("layer " + l.name() + " appears twice in the plan");
      }
      seen.add(l.name());
    }
  }

  /** Planned density of {@code name}. */
  public double density(String name) {
    return layer(name).density();
  }

  /**
   * The entry for {@code name}.
   *
   * @throws IllegalArgumentException naming the planned layers if there is none
   */
  public LayerDensity layer(String name) {
    for (LayerDensity l : layers) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no planned density for '" + name + "'; planned layers: " + names());
  }

  /** Planned layer names, in order. */
  public List<String> names() {
    return layers.stream().map(LayerDensity::name).toList();
  }

  /** Planned densities by name, in order. */
  public Map<String, Double> densities() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (LayerDensity l : layers) {
      m.put(l.name(), l.density());
    }
    return Collections.unmodifiableMap(m);
  }

  /** Total prunable weights N. */
  public long totalParams() {
    long n = 0;
    for (LayerDensity l : layers) {
      n += l.param().size();
    }
    return n;
  }

  /** Total kept weights, the sum of per-layer {@code round(d · n)}. */
  public long totalKept() {
    long k = 0;
    for (LayerDensity l : layers) {
      k += l.keptCount();
    }
    return k;
  }

  /** Overall density reached with whole weights, {@code totalKept / totalParams}. */
  public double achievedDensity() {
    return (double) totalKept() / totalParams();
  }

  /** {@code 1 − targetDensity}. */
  public double targetSparsity() {
    return 1.0 - targetDensity;
  }
}
