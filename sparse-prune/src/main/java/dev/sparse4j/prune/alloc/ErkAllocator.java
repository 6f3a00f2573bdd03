package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.Options;
import java.util.List;
import java.util.Map;

/**
 * {@code erk} (Erdős–Rényi-Kernel, Evci et al. 2020): {@code raw_l = (Σ dims / Π dims)^power-scale} over all
 * dimensions of the weight, kernel included; {@code d_l = min(1, ε·raw_l)} with ε found by the iteration of
 * docs/allocators.md: {@code ε = (D·N − Σ_dense n_l) / Σ_rest raw_l·n_l}, every layer with {@code ε·raw_l > 1} becomes dense,
 * repeat until none does. The first conv, shortcuts and the classifier are included.
 *
 * <p>Option {@code power-scale} (default 1.0, finite, ≥ 0; 0 gives uniform). The plan reports ε and the layers forced
 * dense.
 *
 * @param powerScale exponent applied to the raw ERK score
 */
public record ErkAllocator(double powerScale) implements DensityAllocator {
  /** The registry name. */
  public static final String NAME = "erk";

  /** Checks the power scale. */
  public ErkAllocator {
    ErAllocator.checkPowerScale(NAME, powerScale);
  }

  /** ERK with {@code powerScale = 1}. */
  public ErkAllocator() {
    this(1.0);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Erdős–Rényi-Kernel: density ∝ (Σ dims / Π dims)^power-scale, capped at 1";
  }

  @Override
  public Map<String, String> config() {
    return Map.of("power-scale", Double.toString(powerScale));
  }

  @Override
  public ErkAllocator configure(Map<String, String> options) {
    return new ErkAllocator(ErAllocator.parsePowerScale(NAME, options, powerScale));
  }

  @Override
  public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
    List<ParamSpec> layers = Feasibility.checkLayers(NAME, prunable);
    return ErAllocator.erkPlan(NAME, config(), layers, density, false, powerScale);
  }
}
