package dev.sparse4j.api.spi;

import dev.sparse4j.api.Logits;
import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.SplitMix64;
import dev.sparse4j.api.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The engine-independent half of a {@link SparseModel}: every argument check (inputs, labels, batch size, learning
 * rate, temperature, states, optimizer states, masks), mask bookkeeping, optimizer-state naming, the step counter,
 * the dropout noise seed and the closed-model guard, with the messages every backend shares. A backend extends it
 * and implements tensor operations only:
 *
 * <ul>
 *   <li>always: {@link #readTensors}, {@link #writeTensors}, {@link #installMasks}, {@link #forwardLogits},
 *       {@link #release};
 *   <li>with {@link Capability#TRAIN}: {@link #resetOptimizerState}, {@link #readOptimizerState},
 *       {@link #writeOptimizerState}, {@link #step};
 *   <li>with {@link Capability#INPUT_GRADIENTS}: {@link #computeInputGradient};
 *   <li>with {@link Capability#PARAM_GRADIENTS}: {@link #computeParameterGradients},
 *       {@link #computeOutputSumGradients};
 *   <li>with {@link Capability#DOUBLE_BACKWARD}: {@link #computeHessianVectorProduct}.
 * </ul>
 *
 * <p>Every {@code compute…}/{@code step} hook is called with arguments already checked and only when the backend
 * declares the capability; the public methods are final so the checks cannot be skipped. Tensors cross the boundary
 * in the canonical layout described in {@link SparseModel} (PyTorch's); an engine that stores them differently
 * converts with {@link TensorLayouts}.
 *
 * <p>Masks: {@link #installMasks} receives only the masks that prune something; a layer the plan keeps fully dense
 * costs nothing per step. Weights and optimizer state at pruned positions are zeroed here (through
 * {@link #readTensors}/{@link #writeTensors}); during a step the engine zeroes the gradients of pruned weights
 * before the update — that single operation per masked tensor keeps pruned weights and their optimizer state at
 * exactly 0.0 under {@code torch.optim} SGD and Adam, because every update term of a pruned entry is then a
 * product with zero.
 */
public abstract class AbstractSparseModel implements SparseModel {
  /** Optimizer-state entry suffixes, by the canonical names of {@link SparseModel#optimizerState()}. */
  public static final String MOMENTUM = ".momentum";
  /** Adam's first moment. */
  public static final String ADAM_M = ".adam_m";
  /** Adam's second moment. */
  public static final String ADAM_V = ".adam_v";
  /** The step counter entry of {@link SparseModel#optimizerState()}. */
  public static final String STEP = "step";

  private final String backendId;
  private final Set<Capability> capabilities;
  private final ModelSpec spec;
  private final long seed;
  private final Map<String, ParamSpec> tensorSpecs = new LinkedHashMap<>();
  private final List<String> trainable = new ArrayList<>();
  private final List<String> buffers = new ArrayList<>();

  private MaskSet masks = MaskSet.empty();
  // Set by a model built from kept entries (SparseBackend.buildKept) until applyMasks replaces its masks.
  private KeptMaskSet keptMasks;
  private Map<String, Mask> activeMasks = Map.of();
  private OptimizerConfig optimizer;
  private Map<String, ParamSpec> optimizerEntries = Map.of();
  private long steps;
  private boolean closed;

  /**
   * @param backendId the provider id
   * @param capabilities what the backend can do; hooks of missing capabilities are never called
   * @param spec the model
   * @param seed the initialisation seed; also seeds dropout outside {@link #trainStep(float[], int[], int, double,
   *     long)}
   */
  protected AbstractSparseModel(String backendId, Set<Capability> capabilities, ModelSpec spec, long seed) {
    this.backendId = Objects.requireNonNull(backendId, "backendId");
    this.capabilities = Set.copyOf(capabilities);
    this.spec = Objects.requireNonNull(spec, "spec");
    this.seed = seed;
    for (ParamSpec p : spec.stateTensors()) {
      tensorSpecs.put(p.name(), p);
      (p.kind() == ParamKind.BUFFER ? buffers : trainable).add(p.name());
    }
  }

  // ------------------------------------------------------------------------------------------ engine hooks

  /** Reads the named tensors (parameters or buffers), in the canonical layout, in the given order. */
  protected abstract Map<String, float[]> readTensors(List<String> names);

  /** Overwrites the named tensors in place with checked, canonical-layout values (masks already applied). */
  protected abstract void writeTensors(Map<String, float[]> values);

  /**
   * Keeps {@code active} for masking gradients during {@link #step}, replacing earlier masks. Only masks that prune
   * at least one entry are passed; an empty map makes the model dense. Weights and optimizer state are zeroed by the
   * caller.
   */
  protected abstract void installMasks(Map<String, Mask> active);

  /** Evaluation-mode logits ({@code batch × numClasses}); inputs are checked. */
  protected abstract float[] forwardLogits(float[] inputs, int batchSize);

  /** Releases engine resources; called once, by the first {@link #close()}. */
  protected abstract void release();

  /**
   * Replaces the optimizer state by zero tensors named {@code entries} (each shaped like its parameter) for
   * {@code config}. Called by {@link #setOptimizer} with the canonical names ({@code <param>.momentum} for SGD with
   * momentum, {@code <param>.adam_m} and {@code <param>.adam_v} for Adam).
   */
  protected void resetOptimizerState(OptimizerConfig config, Map<String, ParamSpec> entries) {
    throw missingHook("resetOptimizerState", Capability.TRAIN);
  }

  /** Reads the named optimizer-state entries (canonical layout). */
  protected Map<String, float[]> readOptimizerState(List<String> entries) {
    throw missingHook("readOptimizerState", Capability.TRAIN);
  }

  /** Overwrites the named optimizer-state entries with checked, masked values. */
  protected void writeOptimizerState(Map<String, float[]> values) {
    throw missingHook("writeOptimizerState", Capability.TRAIN);
  }

  /**
   * One training step: training-mode forward (dropout drawn from {@code step.noiseSeed()} through
   * {@link DropoutNoise}), mean cross-entropy, backward, gradients of pruned weights zeroed with the installed masks,
   * then the optimizer update in {@code torch.optim} semantics at {@code step.learningRate()}, with
   * {@code step.number()} as the 1-based step count (Adam's bias correction). Running statistics are updated.
   *
   * @return the loss and the logits, both from before the update
   */
  protected StepOutput step(TrainingBatch step) {
    throw missingHook("step", Capability.TRAIN);
  }

  /** See {@link SparseModel#inputGradient}; arguments are checked. */
  protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    throw missingHook("computeInputGradient", Capability.INPUT_GRADIENTS);
  }

  /**
   * See {@link SparseModel#parameterGradients(float[], int[], int, boolean, double)}; arguments are checked. The
   * caller restores the running statistics afterwards (see {@link #trainingForwardUpdatesRunningStatistics}).
   */
  protected Map<String, float[]> computeParameterGradients(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature) {
    throw missingHook("computeParameterGradients", Capability.PARAM_GRADIENTS);
  }

  /** See {@link SparseModel#outputSumGradients}; arguments are checked. */
  protected Map<String, float[]> computeOutputSumGradients(float[] inputs, int batchSize) {
    throw missingHook("computeOutputSumGradients", Capability.PARAM_GRADIENTS);
  }

  /**
   * See {@link SparseModel#hessianVectorProduct}; arguments and the vector are checked. The caller restores the
   * running statistics afterwards.
   */
  protected Map<String, float[]> computeHessianVectorProduct(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature, Map<String, float[]> vector) {
    throw missingHook("computeHessianVectorProduct", Capability.DOUBLE_BACKWARD);
  }

  /**
   * Whether a training-mode forward pass outside {@link #step} changes the batch-norm running statistics in place
   * (DJL's and PyTorch's blocks do). If so, they are saved before and restored after gradient computations in
   * training mode. Default true; a graph engine that returns batch statistics as separate outputs returns false.
   */
  protected boolean trainingForwardUpdatesRunningStatistics() {
    return true;
  }

  /**
   * The dropout noise seed of a training-mode forward pass outside {@link #trainStep} (gradients in training mode,
   * score pruners): fixed per model seed, so such passes are deterministic.
   */
  protected final long defaultNoiseSeed() {
    return SplitMix64.forStream(seed, "dropout/default").nextLong();
  }

  /**
   * Checked arguments of one {@link #step}.
   *
   * @param inputs the batch, canonical layout
   * @param labels class indices in {@code [0, numClasses)}
   * @param batchSize examples
   * @param learningRate finite, ≥ 0
   * @param optimizer the optimizer settings
   * @param number the 1-based count of this step since {@link #setOptimizer} (Adam's bias correction)
   * @param noiseSeed the dropout noise seed
   */
  public record TrainingBatch(float[] inputs, int[] labels, int batchSize, double learningRate,
      OptimizerConfig optimizer, long number, long noiseSeed) {}

  /**
   * What {@link #step} returns.
   *
   * @param loss the mean cross-entropy, before the update
   * @param logits the batch's training-mode logits, before the update
   */
  public record StepOutput(double loss, float[] logits) {}

  // ------------------------------------------------------------------------------------------ for subclasses

  /** The capabilities given to the constructor. */
  @Override
  public final Set<Capability> capabilities() {
    return capabilities;
  }

  /** Trainable parameter names in {@code state_dict} order. */
  protected final List<String> trainableNames() {
    return Collections.unmodifiableList(trainable);
  }

  /** Buffer names (batch-norm running statistics) in {@code state_dict} order. */
  protected final List<String> bufferNames() {
    return Collections.unmodifiableList(buffers);
  }

  /** The spec of a state tensor, or null. */
  protected final ParamSpec tensorSpec(String name) {
    return tensorSpecs.get(name);
  }

  /** The installed masks that prune something (a subset of {@link #masks()}). */
  protected final Map<String, Mask> activeMasks() {
    return activeMasks;
  }

  /** Throws if the model is closed. Hooks are only called on open models. */
  protected final void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model " + spec.name() + " is closed");
    }
  }

  // ------------------------------------------------------------------------------------------ SparseModel

  @Override
  public final ModelSpec spec() {
    return spec;
  }

  @Override
  public final String backendId() {
    return backendId;
  }

  @Override
  public final List<ParamSpec> parameters() {
    return spec.parameters();
  }

  @Override
  public final float[] values(String name) {
    checkOpen();
    if (!tensorSpecs.containsKey(name)) {
      throw new IllegalArgumentException("model " + spec.name() + " has no tensor '" + name + "'; tensors: "
          + abbreviate(tensorSpecs.keySet()));
    }
    return readTensors(List.of(name)).get(name);
  }

  @Override
  public final Map<String, float[]> state() {
    checkOpen();
    return readTensors(new ArrayList<>(tensorSpecs.keySet()));
  }

  @Override
  public final void loadState(Map<String, float[]> state) {
    checkOpen();
    Objects.requireNonNull(state, "state");
    ModelArguments.checkState(state, tensorSpecs, spec.name());
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParamSpec p : tensorSpecs.values()) {
      float[] v = state.get(p.name());
      Mask mask = activeMasks.get(p.name());
      values.put(p.name(), mask == null ? v.clone() : ModelArguments.masked(v, mask));
    }
    writeTensors(values);
  }

  @Override
  public final void applyMasks(MaskSet newMasks) {
    checkOpen();
    Objects.requireNonNull(newMasks, "masks");
    Map<String, Mask> active = new LinkedHashMap<>();
    for (Map.Entry<String, Mask> e : newMasks.asMap().entrySet()) {
      String name = e.getKey();
      ModelArguments.checkMask(name, e.getValue(), tensorSpecs.get(name), spec);
      if (e.getValue().kept() < e.getValue().numel()) {
        active.put(name, e.getValue());
      }
    }
    installMasks(Collections.unmodifiableMap(active));
    masks = newMasks;
    keptMasks = null;
    activeMasks = Collections.unmodifiableMap(active);
    if (active.isEmpty()) {
      return;
    }
    Map<String, float[]> weights = readTensors(new ArrayList<>(active.keySet()));
    weights.replaceAll((name, v) -> ModelArguments.masked(v, active.get(name)));
    writeTensors(weights);
    if (optimizer != null) {
      Map<String, Mask> byEntry = new LinkedHashMap<>();
      optimizerEntries.forEach((entry, p) -> {
        Mask m = active.get(p.name());
        if (m != null) {
          byEntry.put(entry, m);
        }
      });
      if (!byEntry.isEmpty()) {
        Map<String, float[]> st = readOptimizerState(new ArrayList<>(byEntry.keySet()));
        st.replaceAll((entry, v) -> ModelArguments.masked(v, byEntry.get(entry)));
        writeOptimizerState(st);
      }
    }
  }

  /**
   * The masks of a model built from kept entries ({@link SparseBackend#buildKept}): its engine already holds only
   * their entries, so nothing is installed; {@link #masks()} and {@link #keptMasks()} report them until
   * {@link #applyMasks} replaces them.
   */
  protected final void useKeptMasks(KeptMaskSet kept) {
    keptMasks = Objects.requireNonNull(kept, "kept masks");
    masks = MaskSet.empty();
    activeMasks = Map.of();
  }

  /** Whether the masks came from {@link #useKeptMasks} and no {@link #applyMasks} has replaced them since. */
  protected final boolean holdsKeptMasks() {
    return keptMasks != null;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException for a model built from kept entries whose masks are too large for bitmaps
   */
  @Override
  public final MaskSet masks() {
    if (keptMasks != null) {
      return keptMasks.toMaskSet();
    }
    return masks;
  }

  @Override
  public KeptMaskSet keptMasks() {
    return keptMasks != null ? keptMasks : KeptMaskSet.of(masks);
  }

  @Override
  public final float[] logits(float[] inputs, int batchSize) {
    checkOpen();
    ModelArguments.checkInputs(spec, inputs, batchSize);
    return forwardLogits(inputs, batchSize);
  }

  @Override
  public final void setOptimizer(OptimizerConfig config) {
    checkOpen();
    Objects.requireNonNull(config, "optimizer config");
    Map<String, ParamSpec> entries = new LinkedHashMap<>();
    for (String name : trainable) {
      ParamSpec p = tensorSpecs.get(name);
      if (config.kind() == OptimizerConfig.Kind.SGD) {
        if (config.momentum() > 0) {
          entries.put(name + MOMENTUM, p);
        }
      } else {
        entries.put(name + ADAM_M, p);
        entries.put(name + ADAM_V, p);
      }
    }
    if (capabilities.contains(Capability.TRAIN)) {
      resetOptimizerState(config, Collections.unmodifiableMap(entries));
    } else {
      entries.clear(); // no engine state to name: trainStep fails with UnsupportedCapabilityException
    }
    optimizerEntries = Collections.unmodifiableMap(entries);
    optimizer = config;
    steps = 0;
  }

  @Override
  public final StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate) {
    return trainStep(inputs, labels, batchSize, learningRate,
        SplitMix64.forStream(seed, "dropout/step/" + steps).nextLong());
  }

  @Override
  public final StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate,
      long noiseSeed) {
    checkOpen();
    require(Capability.TRAIN);
    if (optimizer == null) {
      throw new IllegalStateException("no optimizer set; call setOptimizer(...) before trainStep");
    }
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and ≥ 0, got " + learningRate);
    }
    ModelArguments.checkInputs(spec, inputs, batchSize);
    ModelArguments.checkLabels(spec, labels, batchSize);
    StepOutput out = step(new TrainingBatch(inputs, labels, batchSize, learningRate, optimizer, steps + 1,
        noiseSeed));
    steps++;
    return new StepResult(out.loss(), Logits.correct(out.logits(), spec.numClasses(), labels, batchSize), batchSize);
  }

  @Override
  public final Map<String, float[]> optimizerState() {
    checkOpen();
    return optimizerStateWithSteps(this::readOptimizerState);
  }

  /** The optimizer's entries as {@code read} gives them, and the step count; empty without an optimizer. */
  private Map<String, float[]> optimizerStateWithSteps(Function<List<String>, Map<String, float[]>> read) {
    if (optimizer == null) {
      return Map.of();
    }
    Map<String, float[]> out = new LinkedHashMap<>(optimizerEntries.isEmpty() ? Map.of()
        : read.apply(new ArrayList<>(optimizerEntries.keySet())));
    out.put(STEP, new float[] {steps});
    return out;
  }

  @Override
  public final void loadOptimizerState(Map<String, float[]> state) {
    checkOpen();
    Objects.requireNonNull(state, "optimizer state");
    if (optimizer == null) {
      throw new IllegalStateException("no optimizer set; call setOptimizer(...) before loadOptimizerState");
    }
    long s = ModelArguments.optimizerSteps(state, optimizerEntries, optimizer.kind());
    Map<String, float[]> values = new LinkedHashMap<>();
    optimizerEntries.forEach((entry, p) -> {
      Mask mask = activeMasks.get(p.name());
      values.put(entry, mask == null ? state.get(entry).clone() : ModelArguments.masked(state.get(entry), mask));
    });
    if (!values.isEmpty()) {
      writeOptimizerState(values);
    }
    steps = s;
  }

  /**
   * The optimizer state of a model built from kept entries, slots of masked weights as kept values (the step count
   * added here); others through {@link SparseModel#keptOptimizerState()}'s default.
   */
  @Override
  public Map<String, float[]> keptOptimizerState() {
    checkOpen();
    if (keptMasks == null) {
      return SparseModel.super.keptOptimizerState();
    }
    return optimizerStateWithSteps(this::readKeptOptimizerState);
  }

  @Override
  public void loadKeptOptimizerState(Map<String, float[]> state) {
    checkOpen();
    Objects.requireNonNull(state, "optimizer state");
    if (keptMasks == null) {
      SparseModel.super.loadKeptOptimizerState(state);
      return;
    }
    if (optimizer == null) {
      throw new IllegalStateException("no optimizer set; call setOptimizer(...) before loadKeptOptimizerState");
    }
    KeptMaskSet masks = keptMasks;
    long s = ModelArguments.optimizerSteps(state, optimizerEntries, optimizer.kind(), key -> {
      String owner = KeptStates.owner(key, masks);
      return owner == null ? optimizerEntries.get(key).numel() : masks.get(owner).kept();
    });
    Map<String, float[]> values = new LinkedHashMap<>();
    optimizerEntries.keySet().forEach(entry -> values.put(entry, state.get(entry).clone()));
    if (!values.isEmpty()) {
      writeKeptOptimizerState(values);
    }
    steps = s;
  }

  /**
   * The named optimizer entries of a model built from kept entries, masked weights' slots as kept values; a backend
   * with {@link Capability#KEPT_ENTRIES} implements it.
   */
  protected Map<String, float[]> readKeptOptimizerState(List<String> entries) {
    throw new UnsupportedCapabilityException(backendId, Capability.KEPT_ENTRIES,
        Backends.idsWith(Capability.KEPT_ENTRIES));
  }

  /** Overwrites optimizer entries of a model built from kept entries (the form {@link #readKeptOptimizerState} reads). */
  protected void writeKeptOptimizerState(Map<String, float[]> values) {
    throw new UnsupportedCapabilityException(backendId, Capability.KEPT_ENTRIES,
        Backends.idsWith(Capability.KEPT_ENTRIES));
  }

  @Override
  public final float[] inputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    checkOpen();
    require(Capability.INPUT_GRADIENTS);
    ModelArguments.checkTemperature(temperature);
    ModelArguments.checkInputs(spec, inputs, batchSize);
    ModelArguments.checkLabels(spec, targets, batchSize);
    return computeInputGradient(inputs, targets, batchSize, temperature);
  }

  @Override
  public final Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize,
      boolean trainMode) {
    return parameterGradients(inputs, labels, batchSize, trainMode, 1.0);
  }

  @Override
  public final Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature) {
    checkOpen();
    require(Capability.PARAM_GRADIENTS);
    ModelArguments.checkTemperature(temperature);
    ModelArguments.checkInputs(spec, inputs, batchSize);
    ModelArguments.checkLabels(spec, labels, batchSize);
    return keepingRunningStatistics(trainMode,
        () -> computeParameterGradients(inputs, labels, batchSize, trainMode, temperature));
  }

  @Override
  public final Map<String, float[]> outputSumGradients(float[] inputs, int batchSize) {
    checkOpen();
    require(Capability.PARAM_GRADIENTS);
    ModelArguments.checkInputs(spec, inputs, batchSize);
    return computeOutputSumGradients(inputs, batchSize);
  }

  @Override
  public final Map<String, float[]> hessianVectorProduct(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature, Map<String, float[]> vector) {
    checkOpen();
    require(Capability.DOUBLE_BACKWARD);
    ModelArguments.checkTemperature(temperature);
    ModelArguments.checkInputs(spec, inputs, batchSize);
    ModelArguments.checkLabels(spec, labels, batchSize);
    Objects.requireNonNull(vector, "vector");
    if (vector.isEmpty()) {
      throw new IllegalArgumentException("the vector names no parameter; give one array per trainable parameter");
    }
    ModelArguments.checkVector(vector, trainable, tensorSpecs, spec.name());
    return keepingRunningStatistics(trainMode,
        () -> computeHessianVectorProduct(inputs, labels, batchSize, trainMode, temperature, vector));
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  // ------------------------------------------------------------------------------------------ checks

  private <T> T keepingRunningStatistics(boolean trainMode, java.util.function.Supplier<T> body) {
    if (!trainMode || buffers.isEmpty() || !trainingForwardUpdatesRunningStatistics()) {
      return body.get();
    }
    Map<String, float[]> saved = readTensors(buffers);
    try {
      return body.get();
    } finally {
      writeTensors(saved);
    }
  }

  private void require(Capability capability) {
    if (!capabilities.contains(capability)) {
      throw new UnsupportedCapabilityException(backendId, capability, Backends.idsWith(capability));
    }
  }

  private IllegalStateException missingHook(String hook, Capability capability) {
    return new IllegalStateException(getClass().getName() + " (backend '" + backendId + "') declares " + capability
        + " but does not implement AbstractSparseModel." + hook);
  }

  /** The first 12 names, then how many more. */
  protected static String abbreviate(Collection<String> names) {
    return ModelArguments.abbreviate(names);
  }
}
