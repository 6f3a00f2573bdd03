package dev.sparse4j.prune;

import dev.sparse4j.api.ModelView;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Pruning at initialisation in one call: an allocator plans the per-layer densities of a model, a pruner draws the
 * masks, and the result says what the collapse guard did. The CLI's {@code train} uses exactly this.
 *
 * <pre>{@code
 * Sparsifier sparsifier = Sparsifier.of(Allocators.get("erk"), Pruners.get("random"));
 * Sparsifier.Result r = sparsifier.sparsify(model, Density.ofSparsity(0.9), PruneContext.ofSeed(42).withData(train));
 * model.applyMasks(r.masks());
 * }</pre>
 *
 * <p>Allocators that score the model ({@code snip-ratio}) get it through
 * {@link DensityAllocator#allocate(dev.sparse4j.api.ModelView, Density, PruneContext)}; what the allocator and
 * the pruner need of the backend ({@link #requiredCapabilities()}) is checked against the model's backend before
 * anything is scored, and {@link #checkBackend} lets a caller check it before building a model at all.
 */
public final class Sparsifier {
  private final DensityAllocator allocator;
  private final Pruner pruner;

  private Sparsifier(DensityAllocator allocator, Pruner pruner) {
    this.allocator = Objects.requireNonNull(allocator, "allocator");
    this.pruner = Objects.requireNonNull(pruner, "pruner");
  }

  /** A sparsifier that plans with {@code allocator} and draws masks with {@code pruner}. */
  public static Sparsifier of(DensityAllocator allocator, Pruner pruner) {
    return new Sparsifier(allocator, pruner);
  }

  /**
   * The masks and how they came about.
   *
   * @param plan the allocator's per-layer densities
   * @param masks one mask per planned layer, in plan order
   * @param guardedLayers layers a global score pruner's collapse guard kept one weight of (empty for other pruners)
   * @param collapsedLayers layers left empty under {@code collapse=allow}
   */
  public record Result(DensityPlan plan, MaskSet masks, List<String> guardedLayers, List<String> collapsedLayers) {
    /** Copies the lists. */
    public Result {
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(masks, "masks");
      guardedLayers = List.copyOf(guardedLayers);
      collapsedLayers = List.copyOf(collapsedLayers);
    }
  }

  /** The allocator. */
  public DensityAllocator allocator() {
    return allocator;
  }

  /** The pruner. */
  public Pruner pruner() {
    return pruner;
  }

  /** What the allocator and the pruner need of the model's backend together. */
  public Set<Capability> requiredCapabilities() {
    Set<Capability> all = EnumSet.noneOf(Capability.class);
    all.addAll(allocator.requiredCapabilities());
    all.addAll(pruner.requiredCapabilities());
    return all;
  }

  /**
   * Checks that a backend with {@code available} capabilities can run this sparsifier.
   *
   * @throws UnsupportedCapabilityException for the first missing capability, naming who needs it and the installed
   *     backends that have it
   */
  public void checkBackend(String backendId, Set<Capability> available) {
    require(backendId, available, "allocator '" + allocator.name() + "'", allocator.requiredCapabilities());
    require(backendId, available, "pruner '" + pruner.name() + "'", pruner.requiredCapabilities());
  }

  private static void require(String backendId, Set<Capability> available, String who, Set<Capability> needed) {
    for (Capability c : needed) {
      if (!available.contains(c)) {
        List<String> with = Backends.idsWith(c);
        String message = "backend '" + backendId + "' does not support " + c + ", which " + who + " needs; use a "
            + "backend that supports it" + (with.isEmpty() ? " (none is installed)" : ": " + String.join(", ", with));
        throw new UnsupportedCapabilityException(message, c);
      }
    }
  }

  /**
   * Plans the per-layer densities of {@code model} at {@code density}.
   *
   * @throws UnsupportedCapabilityException if the model's backend lacks what the allocator or pruner needs
   * @throws dev.sparse4j.prune.alloc.InfeasibleDensityException if the allocator cannot reach the target
   */
  public DensityPlan plan(ModelView model, Density density, PruneContext context) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(density, "density");
    Objects.requireNonNull(context, "context");
    if (model instanceof SparseModel m) {
      checkBackend(m.backendId(), m.capabilities());
    }
    return allocator.allocate(model, density, context);
  }

  /**
   * Draws the masks of {@code plan} on {@code model}; a {@link ScorePruner} also reports its collapse guard.
   *
   * @throws IllegalArgumentException if the plan does not fit the model, or the pruner lacks data it needs
   * @throws dev.sparse4j.api.PluginException if the masks do not follow the plan (layers, shapes, kept counts as
   *     {@link Pruner#keptCounts()} says), naming the pruner, the layer and both counts
   */
  public Result masks(ModelView model, DensityPlan plan, PruneContext context) {
    Result result;
    if (pruner instanceof ScorePruner sp) {
      ScorePruner.Result r = sp.pruneWithReport(model, plan, context);
      result = new Result(plan, r.masks(), r.guardedLayers(), r.collapsedLayers());
    } else {
      result = new Result(plan, pruner.prune(model, plan, context), List.of(), List.of());
    }
    PlanCheck.requireFollows(pruner, plan, result.masks());
    return result;
  }

  /** {@link #plan} then {@link #masks}: the model is not changed (apply the masks yourself). */
  public Result sparsify(ModelView model, Density density, PruneContext context) {
    return masks(model, plan(model, density, context), context);
  }

  @Override
  public String toString() {
    return "Sparsifier[" + allocator.name() + " " + allocator.config() + ", " + pruner.name() + " " + pruner.config()
        + "]";
  }
}
