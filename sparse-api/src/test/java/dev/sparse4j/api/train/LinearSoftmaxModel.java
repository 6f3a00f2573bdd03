package dev.sparse4j.api.train;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.SparseModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A pure-Java reference {@link SparseModel} for tests: {@code Flatten → Linear("fc")}, i.e. a linear softmax
 * classifier with parameters {@code fc.weight [K, F]} and {@code fc.bias [K]}.
 *
 * <p>Optimizers follow PyTorch exactly, in float32: {@code torch.optim.SGD} (d = g + wd·p; buf = μ·buf + d, the
 * first buffer being d itself; Nesterov d + μ·buf, else buf; p -= lr·d; dampening 0) and {@code torch.optim.Adam}
 * (L2 weight decay added to the gradient, bias-corrected moments). Masks zero the weight gradient at pruned
 * positions and are re-applied to the weights and to every optimizer slot after each step, so pruned weights are
 * exactly 0.0 and their momentum stays 0. Deterministic: the same inputs give bit-identical results.
 *
 * <p>Optimizer state names: SGD {@code fc.weight.momentum}, {@code fc.bias.momentum} (present once a step with
 * momentum was taken); Adam {@code <param>.exp_avg}, {@code <param>.exp_avg_sq} and {@code step} (one value).
 */
public class LinearSoftmaxModel implements SparseModel {
  static final String WEIGHT = "fc.weight";
  static final String BIAS = "fc.bias";

  private final ModelSpec spec;
  private final int in;
  private final int classes;
  private final float[] weight;
  private final float[] bias;
  private MaskSet masks = MaskSet.empty();
  private OptimizerConfig optimizer;
  private final Map<String, float[]> slots = new LinkedHashMap<>();
  private int adamStep;
  private boolean closed;

  /**
   * A model with PyTorch's default {@code nn.Linear} initialisation (uniform in ±1/√F for weight and bias), drawn
   * from {@code seed}.
   */
  public LinearSoftmaxModel(int[] inputShape, int numClasses, long seed) {
    this.spec = new ModelSpec("linear-softmax", inputShape, numClasses,
        Sequential.of("", new Flatten(""), new Linear("fc", Arrays.stream(inputShape).reduce(1, (a, b) -> a * b),
            numClasses, true)), Map.of());
    this.in = spec.inputSize();
    this.classes = numClasses;
    this.weight = new float[classes * in];
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
  public String backendId() {
    return "java-reference";
  }

  @Override
  public List<ParamSpec> parameters() {
    return spec.parameters();
  }

  @Override
  public float[] values(String name) {
    return param(name).clone();
  }

  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> s = new LinkedHashMap<>();
    s.put(WEIGHT, weight.clone());
    s.put(BIAS, bias.clone());
    return s;
  }

  @Override
  public void loadState(Map<String, float[]> state) {
    for (String k : state.keySet()) {
      if (!k.equals(WEIGHT) && !k.equals(BIAS)) {
        throw new IllegalArgumentException("unknown tensor '" + k + "'");
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
    for (Map.Entry<String, Mask> e : masks.asMap().entrySet()) {
      if (!e.getKey().equals(WEIGHT)) {
        throw new IllegalArgumentException("parameter '" + e.getKey() + "' is unknown or not prunable");
      }
      if (!Arrays.equals(e.getValue().shape(), new int[] {classes, in})) {
        throw new IllegalArgumentException("mask of " + WEIGHT + " has shape " + Arrays.toString(e.getValue().shape()));
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
    checkInputs(inputs, batchSize);
    return forward(inputs, batchSize);
  }

  @Override
  public void setOptimizer(OptimizerConfig config) {
    this.optimizer = config;
    slots.clear();
    adamStep = 0;
  }

  @Override
  public StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate) {
    if (optimizer == null) {
      throw new IllegalStateException("call setOptimizer first");
    }
    checkInputs(inputs, batchSize);
    if (labels.length != batchSize) {
      throw new IllegalArgumentException(labels.length + " labels for a batch of " + batchSize);
    }
    float[] z = forward(inputs, batchSize);
    double loss = 0;
    int correct = 0;
    float[] dz = new float[z.length];
    for (int i = 0; i < batchSize; i++) {
      double[] p = softmax(z, i * classes, 1.0);
      loss -= Math.log(p[labels[i]]);
      if (argmax(z, i * classes) == labels[i]) {
        correct++;
      }
      for (int k = 0; k < classes; k++) {
        dz[i * classes + k] = (float) ((p[k] - (k == labels[i] ? 1 : 0)) / batchSize);
      }
    }
    float[][] g = gradients(inputs, batchSize, dz);
    update(WEIGHT, weight, g[0], learningRate);
    update(BIAS, bias, g[1], learningRate);
    remask();
    return new StepResult(loss / batchSize, correct, batchSize);
  }

  @Override
  public Map<String, float[]> optimizerState() {
    Map<String, float[]> s = new LinkedHashMap<>();
    slots.forEach((k, v) -> s.put(k, v.clone()));
    if (optimizer != null && optimizer.kind() == OptimizerConfig.Kind.ADAM && adamStep > 0) {
      s.put("step", new float[] {adamStep});
    }
    return s;
  }

  @Override
  public void loadOptimizerState(Map<String, float[]> state) {
    slots.clear();
    adamStep = 0;
    state.forEach((k, v) -> {
      if (k.equals("step")) {
        adamStep = (int) v[0];
      } else {
        String p = k.substring(0, k.lastIndexOf('.'));
        if (param(p).length != v.length) {
          throw new IllegalArgumentException("optimizer slot '" + k + "' has " + v.length + " values");
        }
        slots.put(k, v.clone());
      }
    });
    remask();
  }

  @Override
  public float[] inputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    checkInputs(inputs, batchSize);
    float[] z = forward(inputs, batchSize);
    float[] out = new float[batchSize * in];
    for (int i = 0; i < batchSize; i++) {
      double[] p = softmax(z, i * classes, temperature);
      for (int k = 0; k < classes; k++) {
        double d = (p[k] - (k == targets[i] ? 1 : 0)) / temperature;
        for (int j = 0; j < in; j++) {
          out[i * in + j] += (float) (d * weight[k * in + j]);
        }
      }
    }
    return out;
  }

  @Override
  public Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode) {
    checkInputs(inputs, batchSize);
    float[] z = forward(inputs, batchSize);
    float[] dz = new float[z.length];
    for (int i = 0; i < batchSize; i++) {
      double[] p = softmax(z, i * classes, 1.0);
      for (int k = 0; k < classes; k++) {
        dz[i * classes + k] = (float) ((p[k] - (k == labels[i] ? 1 : 0)) / batchSize);
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

  private float[] param(String name) {
    return switch (name) {
      case WEIGHT -> weight;
      case BIAS -> bias;
      default -> throw new IllegalArgumentException("unknown parameter '" + name + "'");
    };
  }

  private void checkInputs(float[] inputs, int batchSize) {
    if (inputs.length != batchSize * in) {
      throw new IllegalArgumentException(
          inputs.length + " input values for a batch of " + batchSize + " × " + in);
    }
  }

  private float[] forward(float[] x, int n) {
    float[] z = new float[n * classes];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < classes; k++) {
        float s = bias[k];
        for (int j = 0; j < in; j++) {
          s += weight[k * in + j] * x[i * in + j];
        }
        z[i * classes + k] = s;
      }
    }
    return z;
  }

  /** Mean-loss gradients {weight, bias} for output gradients {@code dz}; the weight gradient is masked. */
  private float[][] gradients(float[] x, int n, float[] dz) {
    float[] gw = new float[weight.length];
    float[] gb = new float[bias.length];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < classes; k++) {
        float d = dz[i * classes + k];
        gb[k] += d;
        for (int j = 0; j < in; j++) {
          gw[k * in + j] += d * x[i * in + j];
        }
      }
    }
    if (masks.contains(WEIGHT)) {
      masks.apply(WEIGHT, gw);
    }
    return new float[][] {gw, gb};
  }

  private void update(String name, float[] p, float[] g, double learningRate) {
    float lr = (float) learningRate;
    float wd = (float) optimizer.weightDecay();
    if (optimizer.kind() == OptimizerConfig.Kind.SGD) {
      float mu = (float) optimizer.momentum();
      float[] buf = mu != 0 ? slots.get(name + ".momentum") : null;
      boolean first = mu != 0 && buf == null;
      if (first) {
        buf = new float[p.length];
        slots.put(name + ".momentum", buf);
      }
      for (int i = 0; i < p.length; i++) {
        float d = g[i] + wd * p[i];
        if (mu != 0) {
          buf[i] = first ? d : mu * buf[i] + d;
          d = optimizer.nesterov() ? d + mu * buf[i] : buf[i];
        }
        p[i] -= lr * d;
      }
    } else {
      if (name.equals(WEIGHT)) {
        adamStep++;
      }
      float b1 = (float) optimizer.beta1();
      float b2 = (float) optimizer.beta2();
      float[] m = slots.computeIfAbsent(name + ".exp_avg", k -> new float[p.length]);
      float[] v = slots.computeIfAbsent(name + ".exp_avg_sq", k -> new float[p.length]);
      double c1 = 1 - Math.pow(b1, adamStep);
      double c2 = 1 - Math.pow(b2, adamStep);
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

  private int argmax(float[] z, int off) {
    int best = 0;
    for (int k = 1; k < classes; k++) {
      if (z[off + k] > z[off + best]) {
        best = k;
      }
    }
    return best;
  }
}
