package dev.sparse4j.api.alloc;

import dev.sparse4j.api.Densities;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.prune.ModelView;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.api.prune.Pruner;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An allocator whose per-layer densities come from a score pruner's global mask ({@link PrunerRatio}): the registered
 * {@code snip-ratio}, {@code grasp-ratio}, {@code synflow-ratio} and {@code magnitude-ratio}. Its options are the
 * pruner's options (e.g. {@code batches=2} for {@code snip-ratio}).
 *
 * <p>A pruner needs a model with values (and, for {@code snip}/{@code grasp}, gradients and data), which
 * {@link DensityAllocator#allocate} cannot pass; so such an allocator must be {@link #bind bound} to a model and a
 * context first. Unbound, {@link #allocate} throws an {@link IllegalStateException} that says so.
 *
 * <pre>{@code
 * DensityAllocator a = Allocators.get("snip-ratio", Map.of("batches", "2"));
 * if (a instanceof PrunerRatioAllocator r) {
 *   a = r.bind(model, PruneContext.ofSeed(seed).withData(trainSet));
 * }
 * DensityPlan plan = a.allocate(model.prunable(), 0.05);
 * MaskSet masks = Pruners.get("random").prune(model, plan, PruneContext.ofSeed(seed)); // the paper's SNIP-ratio
 * }</pre>
 *
 * <p>To add a ratio allocator for your own pruner, subclass it with a public no-argument constructor, implement
 * {@link #copy}, and register it as a {@code DensityAllocator} service.
 */
public abstract class PrunerRatioAllocator implements DensityAllocator {
  private final String name;
  private final Pruner pruner;
  private final ModelView model;
  private final PruneContext context;

  /**
   * An allocator called {@code name} taking its densities from {@code pruner}, bound to {@code model} and
   * {@code context} (both {@code null} when unbound).
   */
  protected PrunerRatioAllocator(String name, Pruner pruner, ModelView model, PruneContext context) {
    this.name = Objects.requireNonNull(name, "name");
    this.pruner = Objects.requireNonNull(pruner, "pruner");
    if ((model == null) != (context == null)) {
      throw new IllegalArgumentException("bind both a model and a context, or neither");
    }
    this.model = model;
    this.context = context;
  }

  /** The same allocator with another pruner configuration and binding (a new instance of the subclass). */
  protected abstract PrunerRatioAllocator copy(Pruner pruner, ModelView model, PruneContext context);

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "per-layer densities of the '" + pruner.name() + "' pruner's global mask (needs a model: bind it first)";
  }

  /** The pruner's options. */
  @Override
  public Map<String, String> config() {
    return pruner.config();
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
    return copy(p, model, context);
  }

  /** This allocator bound to the model the pruner scores and the context it needs (seed, data). */
  public PrunerRatioAllocator bind(ModelView model, PruneContext context) {
    return copy(pruner, Objects.requireNonNull(model, "model"), Objects.requireNonNull(context, "context"));
  }

  /** Whether {@link #bind} was called. */
  public boolean isBound() {
    return model != null;
  }

  /** The configured pruner whose mask gives the densities. */
  public Pruner pruner() {
    return pruner;
  }

  /**
   * The per-layer densities of the pruner's global mask at {@code density} ({@link PrunerRatio}).
   *
   * @throws IllegalStateException if the allocator is not bound to a model
   */
  @Override
  public DensityPlan allocate(List<ParamSpec> prunable, double density) {
    Densities.checkDensity(density);
    if (model == null) {
      throw new IllegalStateException("allocator '" + name + "' takes its densities from pruner '" + pruner.name()
          + "', which must score a real model: call ((PrunerRatioAllocator) allocator).bind(model, "
          + "PruneContext.ofSeed(seed).withData(trainSet)) first, then allocate");
    }
    return PrunerRatio.plan(name, config(), pruner, model, context, prunable, density);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", " + pruner.config() + (isBound() ? ", bound" : "") + "]";
  }
}
