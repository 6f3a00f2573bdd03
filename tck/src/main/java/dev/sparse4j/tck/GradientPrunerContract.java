package dev.sparse4j.tck;

import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.prune.PruneContext;
import java.util.Map;

/**
 * The {@link PrunerContract} for a pruner that scores gradients on training data, run on the pure-Java reference
 * classifier ({@link LinearSoftmaxModel}, exact closed-form gradients, no engine) with a seeded data set, so that the
 * seed picks the batches. Subclass it and return your pruner:
 *
 * <pre>{@code
 * class MyPrunerContractTest extends GradientPrunerContract {
 *   @Override protected Pruner pruner() { return new MyPruner(); }
 * }
 * }</pre>
 */
public abstract class GradientPrunerContract extends PrunerContract {
  /** The input shape of {@link #REFERENCE_MODEL}: one 6×6 channel. */
  public static final int[] SHAPE = {1, 6, 6};
  /** A reference classifier with 10 classes (one prunable layer, {@code fc.weight} of 10×36), seed 3. */
  public static final LinearSoftmaxModel REFERENCE_MODEL = new LinearSoftmaxModel(SHAPE, 10, 3);
  /** 64 seeded examples of {@link #SHAPE} with 10 classes. */
  public static final Dataset REFERENCE_DATA = new Dataset("contract", BackendData.inputs(64 * 36, 1),
      BackendData.labels(64, 10, 1), SHAPE, 10);

  /** Batches of 16, so that different seeds draw different batches from the 64 examples. */
  @Override
  protected Map<String, String> options() {
    return Map.of("batch-size", "16");
  }

  @Override
  protected ModelView model() {
    return REFERENCE_MODEL;
  }

  @Override
  protected PruneContext context(long seed) {
    return PruneContext.ofSeed(seed).withData(REFERENCE_DATA);
  }
}
