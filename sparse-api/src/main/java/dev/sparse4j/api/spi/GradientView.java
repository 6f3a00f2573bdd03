package dev.sparse4j.api.spi;

import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import java.util.List;
import java.util.Map;

/**
 * What a gradient-based pruner may compute on the model it scores: parameter values, seeded training batches from
 * the context's data, and gradients of the training loss or of the output sum. Get one with
 * {@code PruneContext#gradients(String, ModelView)}, which checks that the model was built on a backend with
 * {@link dev.sparse4j.api.spi.Capability#PARAM_GRADIENTS}; declare that capability in
 * {@code Pruner#requiredCapabilities()} so that it is checked before training, too. The view never changes the model.
 *
 * <pre>{@code
 * public Map<String, float[]> scores(ModelView model, List<ParamSpec> layers, PruneContext context) {
 *   GradientView view = context.gradients(name(), model);
 *   Map<String, float[]> g = view.lossGradients(view.batches(1, 128).get(0), true);
 *   ...
 * }
 * }</pre>
 */
public interface GradientView {

  /**
   * One batch of training examples.
   *
   * @param inputs {@code size × exampleSize} values, row-major, in [0, 1] pixel space
   * @param labels {@code size} class indices
   * @param size the number of examples
   */
  record Batch(float[] inputs, int[] labels, int size) {}

  /** The model's description (input shape, class count). */
  ModelSpec spec();

  /** Every trainable parameter, in model order. */
  List<ParamSpec> parameters();

  /** Current values of parameter {@code name}, row-major (a copy). */
  float[] values(String name);

  /**
   * {@code count} batches of {@code batchSize} examples drawn without replacement from a shuffle of the context's
   * data seeded by the context's seed (a fresh shuffle when the data runs out; a batch never exceeds the data size).
   * The same seed gives the same batches on every backend.
   *
   * @throws IllegalArgumentException if the context has no data ({@code PruneContext#withData}), or the data does not
   *     fit the model, saying what to pass
   */
  List<Batch> batches(int count, int batchSize);

  /**
   * Gradients of the batch's mean cross-entropy with respect to every trainable parameter, by name (raw: pruned
   * entries are not zeroed). {@code trainMode} uses batch statistics for batch-norm (as SNIP does); running
   * statistics are not updated either way.
   */
  Map<String, float[]> lossGradients(Batch batch, boolean trainMode);

  /**
   * Gradients of {@code R = Σ logits} over the batch and the classes with respect to every trainable parameter, in
   * evaluation mode (SynFlow-style scores).
   */
  Map<String, float[]> outputSumGradients(float[] inputs, int batchSize);
}
