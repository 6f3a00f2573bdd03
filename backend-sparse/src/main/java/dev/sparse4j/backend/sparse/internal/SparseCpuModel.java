package dev.sparse4j.backend.sparse.internal;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.init.WeightInit;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseModel;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.HeapTensors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

/**
 * Evaluation-mode logits of a {@link ModelSpec} in pure Java. The state lives in Java arrays in the canonical
 * layout; the first {@link #logits} after a change compiles an {@link InferencePlan} from the masked weights (batch-norm
 * folded, a kernel per layer by density; vector kernels for batches from {@code vectorMinBatch} up). Training and
 * gradients are not implemented: the base class answers them
 * with {@code UnsupportedCapabilityException} naming the backends that can.
 */
public final class SparseCpuModel extends AbstractSparseModel {
  private final HeapTensors tensors = new HeapTensors();
  private final Map<String, Mask> masks = new HashMap<>();
  private final ForkJoinPool pool;
  private final double denseThreshold;
  private final int vectorMinBatch;
  private final Runnable onClose;
  private InferencePlan plan;

  SparseCpuModel(String backendId, Set<Capability> capabilities, ModelSpec spec, long seed, ForkJoinPool pool,
      double denseThreshold, int vectorMinBatch, Runnable onClose) {
    super(backendId, capabilities, spec, seed);
    this.pool = pool;
    this.denseThreshold = denseThreshold;
    this.vectorMinBatch = vectorMinBatch;
    this.onClose = onClose;
    tensors.write(WeightInit.initialState(spec, seed));
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
    masks.clear();
    masks.putAll(active);
    plan = null;
  }

  @Override
  protected float[] forwardLogits(float[] inputs, int batchSize) {
    return plan().run(inputs, batchSize, spec().inputShape(), pool);
  }

  private InferencePlan plan() {
    if (plan == null) {
      // Weights are already zero where masks prune (the base class masks them); the plan skips zeros.
      plan = InferencePlan.compile(spec(), tensors.view(), denseThreshold, vectorMinBatch);
    }
    return plan;
  }

  @Override
  protected void release() {
    plan = null;
    onClose.run();
  }
}
