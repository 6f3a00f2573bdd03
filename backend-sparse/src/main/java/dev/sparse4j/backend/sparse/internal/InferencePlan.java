package dev.sparse4j.backend.sparse.internal;

import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.backend.sparse.internal.PackedOps.PAct;
import dev.sparse4j.backend.sparse.internal.PlanCompiler.Thresholds;
import dev.sparse4j.backend.sparse.internal.ExampleMajorOps.Act;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;

/**
 * A model compiled for evaluation-mode inference (see {@link PlanCompiler}), once with the example-major family
 * ({@link ExampleMajorOps}) and, when the Vector API is in use, once more with the batch-innermost vector family
 * ({@link PackedOps}); a call runs the vector plan from {@code vectorMinBatch} examples up, the example-major one
 * below (then a thread per example). Rebuilt whenever weights or masks change.
 */
final class InferencePlan {
  /** Scalar kernels: sparse rows win below half density (measured with {@code SparseInferenceBenchmark}). */
  static final Thresholds SCALAR_THRESHOLDS = Thresholds.both(0.5);
  /**
   * Vector kernels: a dense linear layer walks its input in order and wins from about 0.75 (1024×1024, 64
   * examples: sparse rows take 0.97× the dense time at 0.7, 1.06× at 0.8); a convolution's dense kernel is the sparse
   * one without skipping zeros, so only a fully dense one uses it.
   */
  static final Thresholds VECTOR_THRESHOLDS = new Thresholds(1.0, 0.75);
  /**
   * Example-major kernels with vectors along the rows of stride-1 convolutions: like the vector family, that
   * convolution kernel has no faster dense form, so only fully dense convolutions are dense; linear layers as scalar.
   */
  static final Thresholds ROW_VECTOR_THRESHOLDS = new Thresholds(1.0, 0.5);

  private final PlanCompiler.Compiled<Act> scalar;
  private final PlanCompiler.Compiled<PAct> packed;
  private final PackedOps packedOps;
  private final int vectorMinBatch;
  private final int chunk;
  private final int classes;
  /** Buffers of finished chunks, for the next ones: at most one set per thread that ran a chunk at once. */
  private final Queue<Buffers> idle = new ConcurrentLinkedQueue<>();

  private InferencePlan(PlanCompiler.Compiled<Act> scalar, PlanCompiler.Compiled<PAct> packed, PackedOps packedOps,
      int vectorMinBatch, int chunk, int classes) {
    this.scalar = scalar;
    this.packed = packed;
    this.packedOps = packedOps;
    this.vectorMinBatch = vectorMinBatch;
    this.chunk = chunk;
    this.classes = classes;
  }

  /**
   * Compiles {@code spec} with {@code state} (masked weights, canonical layout).
   *
   * @param denseThreshold the user's density for dense kernels, or NaN for each family's measured defaults
   * @param vectorMinBatch smallest batch for the vector kernels; {@code Integer.MAX_VALUE} never uses them (and
   *     then the Vector API need not be available), 1 always does, {@link SparseCpuRuntime#AUTO} the measured
   *     default for this model
   */
  static InferencePlan compile(ModelSpec spec, Map<String, float[]> state, double denseThreshold, int vectorMinBatch) {
    boolean defaults = Double.isNaN(denseThreshold);
    boolean rowVectors = vectorMinBatch != Integer.MAX_VALUE;
    PlanCompiler.Compiled<Act> scalar = PlanCompiler.compile(spec, state,
        !defaults ? Thresholds.both(denseThreshold) : rowVectors ? ROW_VECTOR_THRESHOLDS : SCALAR_THRESHOLDS,
        new ExampleMajorOps(rowVectors));
    if (vectorMinBatch == Integer.MAX_VALUE) {
      return new InferencePlan(scalar, null, null, vectorMinBatch, 0, spec.numClasses());
    }
    int[] border = {0};
    boolean[] convs = {false};
    spec.walk((path, layer) -> {
      if (layer instanceof Conv2d c) {
        border[0] = Math.max(border[0], c.padding());
        convs[0] = true;
      }
    });
    PackedOps ops = new PackedOps(border[0]);
    int minBatch = vectorMinBatch != SparseCpuRuntime.AUTO ? vectorMinBatch
        : convs[0] ? SparseCpuRuntime.VECTOR_MIN_BATCH_CONV : SparseCpuRuntime.VECTOR_MIN_BATCH_DENSE;
    // A chunk runs through the whole model on one thread, its activations staying in that core's cache: one vector
    // of examples for a convolutional model (a group's planes are large), four for a fully connected one.
    int chunk = ops.lanes() * (convs[0] ? 1 : 4);
    PlanCompiler.Compiled<PAct> packed = PlanCompiler.compile(spec, state,
        defaults ? VECTOR_THRESHOLDS : Thresholds.both(denseThreshold), ops);
    return new InferencePlan(scalar, packed, ops, minBatch, chunk, spec.numClasses());
  }

  /**
   * The kernel chosen for each conv and linear layer of the plan that runs batches (the vector one when in use), e.g.
   * {@code fc1 linear 784→300 + ReLU: sparse rows, density 0.120}.
   */
  List<String> kernelChoices() {
    return packed != null ? packed.choices() : scalar.choices();
  }

  /** Logits of {@code batch} examples. */
  float[] run(float[] input, int batch, int[] inputShape, ForkJoinPool pool) {
    if (packed != null && batch >= vectorMinBatch) {
      float[] logits = new float[batch * classes];
      int chunks = (batch + chunk - 1) / chunk;
      if (pool != null && chunks >= pool.getParallelism()) {
        // Enough chunks for every thread: a thread per chunk, each op single-threaded.
        ExampleMajorOps.parallel(pool, chunks, c -> runChunk(input, c * chunk, Math.min(batch, (c + 1) * chunk),
            inputShape, null, logits));
      } else {
        for (int c = 0; c < chunks; c++) {
          runChunk(input, c * chunk, Math.min(batch, (c + 1) * chunk), inputShape, pool, logits);
        }
      }
      return logits;
    }
    if (packed != null && pool != null && batch >= pool.getParallelism()) {
      // Below the vector family's batch (the Vector API in use): a thread per example, each layer on that thread.
      float[] logits = new float[batch * classes];
      int per = input.length / batch;
      ExampleMajorOps.parallel(pool, batch, b -> {
        Act one = new Act(java.util.Arrays.copyOfRange(input, b * per, (b + 1) * per), 1, inputShape);
        System.arraycopy(OpSet.apply(scalar.ops(), one, new OpSet.Run(null, null)).v(), 0, logits, b * classes,
            classes);
      });
      return logits;
    }
    return OpSet.apply(scalar.ops(), new Act(input, batch, inputShape), new OpSet.Run(pool, null)).v();
  }

  private void runChunk(float[] input, int from, int to, int[] inputShape, ForkJoinPool pool, float[] logits) {
    Buffers buffers = idle.poll();
    if (buffers == null) {
      buffers = new Buffers();
    }
    try {
      OpSet.Run run = new OpSet.Run(pool, buffers.reset());
      PAct out = OpSet.apply(packed.ops(), packedOps.pack(input, from, to, inputShape, run), run);
      finish(out, logits, from);
    } finally {
      idle.add(buffers);
    }
  }

  private void finish(PAct out, float[] logits, int from) {
    if (out.shape()[0] != classes) {
      throw new IllegalStateException("the model produced " + out.shape()[0] + " outputs per example, not "
          + classes);
    }
    PackedOps.unpack(out, logits, from);
  }
}
