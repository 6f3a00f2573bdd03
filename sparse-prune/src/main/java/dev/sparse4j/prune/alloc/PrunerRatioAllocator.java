package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.api.spi.Capability;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An allocator whose per-layer densities come from a score pruner's global mask ({@link PrunerRatio}): the registered
 * {@code snip-ratio}, {@code grasp-ratio}, {@code synflow-ratio} and {@code magnitude-ratio}. Its options are the
 * pruner's options (e.g. {@code batches=2} for {@code snip-ratio}), and it needs what its pruner needs
 * ({@link #requiredCapabilities()}).
 *
 * <p>A pruner scores a model with values (and, for {@code snip}/{@code grasp}, gradients and data), so such an
 * allocator plans through the model-aware call {@link #allocate(ModelView, Density, PruneContext)}; the layer-list
 * call {@link #allocate(List, Density)} throws an {@link IllegalStateException} that says so.
 *
 * <pre>{@code
 * DensityAllocator a = Allocators.get("snip-ratio", Map.of("batches", "2"));
 * DensityPlan plan = a.allocate(model, Density.of(0.05), PruneContext.ofSeed(seed).withData(trainSet));
 * MaskSet masks = Pruners.get("random").prune(model, plan, PruneContext.ofSeed(seed)); // the paper's SNIP-ratio
 * }</pre>
 *
 * <p>To add a ratio allocator for your own pruner, subclass it with a public no-argument constructor, implement
 * {@link #copy}, and register it as a {@code DensityAllocator} service.
 */
public abstract class PrunerRatioAllocator implements DensityAllocator {
  private final String name;
  private final Pruner pruner;

  /** An allocator called {@code name} taking its densities from {@code pruner}. */
  protected PrunerRatioAllocator(String name, Pruner pruner) {
    this.name = Objects.requireNonNull(name, "name");
    this.pruner = Objects.requireNonNull(pruner, "pruner");
  }

  /** The same allocator with another pruner configuration (a new instance of the subclass). */
  protected abstract PrunerRatioAllocator copy(Pruner pruner);

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "per-layer densities of the global mask of pruner '" + pruner.name() + "', which scores the model";
  }

  /** The pruner's options. */
  @Override
  public Map<String, String> config() {
    return pruner.config();
  }

  /** What the pruner needs of the model's backend. */
  @Override
  public Set<Capability> requiredCapabilities() {
    return pruner.requiredCapabilities();
  }

  /**
   * A copy whose pruner has {@code options} applied.
   *
   * @throws IllegalArgumentException for an option the pruner does not take or a bad value, or
   *     {@code layer-wise=true}
   */
  @Override
  public PrunerRatioAllocator configure(Map<String, String> options) {
    Objects.requireNonNull(options, "options");
    Pruner p;
    try {
      p = pruner.configure(options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("allocator '" + name + "' takes the options of pruner '" + pruner.name()
          + "': " + e.getMessage(), e);
    }
    if ("true".equals(p.config().get("layer-wise"))) {
      throw new IllegalArgumentException("allocator '" + name + "' ranks weights globally; option layer-wise=true "
          + "would only reproduce the plan it is given");
    }
    return copy(p);
  }

  /** The configured pruner whose mask gives the densities. */
  public Pruner pruner() {
    return pruner;
  }

  /**
   * Always throws: the densities come from scoring a model.
   *
   * @throws IllegalStateException saying to call {@link #allocate(ModelView, Density, PruneContext)}
   */
  @Override
  public DensityPlan allocate(List<ParamSpec> prunable, Density density) {
    Objects.requireNonNull(density, "density");
    throw new IllegalStateException("allocator '" + name + "' takes its densities from pruner '" + pruner.name()
        + "', which must score a real model: call allocate(model, density, PruneContext.ofSeed(seed)"
        + ".withData(trainSet)) with a model built on a backend, or use Sparsifier");
  }

  /** The per-layer densities of the pruner's global mask on {@code model} at {@code density} ({@link PrunerRatio}). */
  @Override
  public DensityPlan allocate(ModelView model, Density density, PruneContext context) {
    Objects.requireNonNull(model, "model");
    return PrunerRatio.plan(name, config(), pruner, model, context, model.prunable(), density);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", " + pruner.config() + "]";
  }
}
