package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AbstractSparseModel;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link ModelSpec} compiled to DJL blocks on the PyTorch engine.
 *
 * <p>Memory: weights, masks and optimizer state live in the model's own {@link NDManager}. Every call runs inside
 * a per-call sub-manager to which those arrays are temporarily attached, so every intermediate array (activations,
 * gradients, optimizer temporaries) is released when the call returns and the arrays go back to the model.
 *
 * <p>Gradients: PyTorch accumulates parameter gradients across backward passes, so every call that computes them
 * zeroes them when it ends (also when it fails), and every call starts from zero gradients. The optimizer runs
 * outside the gradient collector, with autograd off (PyTorch's grad mode is per thread, so it is switched off
 * explicitly).
 *
 * <p>Score pruners: {@link #parameterGradients(float[], int[], int, boolean, double)} (any softmax temperature),
 * {@link #outputSumGradients} (SynFlow) and {@link #hessianVectorProduct} (GraSP). DJL's {@code GradientCollector}
 * has no {@code create_graph}, but PyTorch's {@code backward(..., create_graph=true)} is reachable through
 * {@link JniUtils#backward}, so the Hessian-vector product is an exact double backward
 * ({@link Capability#DOUBLE_BACKWARD}).
 *
 * <p>Argument checks, mask and optimizer-state bookkeeping live in {@link AbstractSparseModel}; this class holds
 * only tensor operations.
 */
final class DjlSparseModel extends AbstractSparseModel {
  private final Engine engine;
  private final NDManager manager;
  private final Block block;
  private final ParameterStore store;
  private final Map<String, Parameter> tensors;
  private final long[] inputShape;
  private final Runnable onClose;
  /** Images enter channels-last (see {@link #input}); the backend option {@code memory-format}. */
  private final boolean channelsLast;
  /** FLOAT32, or FLOAT64 for reference computations (backend option {@code precision}). */
  private final DataType dataType;
  /** The noise seed dropout blocks draw from during the current training-mode forward pass. */
  private final AtomicLong noiseSeed = new AtomicLong();
  /** The batch-norms folded into convolutions for evaluation passes; dropped by any call that may change state. */
  private final EvalFolding folding = new EvalFolding();

  private final Map<String, NDArray> maskArrays = new LinkedHashMap<>();
  private final Map<String, NDArray> optimizerArrays = new LinkedHashMap<>();
  /** The direct buffer the current call's input array wraps; see {@link #input}. */
  private ByteBuffer inputBuffer;

  DjlSparseModel(String backendId, Set<Capability> capabilities, Engine engine, ModelSpec spec, long seed,
      PtSettings settings, Runnable onClose) {
    super(backendId, capabilities, spec, seed);
    this.engine = engine;
    this.channelsLast = settings.channelsLast();
    this.dataType = settings.dataType();
    this.onClose = onClose;
    int[] in = spec.inputShape();
    this.inputShape = new long[in.length + 1];
    inputShape[0] = 1;
    for (int i = 0; i < in.length; i++) {
      inputShape[i + 1] = in[i];
    }
    noiseSeed.set(defaultNoiseSeed());
    SpecCompiler.Compiled compiled = SpecCompiler.compile(spec, seed, noiseSeed::get, settings.strided1x1(),
        folding);
    this.block = compiled.block();
    this.tensors = compiled.tensors();
    this.manager = engine.newBaseManager();
    try {
      noGrad(() -> {
        block.initialize(manager, dataType, new Shape(inputShape));
        return null;
      });
      this.store = new ParameterStore(manager, false);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  @Override
  protected Map<String, float[]> readTensors(List<String> names) {
    return inReadingStep(step -> {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (String name : names) {
        out.put(name, floats(array(name)));
      }
      return out;
    });
  }

  @Override
  protected void writeTensors(Map<String, float[]> values) {
    inStep(step -> noGrad(() -> {
      values.forEach((name, v) -> copyInto(step, array(name), v));
      return null;
    }));
  }

  @Override
  protected void installMasks(Map<String, Mask> active) {
    folding.invalidate();
    maskArrays.values().forEach(NDArray::close);
    maskArrays.clear();
    active.forEach((name, mask) ->
        maskArrays.put(name, typed(manager.create(mask.toFloats(), new Shape(toLong(mask.shape()))))));
  }

  @Override
  protected float[] forwardLogits(float[] inputs, int batchSize) {
    return inReadingStep(step -> noGrad(() -> floats(forward(input(step, inputs, batchSize), false))));
  }

  @Override
  protected void resetOptimizerState(OptimizerConfig config, Map<String, ParamSpec> entries) {
    optimizerArrays.values().forEach(NDArray::close);
    optimizerArrays.clear();
    entries.forEach((entry, p) -> optimizerArrays.put(entry, manager.zeros(new Shape(toLong(p.shape())), dataType)));
  }

  @Override
  protected Map<String, float[]> readOptimizerState(List<String> entries) {
    return inReadingStep(step -> {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (String entry : entries) {
        out.put(entry, floats(optimizerArrays.get(entry)));
      }
      return out;
    });
  }

  @Override
  protected void writeOptimizerState(Map<String, float[]> values) {
    inStep(step -> noGrad(() -> {
      values.forEach((entry, v) -> copyInto(step, optimizerArrays.get(entry), v));
      return null;
    }));
  }

  @Override
  protected StepOutput step(TrainingBatch batch) {
    return inStep(step -> {
      try {
        NDArray x = input(step, batch.inputs(), batch.batchSize());
        float loss;
        float[] out;
        noiseSeed.set(batch.noiseSeed());
        try (GradientCollector collector = engine.newGradientCollector()) {
          NDArray logits = forward(x, true);
          NDArray l = crossEntropy(step, logits, batch.labels(), 1.0, true);
          collector.backward(l);
          loss = floats(l)[0];
          out = floats(logits);
        } finally {
          noiseSeed.set(defaultNoiseSeed());
        }
        noGrad(() -> {
          TorchOptimizerStep.update(step, batch, trainableNames(), this::array, maskArrays, optimizerArrays,
              dataType);
          return null;
        });
        return new StepOutput(loss, out);
      } finally {
        zeroGradients();
      }
    });
  }

  @Override
  protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    return inReadingStep(step -> {
      try {
        NDArray x = input(step, inputs, batchSize);
        x.setRequiresGradient(true);
        try (GradientCollector collector = engine.newGradientCollector()) {
          NDArray logits = forward(x, false);
          collector.backward(crossEntropy(step, logits, targets, temperature, false));
        }
        return floats(x.getGradient());
      } finally {
        zeroGradients();
      }
    });
  }

  @Override
  protected Map<String, float[]> computeParameterGradients(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature) {
    return gradients((step, x) -> crossEntropy(step, forward(x, trainMode), labels, temperature, true), inputs,
        batchSize);
  }

  @Override
  protected Map<String, float[]> computeOutputSumGradients(float[] inputs, int batchSize) {
    return gradients((step, x) -> forward(x, false).sum(), inputs, batchSize);
  }

  /**
   * Double backward on fresh leaf copies of the parameters (a {@link ParameterStore} that hands the copies to the
   * blocks), so the model's own gradient slots never hold a graph: the first backward builds a graph of the
   * gradients ({@code create_graph}), the copies' gradients are zeroed in place (the graph of {@code z} does not use
   * their values), and the backward of {@code z = Σ_p grad_p · v_p} leaves {@code H v} in them. The copies, their
   * gradients and both graphs are released with the step's manager.
   */
  @Override
  protected Map<String, float[]> computeHessianVectorProduct(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature, Map<String, float[]> vector) {
    return inStep(step -> {
      Map<Parameter, NDArray> leaves = new IdentityHashMap<>();
      Map<String, NDArray> byName = new LinkedHashMap<>();
      noGrad(() -> {
        for (String name : trainableNames()) {
          NDArray leaf = array(name).duplicate();
          leaves.put(tensors.get(name), leaf);
          byName.put(name, leaf);
        }
        return null;
      });
      byName.values().forEach(leaf -> leaf.setRequiresGradient(true));
      ParameterStore copies = new ParameterStore(step, false) {
        @Override
        public NDArray getValue(Parameter parameter, ai.djl.Device device, boolean training) {
          NDArray leaf = leaves.get(parameter);
          return leaf != null ? leaf : super.getValue(parameter, device, training);
        }
      };
      NDArray x = input(step, inputs, batchSize);
      Map<String, float[]> out = new LinkedHashMap<>();
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray logits = block.forward(copies, new NDList(x), trainMode).singletonOrThrow();
        NDArray loss = crossEntropy(step, logits, labels, temperature, true);
        JniUtils.backward((PtNDArray) loss, (PtNDArray) step.ones(loss.getShape()), true, true);
        NDArray z = null;
        for (Map.Entry<String, float[]> e : vector.entrySet()) {
          NDArray g = byName.get(e.getKey()).getGradient();
          NDArray term = g.mul(step.create(e.getValue(), g.getShape())).sum();
          z = z == null ? term : z.add(term);
        }
        for (NDArray leaf : byName.values()) {
          JniUtils.zeroGrad((PtNDArray) leaf);
        }
        JniUtils.backward((PtNDArray) z, (PtNDArray) step.ones(z.getShape()), false, false);
        for (String name : vector.keySet()) {
          out.put(name, floats(byName.get(name).getGradient()));
        }
      }
      return out;
    });
  }

  /** Gradients of the scalar {@code objective} with respect to every trainable parameter. */
  private Map<String, float[]> gradients(BiFunction<NDManager, NDArray, NDArray> objective, float[] inputs,
      int batchSize) {
    return inStep(step -> {
      try {
        NDArray x = input(step, inputs, batchSize);
        try (GradientCollector collector = engine.newGradientCollector()) {
          collector.backward(objective.apply(step, x));
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : trainableNames()) {
          out.put(name, floats(array(name).getGradient()));
        }
        return out;
      } finally {
        zeroGradients();
      }
    });
  }

  @Override
  protected void release() {
    folding.close();
    manager.close();
    onClose.run();
  }

  // ---------------------------------------------------------------- internals

  /**
   * Runs {@code body} with a fresh sub-manager holding the model's arrays temporarily; closes it afterwards. The body
   * may change the model's state: the folded evaluation weights are dropped first.
   */
  private <T> T inStep(Function<NDManager, T> body) {
    folding.invalidate();
    return inReadingStep(body);
  }

  /** {@link #inStep} for a body that changes no parameter or running statistic: the folded weights stay. */
  private <T> T inReadingStep(Function<NDManager, T> body) {
    try (NDManager step = manager.newSubManager()) {
      for (Parameter p : tensors.values()) {
        p.getArray().tempAttach(step);
      }
      for (NDArray a : maskArrays.values()) {
        a.tempAttach(step);
      }
      for (NDArray a : optimizerArrays.values()) {
        a.tempAttach(step);
      }
      return body.apply(step);
    }
  }

  /** Runs {@code body} with autograd recording off on this thread (PyTorch's grad mode is thread-local). */
  private static <T> T noGrad(Supplier<T> body) {
    boolean was = JniUtils.isGradMode();
    if (was) {
      JniUtils.setGradMode(false);
    }
    try {
      return body.get();
    } finally {
      if (was) {
        JniUtils.setGradMode(true);
      }
    }
  }

  private NDArray array(String name) {
    return tensors.get(name).getArray();
  }

  /**
   * The batch as an array of the step's manager, with one copy: into the model's reusable direct buffer, which the
   * array wraps ({@code torch::from_blob}) instead of copying again. Safe because every array of a call is closed
   * when the call returns, before the buffer is written again (a model is not thread-safe).
   *
   * <p>Images go in channels-last ({@code NHWC}) memory order, seen as an {@code NCHW} array with channels-last
   * strides: PyTorch then runs the whole network channels-last, and oneDNN's convolutions read and write it
   * directly instead of reordering every activation and gradient to and from its blocked layout (ResNet-20 steps
   * ~20 % faster on PyTorch 2.7.1; see docs/performance.md). Backend option {@code memory-format=contiguous} turns
   * it off.
   */
  private NDArray input(NDManager step, float[] inputs, int batchSize) {
    int bytes = inputs.length * Float.BYTES;
    if (inputBuffer == null || inputBuffer.capacity() < bytes) {
      inputBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    inputBuffer.clear();
    FloatBuffer floats = inputBuffer.asFloatBuffer();
    boolean image = inputShape.length == 4 && channelsLast;
    int channels = image ? (int) inputShape[1] : 1;
    if (channels == 1) {
      floats.put(inputs);
    } else {
      int plane = (int) (inputShape[2] * inputShape[3]);
      int example = channels * plane;
      float[] nhwc = new float[example];
      for (int n = 0; n < batchSize; n++) {
        for (int c = 0; c < channels; c++) {
          for (int i = 0; i < plane; i++) {
            nhwc[i * channels + c] = inputs[n * example + c * plane + i];
          }
        }
        floats.put(nhwc);
      }
    }
    inputBuffer.limit(bytes);
    if (!image) {
      long[] shape = inputShape.clone();
      shape[0] = batchSize;
      return typed(step.create(inputBuffer, new Shape(shape), DataType.FLOAT32));
    }
    Shape nhwc = new Shape(batchSize, inputShape[2], inputShape[3], inputShape[1]);
    return typed(step.create(inputBuffer, nhwc, DataType.FLOAT32)).transpose(0, 3, 1, 2);
  }

  private NDArray forward(NDArray x, boolean training) {
    NDList out = block.forward(store, new NDList(x), training);
    return out.singletonOrThrow();
  }

  /**
   * Cross-entropy of {@code logits / temperature}: the batch mean, or the sum over the batch. The log-probabilities
   * of the labels are gathered ({@code torch.gather}), not multiplied with a one-hot matrix.
   */
  private NDArray crossEntropy(NDManager step, NDArray logits, int[] labels, double temperature, boolean mean) {
    NDArray z = temperature == 1.0 ? logits : logits.div(temperature);
    long[] l = new long[labels.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = labels[i];
    }
    NDArray picked = z.logSoftmax(1).gather(step.create(l, new Shape(l.length, 1)), 1);
    NDArray total = picked.sum().neg();
    return mean ? total.div(labels.length) : total;
  }

  private void zeroGradients() {
    for (String name : trainableNames()) {
      JniUtils.zeroGrad((PtNDArray) array(name));
    }
  }

  /** Copies {@code values} into {@code target} in place (the array object, and its gradient slot, stay). */
  private void copyInto(NDManager step, NDArray target, float[] values) {
    target.set(new NDIndex("..."), typed(step.create(values, target.getShape())));
  }

  /** {@code a} (float32, made from Java floats) in the model's data type. */
  private NDArray typed(NDArray a) {
    return a.getDataType() == dataType ? a : a.toType(dataType, false);
  }

  /** The values of {@code a} as floats, whatever the model's data type. */
  private static float[] floats(NDArray a) {
    return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
  }

  private static long[] toLong(int[] shape) {
    long[] out = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[i];
    }
    return out;
  }
}
