package dev.sparse4j.api.spi;

import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.model.ModelSpec;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ModelSpec} compiled on one backend, holding its weights, masks and optimizer state. Every tensor is
 * exchanged as a flat row-major {@code float[]} keyed by its PyTorch-style name, so callers never see engine types.
 * Backends extend {@link AbstractSparseModel}, which does every engine-independent check and keeps the bookkeeping,
 * and implement tensor operations only.
 *
 * <h2>Canonical conventions (every backend, whatever its engine stores)</h2>
 *
 * <ul>
 *   <li><b>Inputs</b>: {@code [batch, C, H, W]} (NCHW) or {@code [batch, F]}, values in [0, 1] pixel space;
 *       normalisation ({@link dev.sparse4j.api.model.Normalize}) is part of the model.
 *   <li><b>Tensor layouts</b>: conv weights {@code [out, in, kH, kW]} (OIHW), linear weights {@code [out, in]},
 *       biases and batch-norm vectors {@code [C]}; masks, gradients and optimizer state have the layout of their
 *       parameter. An engine with other layouts (TensorFlow's HWIO and NHWC, {@code [in, out]} matrices) converts at
 *       the boundary with {@link TensorLayouts}.
 *   <li><b>Names</b>: PyTorch {@code state_dict} names of the equivalent PyTorch module ({@code conv1.weight},
 *       {@code layer1.0.shortcut.0.weight}, {@code bn1.running_var}); {@code num_batches_tracked} is not part of the
 *       state.
 *   <li><b>Loss</b>: mean cross-entropy of the softmax of the logits over the batch; {@link #inputGradient} uses the
 *       sum, so each row is the gradient of its own example's loss.
 *   <li><b>SGD</b> ({@code torch.optim.SGD}): {@code d = g + wd·w}; with momentum μ the buffer is
 *       {@code b = d} at the first step and {@code b = μ·b + d} after (not scaled by the learning rate); Nesterov
 *       uses {@code d + μ·b}, plain momentum {@code b}; then {@code w -= lr·d}.
 *   <li><b>Adam</b> ({@code torch.optim.Adam}, L2 weight decay): {@code d = g + wd·w}, {@code m = β1·m + (1−β1)·d},
 *       {@code v = β2·v + (1−β2)·d²}, {@code w -= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)} with {@code t} the 1-based
 *       step count.
 *   <li><b>Masks</b>: gradients of pruned weights are zeroed before the update, so pruned weights and their
 *       optimizer state stay exactly 0.0; masks that keep everything cost nothing.
 *   <li><b>Batch-norm</b> (PyTorch): training mode normalises with the batch mean and the biased batch variance and
 *       updates {@code running = (1 − momentum)·running + momentum·batch} with the <i>unbiased</i> batch variance
 *       (momentum 0.1 by default); evaluation mode uses the running statistics.
 *   <li><b>Dropout</b>: inverted dropout (kept activations scaled by {@code 1/(1−p)}) in training mode only, with
 *       masks drawn by {@link DropoutNoise} from the step's noise seed, so they are the same on every backend and a
 *       resumed run draws the same masks.
 * </ul>
 *
 * <p>The TCK ({@code dev.sparse4j:tck}, {@code BackendTck}) checks all of this against a golden trajectory recorded
 * with PyTorch itself.
 *
 * <p>Not thread-safe. Close it to release native memory.
 */
public interface SparseModel extends ModelView, AutoCloseable {

  /** The spec this model was built from. */
  ModelSpec spec();

  /** Id of the backend that built it. */
  String backendId();

  /**
   * What this model can do (its backend's capabilities, e.g. {@link Capability#PARAM_GRADIENTS}); pruners check it
   * through {@link dev.sparse4j.prune.PruneContext#gradients} before asking for gradients.
   */
  Set<Capability> capabilities();

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
   * The installed masks as kept entries. The default converts {@link #masks()}; a model built by
   * {@link SparseBackend#buildKept} answers without ever making a bitmap.
   */
  default KeptMaskSet keptMasks() {
    return KeptMaskSet.of(masks());
  }

  /**
   * Parameters and buffers with every masked weight as its kept values only, in the entry order of its
   * {@link #keptMasks()} mask (row by row, columns ascending); other tensors whole, as {@link #state()} gives them.
   * The default reads {@link #state()}; a model built by {@link SparseBackend#buildKept} never makes a dense copy.
   */
  default Map<String, float[]> keptState() {
    KeptMaskSet kept = keptMasks();
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    state().forEach((name, values) -> {
      if (!kept.contains(name)) {
        out.put(name, values);
        return;
      }
      out.put(name, kept.get(name).gather(values));
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * The optimizer state in the form {@link #keptState()} uses: each slot of a weight masked in {@link #keptMasks()}
   * ({@code <name>.momentum}, {@code .adam_m}, {@code .adam_v}) as its kept values in entry order, other slots whole,
   * {@code step} as in {@link #optimizerState()}. The default gathers from {@link #optimizerState()}.
   */
  default Map<String, float[]> keptOptimizerState() {
    KeptMaskSet kept = keptMasks();
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    optimizerState().forEach((entry, values) -> {
      String owner = KeptStates.owner(entry, kept);
      out.put(entry, owner == null ? values : kept.get(owner).gather(values));
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * Replaces the optimizer state from the form {@link #keptOptimizerState()} gives (the optimizer must be set). The
   * default makes the masked slots dense and calls {@link #loadOptimizerState}.
   *
   * @throws IllegalArgumentException naming a missing, unknown or mis-sized entry
   */
  default void loadKeptOptimizerState(Map<String, float[]> state) {
    KeptMaskSet kept = keptMasks();
    Map<String, float[]> dense = new java.util.LinkedHashMap<>();
    state.forEach((entry, values) -> {
      String owner = KeptStates.owner(entry, kept);
      dense.put(entry, owner == null ? values : kept.get(owner).expand(values));
    });
    loadOptimizerState(dense);
  }

  /**
   * Installs kept-entry masks, as {@link #applyMasks} installs bitmaps: values and optimizer state of positions kept
   * before and after stay, newly kept positions start at 0.0 with zero optimizer state. The default converts them to
   * bitmaps; a model built by {@link SparseBackend#buildKept} moves its kept entries without a dense copy.
   *
   * @throws IllegalArgumentException if a mask names an unknown or non-prunable parameter or has the wrong shape
   * @throws IllegalStateException from the default, if a tensor is too large for a bitmap
   */
  default void applyKeptMasks(KeptMaskSet masks) {
    applyMasks(masks.toMaskSet());
  }

  /**
   * Replaces parameters and buffers from the form {@link #keptState()} gives: every weight masked in
   * {@link #keptMasks()} as its kept values in entry order, every other tensor whole. The default makes the masked
   * weights dense and calls {@link #loadState}; a model built by {@link SparseBackend#buildKept} writes the kept
   * values as they are.
   *
   * @throws IllegalArgumentException naming a missing, unknown or mis-sized tensor
   * @throws IllegalStateException from the default, if a weight is too large to be dense
   */
  default void loadKeptState(Map<String, float[]> state) {
    KeptMaskSet kept = keptMasks();
    Map<String, float[]> dense = new java.util.LinkedHashMap<>();
    state.forEach((name, values) -> dense.put(name, kept.contains(name) ? kept.get(name).expand(values) : values));
    loadState(dense);
  }

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
   * Like {@link #trainStep(float[], int[], int, double)}, with dropout masks drawn from {@code noiseSeed} (see
   * {@link DropoutNoise}): the same seed gives the same masks on every backend, so a run whose trainer derives the
   * seed from (run seed, epoch, batch) resumes bit-identically on a deterministic backend. Models without dropout
   * ignore it; the four-argument form derives a seed from the model's seed and its step count. The default, for
   * models that have no noise at all, ignores it.
   */
  default StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate, long noiseSeed) {
    return trainStep(inputs, labels, batchSize, learningRate);
  }

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
    throw new UnsupportedCapabilityException(message, Capability.PARAM_GRADIENTS);
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
    throw new UnsupportedCapabilityException(message, Capability.PARAM_GRADIENTS);
  }

  @Override
  void close();
}
