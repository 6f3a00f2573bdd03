package dev.sparse4j.prune;

import dev.sparse4j.api.spi.GradientView;
import dev.sparse4j.api.ModelView;

import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import java.util.List;
import java.util.Map;
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
 * {@link dev.sparse4j.api.spi.SparseModel} is a {@link ModelView}. A gradient-based pruner gets the model's
 * gradients and seeded batches of this data through {@link #gradients(String, ModelView)}, without downcasts.
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

  /**
   * A view of {@code model}'s gradients and of this context's data, for pruner {@code who}.
   *
   * @param who the pruner or allocator asking, for messages (e.g. {@code "pruner 'taylor'"}; a bare name is quoted as
   *     a pruner)
   * @throws IllegalArgumentException if {@code model} is not a model built on a backend (a spec or weights-only view)
   * @throws UnsupportedCapabilityException if the model's backend lacks {@link Capability#PARAM_GRADIENTS}, naming
   *     the backends that have it
   */
  public GradientView gradients(String who, ModelView model) {
    Objects.requireNonNull(model, "model");
    String label = ScoringSupport.label(who);
    SparseModel m = ScoringSupport.requireSparseModel(label, model, "computes gradients");
    if (!m.capabilities().contains(Capability.PARAM_GRADIENTS)) {
      throw new UnsupportedCapabilityException(m.backendId(), Capability.PARAM_GRADIENTS,
          Backends.idsWith(Capability.PARAM_GRADIENTS));
    }
    return new GradientView() {
      @Override
      public ModelSpec spec() {
        return m.spec();
      }

      @Override
      public List<ParamSpec> parameters() {
        return m.parameters();
      }

      @Override
      public float[] values(String name) {
        return m.values(name);
      }

      @Override
      public List<Batch> batches(int count, int batchSize) {
        if (count < 1 || batchSize < 1) {
          throw new IllegalArgumentException(label + " asked for " + count + " batches of " + batchSize
              + " examples; both must be ≥ 1");
        }
        return ScoringSupport.batches(ScoringSupport.requireData(label, PruneContext.this, m), count, batchSize, seed);
      }

      @Override
      public Map<String, float[]> lossGradients(Batch batch, boolean trainMode) {
        return m.parameterGradients(batch.inputs(), batch.labels(), batch.size(), trainMode);
      }

      @Override
      public Map<String, float[]> outputSumGradients(float[] inputs, int batchSize) {
        return m.outputSumGradients(inputs, batchSize);
      }
    };
  }
}
