package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code er} (Erdős–Rényi, Mocanu et al. 2018): like {@link ErkAllocator} but the raw score uses only the output and
 * input dimensions, {@code raw_l = ((out + in) / (out · in))^power-scale}, for conv and linear weights alike.
 *
 * <p>Option {@code power-scale} (default 1.0, finite, ≥ 0). The plan reports ε and the layers forced dense.
 *
 * @param powerScale exponent applied to the raw ER score
 */
public record ErAllocator(double powerScale) implements DensityAllocator {
  /** The registry name. */
  public static final String NAME = "er";

  /** Checks the power scale. */
  public ErAllocator {
    checkPowerScale(NAME, powerScale);
  }

  /** ER with {@code powerScale = 1}. */
  public ErAllocator() {
    this(1.0);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Erdős–Rényi: density ∝ ((out + in) / (out · in))^power-scale, capped at 1";
  }

  @Override
  public Map<String, String> config() {
    return Map.of("power-scale", Double.toString(powerScale));
  }

  @Override
  public ErAllocator configure(Map<String, String> options) {
    return new ErAllocator(parsePowerScale(NAME, options, powerScale));
  }

  @Override
  public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
    List<ParamSpec> layers = Feasibility.checkLayers(NAME, prunable);
    return erkPlan(NAME, config(), layers, density, true, powerScale);
  }

  static void checkPowerScale(String allocator, double powerScale) {
    if (!(Double.isFinite(powerScale) && powerScale >= 0.0)) {
      throw new IllegalArgumentException("power-scale of allocator '" + allocator
          + "' must be a finite number ≥ 0 (1 is the usual ERK, 0 gives uniform), got " + powerScale);
    }
  }

  static double parsePowerScale(String allocator, Map<String, String> options, double current) {
    return Options.read("allocator '" + allocator + "'", options, List.of("power-scale")).finite("power-scale", current);
  }

  /** {@code (Σ dims / Π dims)^power} for ERK, or over {out, in} only for ER. */
  static double raw(ParamSpec p, boolean outInOnly, double power) {
    int[] s = p.shape();
    int dims = outInOnly ? 2 : s.length;
    double sum = 0;
    double prod = 1;
    for (int i = 0; i < dims; i++) {
      sum += s[i];
      prod *= s[i];
    }
    return Math.pow(sum / prod, power);
  }

  /** Plans ER/ERK over {@code layers} (the whole budget {@code D·N}). */
  static DensityPlan erkPlan(String name, Map<String, String> config, List<ParamSpec> layers, Density density,
      boolean outInOnly, double power) {
    int count = layers.size();
    double[] raw = new double[count];
    double[] numel = new double[count];
    double total = 0;
    for (int i = 0; i < count; i++) {
      raw[i] = raw(layers.get(i), outInOnly, power);
      numel[i] = layers.get(i).size();
      total += numel[i];
    }
    double n = total;
    return Feasibility.plan(name, config, layers, density, d -> {
      boolean[] dense = new boolean[count];
      double[] out = new double[count];
      double eps = Feasibility.erkFill(raw, numel, d * n, dense, out);
      return new Feasibility.Solution(out, OptionalDouble.of(eps), denseNames(layers, dense));
    }, 1.0, "every layer needs at least one kept weight");
  }

  static List<String> denseNames(List<ParamSpec> layers, boolean[] dense) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < dense.length; i++) {
      if (dense[i]) {
        names.add(layers.get(i).name());
      }
    }
    return names;
  }
}
