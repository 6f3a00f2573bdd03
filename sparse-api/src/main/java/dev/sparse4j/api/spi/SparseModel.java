package dev.sparse4j.api.spi;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.prune.ModelView;
import dev.sparse4j.api.train.OptimizerConfig;
import dev.sparse4j.api.train.StepResult;
import java.util.List;
import java.util.Map;

/**
 * A {@link ModelSpec} compiled on one backend, holding its weights, masks and optimizer state. Every tensor is
 * exchanged as a flat row-major {@code float[]} keyed by its PyTorch-style name, so callers never see engine types.
 * Inputs are flat {@code [batch, C, H, W]} arrays in [0, 1] pixel space (normalisation is part of the model).
 *
 * <p>Not thread-safe. Close it to release native memory.
 */
public interface SparseModel extends ModelView, AutoCloseable {

  /** The spec this model was built from. */
  ModelSpec spec();

  /** Id of the backend that built it. */
  String backendId();

  /** Parameters and buffers by name, in {@code state_dict} order (copies). */
  Map<String, float[]> state();

  /**
   * Replaces parameters and buffers. Every tensor of {@link ModelSpec#stateTensors()} must be present with the
   * right size; current masks are re-applied afterwards.
   *
   * @throws IllegalArgumentException naming the missing, unknown or mis-sized tensor
   */
  void loadState(Map<String, float[]> state);

  /**
   * Installs masks: pruned weights become 0.0 now and after every optimizer step, and their gradients and
   * optimizer state are kept at zero. Replaces earlier masks; {@link MaskSet#empty()} makes the model dense.
   *
   * @throws IllegalArgumentException if a mask names an unknown or non-prunable parameter or has the wrong shape
   */
  void applyMasks(MaskSet masks);

  /** The installed masks; empty when dense. */
  MaskSet masks();

  /**
   * Logits in evaluation mode (batch-norm uses running statistics, dropout off).
   *
   * @param inputs {@code batch × inputSize} values
   * @param batchSize number of examples
   * @return {@code batch × numClasses} logits, row-major
   */
  float[] logits(float[] inputs, int batchSize);

  /** Sets the optimizer used by {@link #trainStep}; resets its state (zero buffers, step count 0). */
  void setOptimizer(OptimizerConfig config);

  /**
   * One masked training step in training mode: forward, mean cross-entropy, backward, masked gradients, optimizer
   * update at {@code learningRate}, masks re-applied.
   *
   * @throws UnsupportedCapabilityException without {@link Capability#TRAIN}
   * @throws IllegalStateException if {@link #setOptimizer} was not called
   * @throws IllegalArgumentException for mis-sized inputs, labels outside {@code [0, numClasses)} or a learning rate
   *     that is negative or not finite
   */
  StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate);

  /**
   * Optimizer state by name, for checkpoints (copies): {@code <param>.momentum} for SGD with momentum,
   * {@code <param>.adam_m} and {@code <param>.adam_v} for Adam, one per trainable parameter, and {@code step} (one
   * value: the steps taken since {@link #setOptimizer}). Empty before {@link #setOptimizer}.
   */
  Map<String, float[]> optimizerState();

  /**
   * Restores optimizer state saved by {@link #optimizerState()} under the same optimizer settings; entries of pruned
   * positions are zeroed.
   *
   * @throws IllegalStateException if {@link #setOptimizer} was not called
   * @throws IllegalArgumentException naming a missing, unknown or mis-sized entry
   */
  void loadOptimizerState(Map<String, float[]> state);

  /**
   * Gradient of the summed cross-entropy of {@code logits / temperature} against {@code targets} with respect to the
   * input, in evaluation mode; row {@code i} is the gradient of example {@code i}'s own loss. Parameter gradients are
   * cleared afterwards.
   *
   * @throws UnsupportedCapabilityException without {@link Capability#INPUT_GRADIENTS}
   */
  float[] inputGradient(float[] inputs, int[] targets, int batchSize, double temperature);

  /**
   * Gradients of the mean cross-entropy with respect to every trainable parameter, by name. {@code trainMode}
   * chooses batch statistics (true) or running statistics (false) for batch-norm; running statistics are not
   * updated either way. No optimizer step is taken. The gradients are the raw ones: entries of pruned weights are
   * not zeroed.
   *
   * @throws UnsupportedCapabilityException without {@link Capability#PARAM_GRADIENTS}
   */
  Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode);

  /**
   * Like {@link #parameterGradients(float[], int[], int, boolean)}, but of the mean cross-entropy of
   * {@code logits / temperature} (GraSP scores at temperature 200). A backend with {@link Capability#PARAM_GRADIENTS}
   * implements it; the default handles {@code temperature == 1} only.
   *
   * @throws IllegalArgumentException if the temperature is not finite and positive
   * @throws UnsupportedCapabilityException if this model cannot scale the logits (the default, for
   *     {@code temperature != 1})
   */
  default Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode,
      double temperature) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
    }
    if (temperature == 1.0) {
      return parameterGradients(inputs, labels, batchSize, trainMode);
    }
    // The capability is PARAM_GRADIENTS, but the standard message would claim the backend lacks it altogether.
    String message = getClass().getSimpleName() + " (backend '" + backendId() + "') computes parameter gradients "
        + "only at temperature 1, asked for " + temperature + "; it must implement SparseModel.parameterGradients("
        + "inputs, labels, batchSize, trainMode, temperature) (GraSP needs it)";
    throw new UnsupportedCapabilityException(backendId(), Capability.PARAM_GRADIENTS, List.of()) {
      private static final long serialVersionUID = 1L;

      @Override
      public String getMessage() {
        return message;
      }
    };
  }

  /**
   * The Hessian-vector product {@code H_SS · v} of the mean cross-entropy of {@code logits / temperature}, where
   * {@code S} is the set of parameters named in {@code vector} and {@code H_SS} the Hessian block of those
   * parameters, computed exactly by a double backward (GraSP's {@code H g}). {@code trainMode} is as for
   * {@link #parameterGradients(float[], int[], int, boolean)}; running statistics and weights are left alone. A
   * backend with {@link Capability#DOUBLE_BACKWARD} implements it; callers without it use a finite difference of two
   * gradients.
   *
   * @param vector one {@code numel}-sized array per trainable parameter of {@code S}
   * @return {@code H_SS · v} for the parameters of {@code S}, in the order of {@code vector}
   * @throws UnsupportedCapabilityException without {@link Capability#DOUBLE_BACKWARD} (the default)
   * @throws IllegalArgumentException for an unknown or non-trainable name, a mis-sized vector or input, or a
   *     temperature that is not finite and positive
   */
  default Map<String, float[]> hessianVectorProduct(float[] inputs, int[] labels, int batchSize, boolean trainMode,
      double temperature, Map<String, float[]> vector) {
    throw new UnsupportedCapabilityException(backendId(), Capability.DOUBLE_BACKWARD,
        Backends.idsWith(Capability.DOUBLE_BACKWARD));
  }

  /**
   * Gradients of {@code R = Σ logits} (summed over the batch and the classes) with respect to every trainable
   * parameter, by name, in evaluation mode (batch-norm uses running statistics; nothing is updated). SynFlow scores
   * with it on an all-ones input. The gradients are the raw ones: entries of pruned weights are not zeroed. A backend
   * with {@link Capability#PARAM_GRADIENTS} implements it.
   *
   * @throws UnsupportedCapabilityException if this model cannot compute it (the default)
   * @throws IllegalArgumentException for mis-sized inputs
   */
  default Map<String, float[]> outputSumGradients(float[] inputs, int batchSize) {
    String message = getClass().getSimpleName() + " (backend '" + backendId() + "') does not compute gradients of "
        + "the output sum; it must implement SparseModel.outputSumGradients(inputs, batchSize) (SynFlow needs it)";
    throw new UnsupportedCapabilityException(backendId(), Capability.PARAM_GRADIENTS, List.of()) {
      private static final long serialVersionUID = 1L;

      @Override
      public String getMessage() {
        return message;
      }
    };
  }

  @Override
  void close();
}
