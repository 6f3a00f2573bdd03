package dev.sparse4j.backend.sparse.internal;

import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.init.WeightInit;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseModel;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.backend.sparse.internal.train.Training;
import dev.sparse4j.backend.sparse.internal.train.TrainTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

/**
 * A {@link ModelSpec} in pure Java. The state lives in a {@link TrainTensors} store: convolution and linear weights
 * as their kept entries, with gradients and optimizer state of the same length. Training, input and parameter
 * gradients run on it ({@link Training}); the first {@link #logits} after a change compiles an
 * {@link InferencePlan} from the masked weights (batch-norm folded, a kernel per layer by density; vector kernels
 * for batches from {@code vectorMinBatch} up).
 */
public final class SparseCpuModel extends AbstractSparseModel {
  private final TrainTensors tensors;
  private final Training training;
  private final ForkJoinPool pool;
  private final double denseThreshold;
  private final int vectorMinBatch;
  private final Runnable onClose;
  private Map<String, ParamSpec> optimizerEntries = Map.of();
  private InferencePlan plan;

  SparseCpuModel(String backendId, Set<Capability> capabilities, ModelSpec spec, long seed, ForkJoinPool pool,
      double denseThreshold, int vectorMinBatch, Runnable onClose) {
    super(backendId, capabilities, spec, seed);
    this.pool = pool;
    this.denseThreshold = denseThreshold;
    this.vectorMinBatch = vectorMinBatch;
    this.onClose = onClose;
    this.tensors = new TrainTensors(spec, WeightInit.initialState(spec, seed));
    this.training = new Training(spec, tensors, pool, vectorMinBatch != Integer.MAX_VALUE);
  }

  /**
   * A model holding the kept entries of {@code masks} only ({@code SparseBackend.buildKept}): no dense copy of a
   * weight is ever made, and {@link #logits} runs the training graph in evaluation mode instead of compiling an
   * inference plan from dense weights.
   */
  SparseCpuModel(String backendId, Set<Capability> capabilities, ModelSpec spec, long seed, KeptMaskSet masks,
      ForkJoinPool pool, double denseThreshold, int vectorMinBatch, Runnable onClose) {
    super(backendId, capabilities, spec, seed);
    this.pool = pool;
    this.denseThreshold = denseThreshold;
    this.vectorMinBatch = vectorMinBatch;
    this.onClose = onClose;
    this.tensors = new TrainTensors(spec, seed, masks);
    this.training = new Training(spec, tensors, pool, vectorMinBatch != Integer.MAX_VALUE);
    useKeptMasks(masks);
  }

  /** The kernel chosen for each conv and linear layer (compiles the plan if needed). */
  public List<String> kernelChoices() {
    checkOpen();
    return plan().kernelChoices();
  }

  @Override
  protected Map<String, float[]> readTensors(List<String> names) {
    return tensors.read(names);
  }

  @Override
  protected void writeTensors(Map<String, float[]> values) {
    tensors.write(values);
    plan = null;
  }

  @Override
  protected void installMasks(Map<String, Mask> active) {
    tensors.installMasks(active);
    plan = null;
  }

  @Override
  protected float[] forwardLogits(float[] inputs, int batchSize) {
    if (holdsKeptMasks()) {
      return training.logits(inputs, batchSize);
    }
    return plan().run(inputs, batchSize, spec().inputShape(), pool);
  }

  @Override
  public void applyKeptMasks(KeptMaskSet masks) {
    checkOpen();
    if (!holdsKeptMasks()) {
      super.applyKeptMasks(masks); // bitmaps installed: stay with them
      return;
    }
    tensors.retarget(spec(), masks);
    useKeptMasks(masks);
    plan = null;
  }

  @Override
  public void loadKeptState(Map<String, float[]> state) {
    checkOpen();
    java.util.Objects.requireNonNull(state, "state");
    List<String> names = tensorNames();
    for (String name : state.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException("model " + spec().name() + " has no tensor '" + name + "'");
      }
    }
    for (String name : names) {
      if (!state.containsKey(name)) {
        throw new IllegalArgumentException("the kept state has no tensor " + name + " of model " + spec().name());
      }
    }
    tensors.writeKept(state);
    plan = null;
  }

  @Override
  public Map<String, float[]> keptState() {
    checkOpen();
    // Every weight's values are its kept entries in row order (all entries where nothing is pruned).
    return java.util.Collections.unmodifiableMap(tensors.readKept(tensorNames()));
  }

  @Override
  protected void resetOptimizerState(OptimizerConfig config, Map<String, ParamSpec> entries) {
    optimizerEntries = entries;
    tensors.resetOptimizer(entries);
  }

  @Override
  protected Map<String, float[]> readOptimizerState(List<String> entries) {
    return tensors.readOptimizer(entries, optimizerEntries);
  }

  @Override
  protected void writeOptimizerState(Map<String, float[]> values) {
    tensors.writeOptimizer(values, optimizerEntries);
  }

  @Override
  protected Map<String, float[]> readKeptOptimizerState(List<String> entries) {
    return tensors.readOptimizerKept(entries, optimizerEntries);
  }

  @Override
  protected void writeKeptOptimizerState(Map<String, float[]> values) {
    tensors.writeOptimizerKept(values, optimizerEntries);
  }

  @Override
  protected StepOutput step(TrainingBatch step) {
    plan = null;
    return training.step(step, trainableNames());
  }

  @Override
  protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    return training.inputGradient(inputs, targets, batchSize, temperature);
  }

  @Override
  protected Map<String, float[]> computeParameterGradients(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature) {
    return training.parameterGradients(inputs, labels, batchSize, trainMode, temperature, defaultNoiseSeed(),
        trainableNames());
  }

  @Override
  protected Map<String, float[]> computeOutputSumGradients(float[] inputs, int batchSize) {
    return training.outputSumGradients(inputs, batchSize, trainableNames());
  }

  /** Gradient passes here never move the running statistics, so nothing needs restoring. */
  @Override
  protected boolean trainingForwardUpdatesRunningStatistics() {
    return false;
  }

  private InferencePlan plan() {
    if (plan == null) {
      // Dense copies of the masked weights (zero where masks prune); the plan keeps only what it needs.
      plan = InferencePlan.compile(spec(), tensors.read(new ArrayList<>(tensorNames())), denseThreshold,
          vectorMinBatch);
    }
    return plan;
  }

  private List<String> tensorNames() {
    List<String> names = new ArrayList<>(trainableNames());
    names.addAll(bufferNames());
    return names;
  }

  @Override
  protected void release() {
    plan = null;
    onClose.run();
  }
}
