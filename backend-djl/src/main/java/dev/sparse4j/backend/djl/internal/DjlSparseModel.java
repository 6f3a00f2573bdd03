package dev.sparse4j.backend.djl.internal;

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
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.AbstractSparseModel;
import dev.sparse4j.api.train.OptimizerConfig;
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
 * <p>Gradients: PyTorch accumulates parameter gradients across backward passes, so they are zeroed before every
 * backward pass and after every call that computes them. The optimizer runs outside the gradient collector, with
 * autograd off (PyTorch's grad mode is per thread, so it is switched off explicitly).
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
  private final int numClasses;
  private final Runnable onClose;
  /** The noise seed dropout blocks draw from during the current training-mode forward pass. */
  private final AtomicLong noiseSeed = new AtomicLong();

  private final Map<String, NDArray> maskArrays = new LinkedHashMap<>();
  private final Map<String, NDArray> optimizerArrays = new LinkedHashMap<>();

  DjlSparseModel(String backendId, Set<Capability> capabilities, Engine engine, ModelSpec spec, long seed,
      Runnable onClose) {
    super(backendId, capabilities, spec, seed);
    this.engine = engine;
    this.onClose = onClose;
    this.numClasses = spec.numClasses();
    int[] in = spec.inputShape();
    this.inputShape = new long[in.length + 1];
    inputShape[0] = 1;
    for (int i = 0; i < in.length; i++) {
      inputShape[i + 1] = in[i];
    }
    noiseSeed.set(defaultNoiseSeed());
    SpecCompiler.Compiled compiled = SpecCompiler.compile(spec, seed, noiseSeed::get);
    this.block = compiled.block();
    this.tensors = compiled.tensors();
    this.manager = engine.newBaseManager();
    try {
      noGrad(() -> {
        block.initialize(manager, DataType.FLOAT32, new Shape(inputShape));
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
    return inStep(step -> {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (String name : names) {
        out.put(name, array(name).toFloatArray());
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
    maskArrays.values().forEach(NDArray::close);
    maskArrays.clear();
    active.forEach((name, mask) ->
        maskArrays.put(name, manager.create(mask.toFloats(), new Shape(toLong(mask.shape())))));
  }

  @Override
  protected float[] forwardLogits(float[] inputs, int batchSize) {
    return inStep(step -> noGrad(() -> forward(input(step, inputs, batchSize), false).toFloatArray()));
  }

  @Override
  protected void resetOptimizerState(OptimizerConfig config, Map<String, ParamSpec> entries) {
    optimizerArrays.values().forEach(NDArray::close);
    optimizerArrays.clear();
    entries.forEach((entry, p) -> optimizerArrays.put(entry, manager.zeros(new Shape(toLong(p.shape())))));
  }

  @Override
  protected Map<String, float[]> readOptimizerState(List<String> entries) {
    return inStep(step -> {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (String entry : entries) {
        out.put(entry, optimizerArrays.get(entry).toFloatArray());
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
      zeroGradients();
      NDArray x = input(step, batch.inputs(), batch.batchSize());
      float loss;
      float[] out;
      noiseSeed.set(batch.noiseSeed());
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray logits = forward(x, true);
        NDArray l = crossEntropy(step, logits, batch.labels(), 1.0, true);
        collector.backward(l);
        loss = l.getFloat();
        out = logits.toFloatArray();
      } finally {
        noiseSeed.set(defaultNoiseSeed());
      }
      noGrad(() -> {
        update(batch);
        return null;
      });
      zeroGradients();
      return new StepOutput(loss, out);
    });
  }

  @Override
  protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    return inStep(step -> {
      zeroGradients();
      NDArray x = input(step, inputs, batchSize);
      x.setRequiresGradient(true);
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray logits = forward(x, false);
        collector.backward(crossEntropy(step, logits, targets, temperature, false));
      }
      float[] g = x.getGradient().toFloatArray();
      zeroGradients();
      return g;
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
          out.put(name, byName.get(name).getGradient().toFloatArray());
        }
      }
      return out;
    });
  }

  /** Gradients of the scalar {@code objective} with respect to every trainable parameter. */
  private Map<String, float[]> gradients(BiFunction<NDManager, NDArray, NDArray> objective, float[] inputs,
      int batchSize) {
    return inStep(step -> {
      zeroGradients();
      NDArray x = input(step, inputs, batchSize);
      try (GradientCollector collector = engine.newGradientCollector()) {
        collector.backward(objective.apply(step, x));
      }
      Map<String, float[]> out = new LinkedHashMap<>();
      for (String name : trainableNames()) {
        out.put(name, array(name).getGradient().toFloatArray());
      }
      zeroGradients();
      return out;
    });
  }

  @Override
  protected void release() {
    manager.close();
    onClose.run();
  }

  // ---------------------------------------------------------------- internals

  /** Runs {@code body} with a fresh sub-manager holding the model's arrays temporarily; closes it afterwards. */
  private <T> T inStep(Function<NDManager, T> body) {
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

  private NDArray input(NDManager step, float[] inputs, int batchSize) {
    long[] shape = inputShape.clone();
    shape[0] = batchSize;
    return step.create(inputs, new Shape(shape));
  }

  private NDArray forward(NDArray x, boolean training) {
    NDList out = block.forward(store, new NDList(x), training);
    return out.singletonOrThrow();
  }

  /** Cross-entropy of {@code logits / temperature}: the batch mean, or the sum over the batch. */
  private NDArray crossEntropy(NDManager step, NDArray logits, int[] labels, double temperature, boolean mean) {
    NDArray z = temperature == 1.0 ? logits : logits.div((float) temperature);
    long[] l = new long[labels.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = labels[i];
    }
    NDArray oneHot = step.create(l).oneHot(numClasses);
    NDArray total = z.logSoftmax(1).mul(oneHot).sum().neg();
    return mean ? total.div((float) labels.length) : total;
  }

  private void zeroGradients() {
    for (String name : trainableNames()) {
      JniUtils.zeroGrad((PtNDArray) array(name));
    }
  }

  /**
   * One optimizer step, {@code torch.optim} semantics. Gradients of pruned weights are zeroed first; with pruned
   * weights and their optimizer state at 0.0, every update term of a pruned entry is then 0.0, so the weights need
   * no second mask multiply.
   */
  private void update(TrainingBatch batch) {
    OptimizerConfig c = batch.optimizer();
    double lr = batch.learningRate();
    float wd = (float) c.weightDecay();
    for (String name : trainableNames()) {
      NDArray w = array(name);
      NDArray g = w.getGradient();
      NDArray mask = maskArrays.get(name);
      if (mask != null) {
        // In place: the gradient is cleared after the update anyway, and this saves one allocation per tensor.
        g.muli(mask);
      }
      NDArray d = wd != 0 ? g.add(w.mul(wd)) : g;
      if (c.kind() == OptimizerConfig.Kind.SGD) {
        if (c.momentum() > 0) {
          float mu = (float) c.momentum();
          NDArray buf = optimizerArrays.get(name + MOMENTUM);
          // buf starts at zero, so the first step gives buf = d_p exactly as torch.optim.SGD.
          buf.muli(mu).addi(d);
          d = c.nesterov() ? d.add(buf.mul(mu)) : buf;
        }
        w.subi(d.mul((float) lr));
      } else {
        long t = batch.number();
        NDArray m = optimizerArrays.get(name + ADAM_M);
        NDArray v = optimizerArrays.get(name + ADAM_V);
        m.muli((float) c.beta1()).addi(d.mul((float) (1 - c.beta1())));
        v.muli((float) c.beta2()).addi(d.mul(d).mul((float) (1 - c.beta2())));
        double bc1 = 1 - Math.pow(c.beta1(), t);
        double bc2 = 1 - Math.pow(c.beta2(), t);
        NDArray denom = v.sqrt().div((float) Math.sqrt(bc2)).add((float) c.epsilon());
        w.subi(m.div(denom).mul((float) (lr / bc1)));
      }
    }
  }

  /** Copies {@code values} into {@code target} in place (the array object, and its gradient slot, stay). */
  private static void copyInto(NDManager step, NDArray target, float[] values) {
    target.set(new NDIndex("..."), step.create(values, target.getShape()));
  }

  private static long[] toLong(int[] shape) {
    long[] out = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[i];
    }
    return out;
  }
}
