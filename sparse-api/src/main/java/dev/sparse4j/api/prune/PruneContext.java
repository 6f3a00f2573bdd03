package dev.sparse4j.api.prune;

import dev.sparse4j.api.data.Dataset;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pruning call needs besides the model and plan: the root seed and, for data-driven score pruners
 * ({@code snip}, {@code grasp}), the training data their gradients are computed on. Immutable; start with
 * {@link #ofSeed(long)} and add data with {@link #withData(Dataset)}:
 *
 * <pre>{@code
 * MaskSet masks = Pruners.get("snip").prune(model, plan, PruneContext.ofSeed(42).withData(trainSet));
 * }</pre>
 *
 * <p>How many batches of what size a pruner draws from the data is the pruner's own option ({@code batches},
 * {@code batch-size}), so that it is recorded with the pruner's config in the mask file; the context only carries
 * the data. The model to score is the {@code model} argument of {@link Pruner#prune}: a
 * {@link dev.sparse4j.api.spi.SparseModel} is a {@link ModelView}.
 *
 * @param seed the root seed; per-layer random streams (masks, tie-breaking, data batches) derive from it
 * @param data training examples for pruners that need gradients of the loss; empty when not given
 */
public record PruneContext(long seed, Optional<Dataset> data) {

  /** Checks that {@code data} is not null (use {@link Optional#empty()}). */
  public PruneContext {
    Objects.requireNonNull(data, "data (use Optional.empty())");
  }

  /** A context with only a seed. */
  public PruneContext(long seed) {
    this(seed, Optional.empty());
  }

  /** A context with only a seed. */
  public static PruneContext ofSeed(long seed) {
    return new PruneContext(seed);
  }

  /** This context with training data for data-driven pruners ({@code snip}, {@code grasp}). */
  public PruneContext withData(Dataset data) {
    return new PruneContext(seed, Optional.of(Objects.requireNonNull(data, "data")));
  }

  /** This context with another seed. */
  public PruneContext withSeed(long seed) {
    return new PruneContext(seed, data);
  }
}
