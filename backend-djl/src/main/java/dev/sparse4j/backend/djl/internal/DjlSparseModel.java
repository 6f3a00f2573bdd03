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
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.train.OptimizerConfig;
import dev.sparse4j.api.train.StepResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 */
final class DjlSparseModel implements SparseModel {
  private final String backendId;
  private final Set<Capability> capabilities;
  private final Engine engine;
  private final ModelSpec spec;
  private final NDManager manager;
  private final Block block;
  private final ParameterStore store;
  private final Map<String, Parameter> tensors;
  private final Map<String, ParamSpec> tensorSpecs = new LinkedHashMap<>();
  private final List<String> trainable = new ArrayList<>();
  private final List<String> buffers = new ArrayList<>();
  private final long[] inputShape;
  private final int inputSize;
  private final int numClasses;
  private final Runnable onClose;

  private MaskSet masks = MaskSet.empty();
  private final Map<String, NDArray> maskArrays = new LinkedHashMap<>();
  private OptimizerConfig optimizer;
  private final Map<String, NDArray> optimizerArrays = new LinkedHashMap<>();
  private long steps;
  private boolean closed;

  DjlSparseModel(String backendId, Set<Capability> capabilities, Engine engine, ModelSpec spec, long seed,
      Runnable onClose) {
    this.backendId = backendId;
    this.capabilities = capabilities;
    this.engine = engine;
    this.spec = spec;
    this.onClose = onClose;
    this.numClasses = spec.numClasses();
    this.inputSize = spec.inputSize();
    int[] in = spec.inputShape();
    this.inputShape = new long[in.length + 1];
    inputShape[0] = 1;
    for (int i = 0; i < in.length; i++) {
      inputShape[i + 1] = in[i];
    }
    for (ParamSpec p : spec.stateTensors()) {
      tensorSpecs.put(p.name(), p);
      (p.kind() == ParamKind.BUFFER ? buffers : trainable).add(p.name());
    }
    SpecCompiler.Compiled compiled = SpecCompiler.compile(spec, seed);
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
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public String backendId() {
    return backendId;
  }

  @Override
  public List<ParamSpec> parameters() {
    return spec.parameters();
  }

  @Override
  public float[] values(String name) {
    checkOpen();
    if (!tensors.containsKey(name)) {
      throw new IllegalArgumentException("model " + spec.name() + " has no tensor '" + name + "'; tensors: "
          + abbreviate(tensors.keySet()));
    }
    return inStep(step -> array(name).toFloatArray());
  }

  @Override
  public Map<String, float[]> state() {
    checkOpen();
    return inStep(step -> {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (String name : tensors.keySet()) {
        out.put(name, array(name).toFloatArray());
      }
      return out;
    });
  }

  @Override
  public void loadState(Map<String, float[]> state) {
    checkOpen();
    Objects.requireNonNull(state, "state");
    for (String key : state.keySet()) {
      if (!tensorSpecs.containsKey(key)) {
        throw new IllegalArgumentException("state has an unknown tensor '" + key + "'; model " + spec.name()
            + " has: " + abbreviate(tensorSpecs.keySet()));
      }
    }
    for (ParamSpec p : tensorSpecs.values()) {
      float[] v = state.get(p.name());
      if (v == null) {
        throw new IllegalArgumentException("state is missing tensor '" + p.name() + "' (shape " + p.shapeString()
            + "); a state must hold every parameter and buffer of model " + spec.name());
      }
      if (v.length != p.numel()) {
        throw new IllegalArgumentException("tensor '" + p.name() + "' has " + v.length + " values but shape "
            + p.shapeString() + " needs " + p.numel());
      }
    }
    inStep(step -> noGrad(() -> {
      for (ParamSpec p : tensorSpecs.values()) {
        copyInto(step, array(p.name()), state.get(p.name()));
      }
      maskWeights();
      return null;
    }));
  }

  @Override
  public void applyMasks(MaskSet newMasks) {
    checkOpen();
    Objects.requireNonNull(newMasks, "masks");
    for (Map.Entry<String, Mask> e : newMasks.asMap().entrySet()) {
      String name = e.getKey();
      ParamSpec p = tensorSpecs.get(name);
      if (p == null) {
        throw new IllegalArgumentException("mask for unknown parameter '" + name + "'; prunable parameters of model "
            + spec.name() + ": " + abbreviate(spec.prunable().stream().map(ParamSpec::name).toList()));
      }
      if (!p.prunable()) {
        throw new IllegalArgumentException("parameter '" + name + "' (" + p.kind() + ", shape " + p.shapeString()
            + ") is not prunable; only conv and linear weights can be masked");
      }
      if (!Arrays.equals(e.getValue().shape(), p.shape())) {
        throw new IllegalArgumentException("mask for '" + name + "' has shape "
            + ParamSpec.shapeString(e.getValue().shape()) + " but the parameter has shape " + p.shapeString());
      }
    }
    maskArrays.values().forEach(NDArray::close);
    maskArrays.clear();
    for (Map.Entry<String, Mask> e : newMasks.asMap().entrySet()) {
      NDArray m = manager.create(e.getValue().toFloats(), new Shape(toLong(e.getValue().shape())));
      maskArrays.put(e.getKey(), m);
    }
    masks = newMasks;
    inStep(step -> noGrad(() -> {
      maskWeights();
      maskOptimizerState();
      return null;
    }));
  }

  @Override
  public MaskSet masks() {
    return masks;
  }

  @Override
  public float[] logits(float[] inputs, int batchSize) {
    checkOpen();
    checkInputs(inputs, batchSize);
    return inStep(step -> noGrad(() -> forward(input(step, inputs, batchSize), false).toFloatArray()));
  }

  @Override
  public void setOptimizer(OptimizerConfig config) {
    checkOpen();
    Objects.requireNonNull(config, "optimizer config");
    optimizerArrays.values().forEach(NDArray::close);
    optimizerArrays.clear();
    for (String name : trainable) {
      Shape shape = new Shape(toLong(tensorSpecs.get(name).shape()));
      if (config.kind() == OptimizerConfig.Kind.SGD) {
        if (config.momentum() > 0) {
          optimizerArrays.put(name + ".momentum", manager.zeros(shape));
        }
      } else {
        optimizerArrays.put(name + ".adam_m", manager.zeros(shape));
        optimizerArrays.put(name + ".adam_v", manager.zeros(shape));
      }
    }
    optimizer = config;
    steps = 0;
  }

  @Override
  public StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate) {
    checkOpen();
    require(Capability.TRAIN);
    if (optimizer == null) {
      throw new IllegalStateException("no optimizer set; call setOptimizer(...) before trainStep");
    }
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and ≥ 0, got " + learningRate);
    }
    checkInputs(inputs, batchSize);
    checkLabels(labels, batchSize);
    return inStep(step -> {
      zeroGradients();
      NDArray x = input(step, inputs, batchSize);
      float loss;
      float[] out;
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray logits = forward(x, true);
        NDArray l = crossEntropy(step, logits, labels, 1.0, true);
        collector.backward(l);
        loss = l.getFloat();
        out = logits.toFloatArray();
      }
      noGrad(() -> {
        update(learningRate);
        return null;
      });
      zeroGradients();
      steps++;
      return new StepResult(loss, correct(out, labels), batchSize);
    });
  }

  @Override
  public Map<String, float[]> optimizerState() {
    checkOpen();
    if (optimizer == null) {
      return Map.of();
    }
    return inStep(step -> {
      Map<String, float[]> out = new LinkedHashMap<>();
      optimizerArrays.forEach((k, v) -> out.put(k, v.toFloatArray()));
      out.put("step", new float[] {steps});
      return out;
    });
  }

  @Override
  public void loadOptimizerState(Map<String, float[]> state) {
    checkOpen();
    Objects.requireNonNull(state, "optimizer state");
    if (optimizer == null) {
      throw new IllegalStateException("no optimizer set; call setOptimizer(...) before loadOptimizerState");
    }
    Set<String> expected = new LinkedHashSet<>(optimizerArrays.keySet());
    expected.add("step");
    for (String key : state.keySet()) {
      if (!expected.contains(key)) {
        throw new IllegalArgumentException("optimizer state has an unknown entry '" + key + "' for a "
            + optimizer.kind() + " optimizer; expected: " + abbreviate(expected));
      }
    }
    for (String key : expected) {
      float[] v = state.get(key);
      if (v == null) {
        throw new IllegalArgumentException("optimizer state is missing entry '" + key + "' (the state must come from a "
            + optimizer.kind() + " optimizer with the same settings)");
      }
      long n = key.equals("step") ? 1 : optimizerArrays.get(key).size();
      if (v.length != n) {
        throw new IllegalArgumentException("optimizer state entry '" + key + "' has " + v.length + " values but needs "
            + n);
      }
    }
    float s = state.get("step")[0];
    if (!(s >= 0) || s != Math.rint(s)) {
      throw new IllegalArgumentException("optimizer state 'step' must be a whole number ≥ 0, got " + s);
    }
    inStep(step -> noGrad(() -> {
      optimizerArrays.forEach((k, v) -> copyInto(step, v, state.get(k)));
      maskOptimizerState();
      return null;
    }));
    steps = (long) s;
  }

  @Override
  public float[] inputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    checkOpen();
    require(Capability.INPUT_GRADIENTS);
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
    }
    checkInputs(inputs, batchSize);
    checkLabels(targets, batchSize);
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
  public Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode) {
    return parameterGradients(inputs, labels, batchSize, trainMode, 1.0);
  }

  @Override
  public Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode,
      double temperature) {
    checkOpen();
    require(Capability.PARAM_GRADIENTS);
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
    }
    checkInputs(inputs, batchSize);
    checkLabels(labels, batchSize);
    return gradients(trainMode, (step, x) -> crossEntropy(step, forward(x, trainMode), labels, temperature, true),
        inputs, batchSize);
  }

  @Override
  public Map<String, float[]> outputSumGradients(float[] inputs, int batchSize) {
    checkOpen();
    require(Capability.PARAM_GRADIENTS);
    checkInputs(inputs, batchSize);
    return gradients(false, (step, x) -> forward(x, false).sum(), inputs, batchSize);
  }

  /**
   * Double backward on fresh leaf copies of the parameters (a {@link ParameterStore} that hands the copies to the
   * blocks), so the model's own gradient slots never hold a graph: the first backward builds a graph of the
   * gradients ({@code create_graph}), the copies' gradients are zeroed in place (the graph of {@code z} does not use
   * their values), and the backward of {@code z = Σ_p grad_p · v_p} leaves {@code H v} in them. The copies, their
   * gradients and both graphs are released with the step's manager.
   */
  @Override
  public Map<String, float[]> hessianVectorProduct(float[] inputs, int[] labels, int batchSize, boolean trainMode,
      double temperature, Map<String, float[]> vector) {
    checkOpen();
    require(Capability.DOUBLE_BACKWARD);
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
    }
    checkInputs(inputs, batchSize);
    checkLabels(labels, batchSize);
    Objects.requireNonNull(vector, "vector");
    if (vector.isEmpty()) {
      throw new IllegalArgumentException("the vector names no parameter; give one array per trainable parameter");
    }
    vector.forEach((name, v) -> {
      if (!trainable.contains(name)) {
        throw new IllegalArgumentException("the vector names '" + name + "', which is not a trainable parameter of "
            + "model " + spec.name() + "; trainable parameters: " + abbreviate(trainable));
      }
      if (v.length != tensorSpecs.get(name).numel()) {
        throw new IllegalArgumentException("the vector for '" + name + "' has " + v.length + " values but shape "
            + tensorSpecs.get(name).shapeString() + " needs " + tensorSpecs.get(name).numel());
      }
    });
    return inStep(step -> {
      Map<String, float[]> saved = new LinkedHashMap<>();
      if (trainMode) {
        for (String b : buffers) {
          saved.put(b, array(b).toFloatArray());
        }
      }
      Map<Parameter, NDArray> leaves = new IdentityHashMap<>();
      Map<String, NDArray> byName = new LinkedHashMap<>();
      noGrad(() -> {
        for (String name : trainable) {
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
      noGrad(() -> {
        saved.forEach((b, v) -> copyInto(step, array(b), v));
        return null;
      });
      return out;
    });
  }

  /**
   * Gradients of the scalar {@code objective} with respect to every trainable parameter. Batch-norm in training
   * mode updates its running statistics in place, so they are saved and restored around the pass.
   */
  private Map<String, float[]> gradients(boolean trainMode, BiFunction<NDManager, NDArray, NDArray> objective,
      float[] inputs, int batchSize) {
    return inStep(step -> {
      Map<String, float[]> saved = new LinkedHashMap<>();
      if (trainMode) {
        for (String b : buffers) {
          saved.put(b, array(b).toFloatArray());
        }
      }
      zeroGradients();
      NDArray x = input(step, inputs, batchSize);
      try (GradientCollector collector = engine.newGradientCollector()) {
        collector.backward(objective.apply(step, x));
      }
      Map<String, float[]> out = new LinkedHashMap<>();
      for (String name : trainable) {
        out.put(name, array(name).getGradient().toFloatArray());
      }
      zeroGradients();
      noGrad(() -> {
        saved.forEach((b, v) -> copyInto(step, array(b), v));
        return null;
      });
      return out;
    });
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      manager.close();
      onClose.run();
    }
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
    for (String name : trainable) {
      JniUtils.zeroGrad((PtNDArray) array(name));
    }
  }

  /** One optimizer step, PyTorch semantics; pruned gradients are zeroed first and the masks re-applied after. */
  private void update(double lr) {
    OptimizerConfig c = optimizer;
    float wd = (float) c.weightDecay();
    for (String name : trainable) {
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
          NDArray buf = optimizerArrays.get(name + ".momentum");
          // buf starts at zero, so the first step gives buf = d_p exactly as torch.optim.SGD.
          buf.muli(mu).addi(d);
          d = c.nesterov() ? d.add(buf.mul(mu)) : buf;
        }
        w.subi(d.mul((float) lr));
      } else {
        long t = steps + 1;
        NDArray m = optimizerArrays.get(name + ".adam_m");
        NDArray v = optimizerArrays.get(name + ".adam_v");
        m.muli((float) c.beta1()).addi(d.mul((float) (1 - c.beta1())));
        v.muli((float) c.beta2()).addi(d.mul(d).mul((float) (1 - c.beta2())));
        double bc1 = 1 - Math.pow(c.beta1(), t);
        double bc2 = 1 - Math.pow(c.beta2(), t);
        NDArray denom = v.sqrt().div((float) Math.sqrt(bc2)).add((float) c.epsilon());
        w.subi(m.div(denom).mul((float) (lr / bc1)));
      }
      if (mask != null) {
        w.muli(mask);
      }
    }
  }

  private void maskWeights() {
    maskArrays.forEach((name, m) -> array(name).muli(m));
  }

  private void maskOptimizerState() {
    maskArrays.forEach((name, m) -> {
      for (String suffix : List.of(".momentum", ".adam_m", ".adam_v")) {
        NDArray a = optimizerArrays.get(name + suffix);
        if (a != null) {
          a.muli(m);
        }
      }
    });
  }

  /** Copies {@code values} into {@code target} in place (the array object, and its gradient slot, stay). */
  private static void copyInto(NDManager step, NDArray target, float[] values) {
    target.set(new NDIndex("..."), step.create(values, target.getShape()));
  }

  private static int correct(float[] logits, int[] labels) {
    int k = logits.length / labels.length;
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (logits[i * k + j] > logits[i * k + best]) {
          best = j;
        }
      }
      if (best == labels[i]) {
        correct++;
      }
    }
    return correct;
  }

  private void checkInputs(float[] inputs, int batchSize) {
    Objects.requireNonNull(inputs, "inputs");
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if ((long) batchSize * inputSize != inputs.length) {
      throw new IllegalArgumentException("inputs have " + inputs.length + " values but batch " + batchSize
          + " × input size " + inputSize + " (shape " + ParamSpec.shapeString(spec.inputShape()) + ") = "
          + (long) batchSize * inputSize + " are needed");
    }
  }

  private void checkLabels(int[] labels, int batchSize) {
    Objects.requireNonNull(labels, "labels");
    if (labels.length != batchSize) {
      throw new IllegalArgumentException("got " + labels.length + " labels for a batch of " + batchSize);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside [0, " + numClasses
            + ") for model " + spec.name());
      }
    }
  }

  private void require(Capability capability) {
    if (!capabilities.contains(capability)) {
      throw new dev.sparse4j.api.spi.UnsupportedCapabilityException(backendId, capability,
          dev.sparse4j.api.spi.Backends.idsWith(capability));
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model " + spec.name() + " is closed");
    }
  }

  private static long[] toLong(int[] shape) {
    long[] out = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[i];
    }
    return out;
  }

  private static String abbreviate(java.util.Collection<String> names) {
    List<String> list = new ArrayList<>(names);
    if (list.size() <= 12) {
      return list.toString();
    }
    return list.subList(0, 12) + " and " + (list.size() - 12) + " more";
  }
}
