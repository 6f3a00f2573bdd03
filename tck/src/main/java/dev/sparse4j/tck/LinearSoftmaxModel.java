package dev.sparse4j.tck;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.AbstractSparseModel;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseModel;
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
 *   <li>{@link #parameterGradients}: the mean loss at {@code T = 1} (at temperature {@code T} the
 *       same divided by {@code T}): {@code ∂/∂W = (1/n) Σ_i (p_i − e_{y_i}) x_iᵀ},
 *       {@code ∂/∂b = (1/n) Σ_i (p_i − e_{y_i})}, raw (entries of pruned weights are not zeroed).</li>
 * </ul>
 *
 * <p><b>Optimizers</b> follow PyTorch exactly, in float32: {@code torch.optim.SGD} (d = g + wd·p; buf = μ·buf + d
 * from a zero buffer, which equals PyTorch's "first buffer is d"; Nesterov d + μ·buf, else buf; p −= lr·d;
 * dampening 0) and {@code torch.optim.Adam} (L2 weight decay added to the gradient, bias-corrected moments). Masks
 * zero the weight gradient at pruned positions before the update, so pruned weights stay exactly 0.0 and their
 * optimizer state stays 0 (every update term of a pruned entry is a product with zero).
 *
 * <p><b>Optimizer state</b> (as the {@link SparseModel#optimizerState()} contract names it): after
 * {@link #setOptimizer}, {@code fc.weight.momentum} and {@code fc.bias.momentum} for SGD with momentum,
 * {@code <param>.adam_m} and {@code <param>.adam_v} for Adam, all zero, and {@code step} (steps taken since
 * {@link #setOptimizer}).
 *
 * <p>Built on {@link AbstractSparseModel}, as every engine is, so argument checks, mask bookkeeping and messages are
 * the shared ones; this class holds tensor arithmetic only. Deterministic (the same calls give bit-identical
 * results), not thread-safe; {@link #close()} is idempotent and makes every later call throw
 * {@link IllegalStateException}. The class is not final so tests can intercept its hooks (e.g. {@link #step}).
 */
public class LinearSoftmaxModel extends AbstractSparseModel {
  /** Name of the weight matrix {@code [K, F]}. */
  public static final String WEIGHT = "fc.weight";
  /** Name of the bias vector {@code [K]}. */
  public static final String BIAS = "fc.bias";
  /** What {@link #backendId()} returns. */
  public static final String BACKEND_ID = "java-reference";

  private final int in;
  private final int classes;
  private final float[] weight;
  private final float[] bias;
  private Mask weightMask;
  private final Map<String, float[]> slots = new LinkedHashMap<>();
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
    this(inputShape, numClasses, seed,
        Set.of(Capability.TRAIN, Capability.INPUT_GRADIENTS, Capability.PARAM_GRADIENTS));
  }

  /**
   * The same model declaring only {@code capabilities} (a subset of TRAIN, INPUT_GRADIENTS, PARAM_GRADIENTS), for
   * testing how callers treat a backend that lacks one.
   */
  public LinearSoftmaxModel(int[] inputShape, int numClasses, long seed, Set<Capability> capabilities) {
    super(BACKEND_ID, capabilities, specOf(inputShape, numClasses), seed);
    this.in = spec().inputSize();
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

  private static ModelSpec specOf(int[] inputShape, int numClasses) {
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
    return new ModelSpec("linear-softmax", inputShape, numClasses,
        Sequential.of("", new Flatten(""), new Linear("fc", Math.toIntExact(features), numClasses, true)), Map.of());
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  // ------------------------------------------------------------------------------------------ tensors

  @Override
  protected Map<String, float[]> readTensors(List<String> names) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String n : names) {
      out.put(n, param(n).clone());
    }
    return out;
  }

  @Override
  protected void writeTensors(Map<String, float[]> values) {
    values.forEach((n, v) -> System.arraycopy(v, 0, param(n), 0, v.length));
  }

  @Override
  protected void installMasks(Map<String, Mask> active) {
    weightMask = active.get(WEIGHT);
  }

  @Override
  protected float[] forwardLogits(float[] inputs, int batchSize) {
    return forward(inputs, batchSize);
  }

  @Override
  protected void release() {
    closed = true;
  }

  // ------------------------------------------------------------------------------------------ optimizer

  @Override
  protected void resetOptimizerState(OptimizerConfig config, Map<String, ParamSpec> entries) {
    slots.clear();
    entries.forEach((entry, p) -> slots.put(entry, new float[Math.toIntExact(p.numel())]));
  }

  @Override
  protected Map<String, float[]> readOptimizerState(List<String> entries) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String e : entries) {
      out.put(e, slots.get(e).clone());
    }
    return out;
  }

  @Override
  protected void writeOptimizerState(Map<String, float[]> values) {
    values.forEach((e, v) -> System.arraycopy(v, 0, slots.get(e), 0, v.length));
  }

  @Override
  protected StepOutput step(TrainingBatch step) {
    int n = step.batchSize();
    float[] z = forward(step.inputs(), n);
    double loss = 0;
    for (int i = 0; i < n; i++) {
      loss += crossEntropy(z, i * classes, step.labels()[i]);
    }
    float[][] g = gradients(step.inputs(), n, lossGradient(z, step.labels(), n, 1.0));
    if (weightMask != null) {
      weightMask.apply(g[0]);
    }
    update(WEIGHT, weight, g[0], step);
    update(BIAS, bias, g[1], step);
    return new StepOutput(loss / n, z);
  }

  // ------------------------------------------------------------------------------------------ gradients

  @Override
  protected float[] computeInputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
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
  protected Map<String, float[]> computeParameterGradients(float[] inputs, int[] labels, int batchSize,
      boolean trainMode, double temperature) {
    float[] z = forward(inputs, batchSize);
    return named(gradients(inputs, batchSize, lossGradient(z, labels, batchSize, temperature)));
  }

  @Override
  protected Map<String, float[]> computeOutputSumGradients(float[] inputs, int batchSize) {
    double[] ones = new double[batchSize * classes];
    Arrays.fill(ones, 1.0);
    return named(gradients(inputs, batchSize, ones));
  }

  private static Map<String, float[]> named(float[][] g) {
    Map<String, float[]> out = new LinkedHashMap<>();
    out.put(WEIGHT, g[0]);
    out.put(BIAS, g[1]);
    return out;
  }

  private float[] param(String name) {
    return switch (name) {
      case WEIGHT -> weight;
      case BIAS -> bias;
      default -> throw new IllegalArgumentException("unknown parameter '" + name + "'; this model has " + WEIGHT
          + " and " + BIAS);
    };
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

  /** ∂ mean CE(z / T, y) / ∂z = (softmax(z / T) − e_y) / (T · n). */
  private double[] lossGradient(float[] z, int[] labels, int n, double temperature) {
    double[] dz = new double[z.length];
    for (int i = 0; i < n; i++) {
      double[] p = softmax(z, i * classes, temperature);
      for (int k = 0; k < classes; k++) {
        dz[i * classes + k] = (p[k] - (k == labels[i] ? 1 : 0)) / (temperature * n);
      }
    }
    return dz;
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

  private void update(String name, float[] p, float[] g, TrainingBatch step) {
    OptimizerConfig optimizer = step.optimizer();
    float lr = (float) step.learningRate();
    float wd = (float) optimizer.weightDecay();
    if (optimizer.kind() == OptimizerConfig.Kind.SGD) {
      float mu = (float) optimizer.momentum();
      float[] buf = slots.get(name + MOMENTUM);
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
      float[] m = slots.get(name + ADAM_M);
      float[] v = slots.get(name + ADAM_V);
      double c1 = 1 - Math.pow(b1, step.number());
      double c2 = 1 - Math.pow(b2, step.number());
      for (int i = 0; i < p.length; i++) {
        float d = g[i] + wd * p[i];
        m[i] = b1 * m[i] + (1 - b1) * d;
        v[i] = b2 * v[i] + (1 - b2) * d * d;
        double denom = Math.sqrt(v[i]) / Math.sqrt(c2) + optimizer.epsilon();
        p[i] -= (float) (lr / c1 * m[i] / denom);
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
