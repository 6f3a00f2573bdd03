package dev.sparse4j.api.spi;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.prune.ModelView;
import dev.sparse4j.api.train.OptimizerConfig;
import dev.sparse4j.api.train.StepResult;
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

  /** Sets the optimizer used by {@link #trainStep}; resets its state. */
  void setOptimizer(OptimizerConfig config);

  /**
   * One masked training step in training mode: forward, mean cross-entropy, backward, masked gradients, optimizer
   * update at {@code learningRate}, masks re-applied.
   *
   * @throws UnsupportedCapabilityException without {@link Capability#TRAIN}
   */
  StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate);

  /** Optimizer state (e.g. momentum buffers {@code <param>.momentum}) by name, for checkpoints (copies). */
  Map<String, float[]> optimizerState();

  /** Restores optimizer state saved by {@link #optimizerState()}. */
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
   * updated either way. No optimizer step is taken.
   *
   * @throws UnsupportedCapabilityException without {@link Capability#PARAM_GRADIENTS}
   */
  Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode);

  @Override
  void close();
}
