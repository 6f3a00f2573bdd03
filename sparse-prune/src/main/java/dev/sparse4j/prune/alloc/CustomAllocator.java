package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.Densities;
import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.Options;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * {@code custom}: the user fixes the density of some or all layers by name; the layers not named share the rest of
 * the budget uniformly, {@code d_rest = (D·N − Σ_named d_l·n_l) / Σ_rest n_l}, which must lie in (0, 1].
 * When every layer is named the plan is exactly the map, and the target must agree with the map's overall density
 * to within one weight per layer (the exception states the density to pass).
 *
 * <p>Option {@code densities}: a comma-separated list of {@code name:density}, e.g.
 * {@code densities=conv1.weight:1.0,fc.weight:0.5}. From Java: {@link #of(Map)}. Every density must lie in
 * (0, 1]; a name that is not among the prunable layers is an error (it is almost always a typo).
 *
 * @param densities fixed densities by parameter name, in the order given
 */
public record CustomAllocator(Map<String, Double> densities) implements DensityAllocator {
  /** The registry name. */
  public static final String NAME = "custom";

  /** Validates and copies the map, keeping its order. */
  public CustomAllocator {
    Objects.requireNonNull(densities, "densities");
    Map<String, Double> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : densities.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "layer name");
      if (name.isBlank() || name.contains(",") || name.contains(":")) {
        throw new IllegalArgumentException("allocator '" + NAME + "': bad layer name '" + name + "'");
      }
      Double d = Objects.requireNonNull(e.getValue(), "density of " + name);
      try {
        Densities.checkDensity(d);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("allocator '" + NAME + "', layer " + name + ": " + ex.getMessage(), ex);
      }
      copy.put(name, d);
    }
    densities = Collections.unmodifiableMap(copy);
  }

  /** An allocator with no fixed layers; it must be configured with {@code densities} before use. */
  public CustomAllocator() {
    this(Map.of());
  }

  /** An allocator fixing the given layers (iteration order kept). */
  public static CustomAllocator of(Map<String, Double> densities) {
    return new CustomAllocator(densities);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "fixed densities for named layers (densities=name:d,...), the rest uniform";
  }

  @Override
  public Map<String, String> config() {
    return Map.of("densities", format(densities));
  }

  @Override
  public CustomAllocator configure(Map<String, String> options) {
    String v = Options.read("allocator '" + NAME + "'", options, List.of("densities")).string("densities", null);
    return v == null ? this : new CustomAllocator(parse(v));
  }

  /** Formats densities as {@code name:d,name:d}. */
  public static String format(Map<String, Double> densities) {
    StringBuilder sb = new StringBuilder();
    densities.forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(k).append(':').append(v);
    });
    return sb.toString();
  }

  /**
   * Parses {@code name:d,name:d} (blanks around items ignored).
   *
   * @throws IllegalArgumentException for a malformed item, a repeated name or a bad density
   */
  public static Map<String, Double> parse(String spec) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (spec.isBlank()) {
      return out;
    }
    for (String item : spec.split(",", -1)) {
      String it = item.trim();
      int colon = it.lastIndexOf(':');
      if (colon <= 0 || colon == it.length() - 1) {
        throw new IllegalArgumentException("allocator '" + NAME + "': option densities expects name:density items "
            + "separated by commas (e.g. conv1.weight:1.0,fc.weight:0.5), got item '" + item + "'");
      }
      String name = it.substring(0, colon).trim();
      String key = "densities (layer " + name + ")";
      double d = Options.read("allocator '" + NAME + "'", Map.of(key, it.substring(colon + 1)), List.of(key))
          .finite(key, Double.NaN);
      if (out.put(name, d) != null) {
        throw new IllegalArgumentException("allocator '" + NAME + "': layer " + name + " is given twice in densities");
      }
    }
    return out;
  }

  @Override
  public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
    List<ParamSpec> layers = Feasibility.checkLayers(NAME, prunable);
    if (densities.isEmpty()) {
      throw new IllegalArgumentException("allocator '" + NAME + "' has no densities; configure it with "
          + "densities=name:density,... (e.g. conv1.weight:1.0,fc.weight:0.5) or CustomAllocator.of(map)");
    }
    List<String> names = layers.stream().map(ParamSpec::name).toList();
    List<String> unknown = new ArrayList<>();
    for (String k : densities.keySet()) {
      if (!names.contains(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("allocator '" + NAME + "': densities name layers that are not among the "
          + "prunable layers: " + unknown + "; prunable layers: " + names);
    }
    int count = layers.size();
    double fixedWeights = 0;
    double restWeights = 0;
    double total = 0;
    List<String> dense = new ArrayList<>();
    for (ParamSpec p : layers) {
      Double d = densities.get(p.name());
      total += p.size();
      if (d == null) {
        restWeights += p.size();
      } else {
        fixedWeights += d * p.size();
        if (d == 1.0) {
          dense.add(p.name());
        }
      }
    }
    double n = total;
    double fixed = fixedWeights;
    double rest = restWeights;
    String rule;
    double maxDensity;
    if (rest == 0) {
      maxDensity = Math.min(1.0, (fixed + count) / n);
      rule = "the densities fix every layer, giving overall density " + (fixed / n) + "; pass that density "
          + "(or leave a layer out of the map so that it takes up the difference)";
    } else {
      maxDensity = (fixed + rest) / n;
      rule = "the named layers keep " + Math.round(fixed) + " weights and the other " + Math.round(rest)
          + " weights share the rest, so the density must lie in (" + Feasibility.floor6(fixed / n) + ", "
          + Feasibility.floor6(maxDensity) + "]";
    }
    return Feasibility.plan(NAME, config(), layers, density, target -> {
      double budget = target * n - fixed;
      double d;
      if (rest == 0) {
        // ±1 weight per layer is the tolerance every allocator gives (docs/allocators.md).
        if (Math.abs(budget) > count) {
          return null;
        }
        d = 0;
      } else {
        d = budget / rest;
        if (!(d > 0) || d > 1.0 + 1e-12) {
          return null;
        }
      }
      double[] out = new double[count];
      for (int i = 0; i < count; i++) {
        Double fixedDensity = densities.get(layers.get(i).name());
        out[i] = fixedDensity != null ? fixedDensity : d;
      }
      return new Feasibility.Solution(out, OptionalDouble.empty(), dense);
    }, maxDensity, rule);
  }
}
