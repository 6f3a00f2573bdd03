package dev.sparse4j.tck;

import dev.sparse4j.api.Logits;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.StepResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A pure-Java {@link SparseModel} for a flatten + linear softmax classifier with exact closed-form gradients, for
 * testing algorithms (attacks, pruners, trainers, evaluators) without an engine. The network is
 * {@code Flatten → Linear("fc")}: logits {@code z = W·x + b} with parameters {@code fc.weight [K, F]} and
 * {@code fc.bias [K]}, where {@code F} is the product of the input shape and {@code K} the class count. It has no
 * normalisation layers, so training and evaluation mode coincide.
 *
 * <p><b>Gradients</b> (with {@code p = softmax(z / T)} and {@code e_y} the one-hot label), accumulated in
 * {@code double} and returned as {@code float}:
 * <ul>
 *   <li>{@link #inputGradient}: example {@code i}'s own loss {@code CE(z_i / T, y_i)} differentiated with respect to
 *       {@code x_i}, i.e. row {@code i} = {@code Wᵀ (p_i − e_{y_i}) / T} (the summed loss, so rows are not divided
 *       by the batch size);</li>
 *   <li>{@link #parameterGradients}: the mean loss at {@code T = 1}: {@code ∂/∂W = (1/n) Σ_i (p_i − e_{y_i}) x_iᵀ},
 *       {@code ∂/∂b = (1/n) Σ_i (p_i − e_{y_i})}, raw (entries of pruned weights are not zeroed).</li>
 * </ul>
 *
 * <p><b>Optimizers</b> follow PyTorch exactly, in float32: {@code torch.optim.SGD} (d = g + wd·p; buf = μ·buf + d
 * from a zero buffer, which equals PyTorch's "first buffer is d"; Nesterov d + μ·buf, else buf; p −= lr·d;
 * dampening 0) and {@code torch.optim.Adam} (L2 weight decay added to the gradient, bias-corrected moments). Masks
 * zero the weight gradient at pruned positions in {@link #trainStep} and are re-applied to the weights and to every
 * optimizer slot after each step, so pruned weights are exactly 0.0 and their optimizer state stays 0.
 *
 * <p><b>Optimizer state</b> (as the {@link SparseModel#optimizerState()} contract names it): after
 * {@link #setOptimizer}, {@code fc.weight.momentum} and {@code fc.bias.momentum} for SGD with momentum,
 * {@code <param>.adam_m} and {@code <param>.adam_v} for Adam, all zero, and {@code step} (steps taken since
 * {@link #setOptimizer}).
 *
 * <p>Deterministic (the same calls give bit-identical results), not thread-safe; {@link #close()} is idempotent and
 * makes every later call throw {@link IllegalStateException}. The class is not final so tests can intercept calls.
 */
public class LinearSoftmaxModel implements SparseModel {
  /** Name of the weight matrix {@code [K, F]}. */
  public static final String WEIGHT = "fc.weight";
  /** Name of the bias vector {@code [K]}. */
  public static final String BIAS = "fc.bias";
  /** What {@link #backendId()} returns. */
  public static final String BACKEND_ID = "java-reference";

  private static final String STEP = "step";

  private final ModelSpec spec;
  private final int in;
  private final int classes;
  private final float[] weight;
  private final float[] bias;
  private MaskSet masks = MaskSet.empty();
  private OptimizerConfig optimizer;
  private final Map<String, float[]> slots = new LinkedHashMap<>();
  private int steps;
  private boolean closed;

  /**
   * A model with PyTorch's default {@code nn.Linear} initialisation (uniform in ±1/√F for weight and bias), drawn
   * from {@code seed}.
   *
   * @param inputShape per-example input shape, e.g. {@code [1, 28, 28]} or {@code [F]}
   * @param numClasses number of classes K ≥ 1
   * @param seed initialisation seed
   * @throws IllegalArgumentException for an empty or non-positive shape or {@code numClasses < 1}
   */
  public LinearSoftmaxModel(int[] inputShape, int numClasses, long seed) {
    Objects.requireNonNull(inputShape, "inputShape");
    if (inputShape.length == 0) {
      throw new IllegalArgumentException("input shape must have at least one dimension, got []");
    }
    long features = 1;
    for (int d : inputShape) {
      if (d < 1) {
        throw new IllegalArgumentException("input dimensions must be ≥ 1, got " + Arrays.toString(inputShape));
      }
      features *= d;
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be ≥ 1, got " + numClasses);
    }
    this.spec = new ModelSpec("linear-softmax", inputShape, numClasses,
        Sequential.of("", new Flatten(""), new Linear("fc", Math.toIntExact(features), numClasses, true)), Map.of());
    this.in = spec.inputSize();
    this.classes = numClasses;
    this.weight = new float[Math.multiplyExact(classes, in)];
    this.bias = new float[classes];
    SplittableRandom r = new SplittableRandom(seed);
    double bound = 1 / Math.sqrt(in);
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
    }
    for (int i = 0; i < bias.length; i++) {
      bias[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
    }
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS);
  }

  @Override
  public String backendId() {
    return BACKEND_ID;
  }

  @Override
  public List<ParamSpec> parameters() {
    return spec.parameters();
  }

  @Override
  public float[] values(String name) {
    open();
    return param(name).clone();
  }

  @Override
  public Map<String, float[]> state() {
    open();
    Map<String, float[]> s = new LinkedHashMap<>();
    s.put(WEIGHT, weight.clone());
    s.put(BIAS, bias.clone());
    return s;
  }

  @Override
  public void loadState(Map<String, float[]> state) {
    open();
    Objects.requireNonNull(state, "state");
    for (String k : state.keySet()) {
      if (!k.equals(WEIGHT) && !k.equals(BIAS)) {
        throw new IllegalArgumentException("unknown tensor '" + k + "'; this model has " + WEIGHT + " and " + BIAS);
      }
    }
    for (String k : List.of(WEIGHT, BIAS)) {
      float[] v = state.get(k);
      if (v == null) {
        throw new IllegalArgumentException("missing tensor '" + k + "'");
      }
      if (v.length != param(k).length) {
        throw new IllegalArgumentException(
            "tensor '" + k + "' has " + v.length + " values, expected " + param(k).length);
      }
    }
    System.arraycopy(state.get(WEIGHT), 0, weight, 0, weight.length);
    System.arraycopy(state.get(BIAS), 0, bias, 0, bias.length);
    remask();
  }

  @Override
  public void applyMasks(MaskSet masks) {
    open();
    Objects.requireNonNull(masks, "masks (use MaskSet.empty() for a dense model)");
    for (Map.Entry<String, Mask> e : masks.asMap().entrySet()) {
      if (!e.getKey().equals(WEIGHT)) {
        throw new IllegalArgumentException("parameter '" + e.getKey() + "' is unknown or not prunable; only "
            + WEIGHT + " is");
      }
      if (!Arrays.equals(e.getValue().shape(), new int[] {classes, in})) {
        throw new IllegalArgumentException("mask of " + WEIGHT + " has shape " + Arrays.toString(e.getValue().shape())
            + ", expected " + Arrays.toString(new int[] {classes, in}));
      }
    }
    this.masks = masks;
    remask();
  }

  @Override
  public MaskSet masks() {
    return masks;
  }

  @Override
  public float[] logits(float[] inputs, int batchSize) {
    open();
    checkInputs(inputs, batchSize);
    return forward(inputs, batchSize);
  }

  @Override
  public void setOptimizer(OptimizerConfig config) {
    open();
    this.optimizer = Objects.requireNonNull(config, "optimizer config");
    slots.clear();
    steps = 0;
    for (String p : List.of(WEIGHT, BIAS)) {
      if (config.kind() == OptimizerConfig.Kind.ADAM) {
        slots.put(p + ".adam_m", new float[param(p).length]);
        slots.put(p + ".adam_v", new float[param(p).length]);
      } else if (config.momentum() != 0) {
        slots.put(p + ".momentum", new float[param(p).length]);
      }
    }
  }

  @Override
  public StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate) {
    open();
    if (optimizer == null) {
      throw new IllegalStateException("call setOptimizer before trainStep");
    }
    checkInputs(inputs, batchSize);
    checkLabels(labels, batchSize);
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and ≥ 0, got " + learningRate);
    }
    float[] z = forward(inputs, batchSize);
    double loss = 0;
    int correct = 0;
    double[] dz = new double[z.length];
    for (int i = 0; i < batchSize; i++) {
      double[] p = softmax(z, i * classes, 1.0);
      loss += crossEntropy(z, i * classes, labels[i]);
      if (Logits.argmax(z, i, classes) == labels[i]) {
        correct++;
      }
      for (int k = 0; k < classes; k++) {
        dz[i * classes + k] = (p[k] - (k == labels[i] ? 1 : 0)) / batchSize;
      }
    }
    float[][] g = gradients(inputs, batchSize, dz);
    if (masks.contains(WEIGHT)) {
      masks.apply(WEIGHT, g[0]);
    }
    steps++;
    update(WEIGHT, weight, g[0], learningRate);
    update(BIAS, bias, g[1], learningRate);
    remask();
    return new StepResult(loss / batchSize, correct, batchSize);
  }

  @Override
  public Map<String, float[]> optimizerState() {
    open();
    Map<String, float[]> s = new LinkedHashMap<>();
    if (optimizer == null) {
      return s;
    }
    slots.forEach((k, v) -> s.put(k, v.clone()));
    s.put(STEP, new float[] {steps});
    return s;
  }

  @Override
  public void loadOptimizerState(Map<String, float[]> state) {
    open();
    if (optimizer == null) {
      throw new IllegalStateException("call setOptimizer before loadOptimizerState");
    }
    Objects.requireNonNull(state, "optimizer state");
    for (Map.Entry<String, float[]> e : state.entrySet()) {
      String k = e.getKey();
      float[] expected = k.equals(STEP) ? new float[1] : slots.get(k);
      if (expected == null) {
        throw new IllegalArgumentException("unknown optimizer entry '" + k + "' for " + optimizer.kind()
            + "; expected " + expectedEntries());
      }
      if (e.getValue() == null || e.getValue().length != expected.length) {
        throw new IllegalArgumentException("optimizer entry '" + k + "' has "
            + (e.getValue() == null ? "no" : e.getValue().length) + " values, expected " + expected.length);
      }
    }
    for (String k : expectedEntries()) {
      if (!state.containsKey(k)) {
        throw new IllegalArgumentException("missing optimizer entry '" + k + "'; expected " + expectedEntries());
      }
    }
    float step = state.get(STEP)[0];
    if (!(step >= 0) || step != Math.rint(step)) {
      throw new IllegalArgumentException("optimizer entry 'step' must be a whole number ≥ 0, got " + step);
    }
    slots.replaceAll((k, v) -> state.get(k).clone());
    steps = (int) step;
    remask();
  }

  @Override
  public float[] inputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    open();
    checkInputs(inputs, batchSize);
    checkLabels(targets, batchSize);
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
    }
    float[] z = forward(inputs, batchSize);
    float[] out = new float[batchSize * in];
    double[] row = new double[in];
    for (int i = 0; i < batchSize; i++) {
      double[] p = softmax(z, i * classes, temperature);
      Arrays.fill(row, 0);
      for (int k = 0; k < classes; k++) {
        // d CE(z/T, y) / d z_k = (p_k − 1[k = y]) / T; then through z = W·x + b.
        double d = (p[k] - (k == targets[i] ? 1 : 0)) / temperature;
        int off = k * in;
        for (int j = 0; j < in; j++) {
          row[j] += d * weight[off + j];
        }
      }
      for (int j = 0; j < in; j++) {
        out[i * in + j] = (float) row[j];
      }
    }
    return out;
  }

  @Override
  public Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode) {
    open();
    checkInputs(inputs, batchSize);
    checkLabels(labels, batchSize);
    float[] z = forward(inputs, batchSize);
    double[] dz = new double[z.length];
    for (int i = 0; i < batchSize; i++) {
      double[] p = softmax(z, i * classes, 1.0);
      for (int k = 0; k < classes; k++) {
        dz[i * classes + k] = (p[k] - (k == labels[i] ? 1 : 0)) / batchSize;
      }
    }
    float[][] g = gradients(inputs, batchSize, dz);
    Map<String, float[]> out = new LinkedHashMap<>();
    out.put(WEIGHT, g[0]);
    out.put(BIAS, g[1]);
    return out;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("model " + spec.name() + " is closed");
    }
  }

  private float[] param(String name) {
    return switch (name) {
      case WEIGHT -> weight;
      case BIAS -> bias;
      default -> throw new IllegalArgumentException("unknown parameter '" + name + "'; this model has " + WEIGHT
          + " and " + BIAS);
    };
  }

  private List<String> expectedEntries() {
    List<String> names = new java.util.ArrayList<>(slots.keySet());
    names.add(STEP);
    return names;
  }

  private void checkInputs(float[] inputs, int batchSize) {
    Objects.requireNonNull(inputs, "inputs");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
    }
    if (inputs.length != (long) batchSize * in) {
      throw new IllegalArgumentException(
          inputs.length + " input values for a batch of " + batchSize + " × " + in + " (expected "
              + (long) batchSize * in + ")");
    }
  }

  private void checkLabels(int[] labels, int batchSize) {
    Objects.requireNonNull(labels, "labels");
    if (labels.length != batchSize) {
      throw new IllegalArgumentException(labels.length + " labels for a batch of " + batchSize);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " at index " + i + " is outside [0, " + classes + ")");
      }
    }
  }

  private float[] forward(float[] x, int n) {
    float[] z = new float[n * classes];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < classes; k++) {
        double s = bias[k];
        int wOff = k * in;
        int xOff = i * in;
        for (int j = 0; j < in; j++) {
          s += (double) weight[wOff + j] * x[xOff + j];
        }
        z[i * classes + k] = (float) s;
      }
    }
    return z;
  }

  /** Gradients {weight, bias} for output gradients {@code dz} (already scaled), unmasked. */
  private float[][] gradients(float[] x, int n, double[] dz) {
    double[] gw = new double[weight.length];
    double[] gb = new double[bias.length];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < classes; k++) {
        double d = dz[i * classes + k];
        gb[k] += d;
        int wOff = k * in;
        int xOff = i * in;
        for (int j = 0; j < in; j++) {
          gw[wOff + j] += d * x[xOff + j];
        }
      }
    }
    float[] fw = new float[gw.length];
    for (int i = 0; i < gw.length; i++) {
      fw[i] = (float) gw[i];
    }
    float[] fb = new float[gb.length];
    for (int i = 0; i < gb.length; i++) {
      fb[i] = (float) gb[i];
    }
    return new float[][] {fw, fb};
  }

  private void update(String name, float[] p, float[] g, double learningRate) {
    float lr = (float) learningRate;
    float wd = (float) optimizer.weightDecay();
    if (optimizer.kind() == OptimizerConfig.Kind.SGD) {
      float mu = (float) optimizer.momentum();
      float[] buf = slots.get(name + ".momentum");
      for (int i = 0; i < p.length; i++) {
        float d = g[i] + wd * p[i];
        if (buf != null) {
          buf[i] = mu * buf[i] + d;
          d = optimizer.nesterov() ? d + mu * buf[i] : buf[i];
        }
        p[i] -= lr * d;
      }
    } else {
      float b1 = (float) optimizer.beta1();
      float b2 = (float) optimizer.beta2();
      float[] m = slots.get(name + ".adam_m");
      float[] v = slots.get(name + ".adam_v");
      double c1 = 1 - Math.pow(b1, steps);
      double c2 = 1 - Math.pow(b2, steps);
      for (int i = 0; i < p.length; i++) {
        float d = g[i] + wd * p[i];
        m[i] = b1 * m[i] + (1 - b1) * d;
        v[i] = b2 * v[i] + (1 - b2) * d * d;
        double denom = Math.sqrt(v[i]) / Math.sqrt(c2) + optimizer.epsilon();
        p[i] -= (float) (lr / c1 * m[i] / denom);
      }
    }
  }

  private void remask() {
    if (masks.contains(WEIGHT)) {
      Mask m = masks.get(WEIGHT);
      m.apply(weight);
      for (Map.Entry<String, float[]> e : slots.entrySet()) {
        if (e.getKey().startsWith(WEIGHT + ".")) {
          m.apply(e.getValue());
        }
      }
    }
  }

  private double[] softmax(float[] z, int off, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      max = Math.max(max, z[off + k] / temperature);
    }
    double[] p = new double[classes];
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      p[k] = Math.exp(z[off + k] / temperature - max);
      sum += p[k];
    }
    for (int k = 0; k < classes; k++) {
      p[k] /= sum;
    }
    return p;
  }

  /** {@code −log softmax(z)_y} computed as {@code logsumexp(z) − z_y} (stable for large logits). */
  private double crossEntropy(float[] z, int off, int y) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      max = Math.max(max, z[off + k]);
    }
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      sum += Math.exp(z[off + k] - max);
    }
    return max + Math.log(sum) - z[off + y];
  }

}
