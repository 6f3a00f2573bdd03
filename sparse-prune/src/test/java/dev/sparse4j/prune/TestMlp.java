package dev.sparse4j.prune;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import dev.sparse4j.api.spi.Capability;
import java.util.Set;

/**
 * A pure-Java ReLU MLP {@code fc1 → relu → fc2 → … → fcL} with exact back-propagation in double, for testing score
 * pruners: mean cross-entropy gradients at any temperature ({@link #parameterGradients(float[], int[], int, boolean,
 * double)}) and gradients of the output sum ({@link #outputSumGradients}). Training is not supported.
 */
class TestMlp implements SparseModel {
  private final ModelSpec spec;
  private final int[] sizes;
  private final boolean bias;
  private final Map<String, float[]> state = new LinkedHashMap<>();
  private MaskSet masks = MaskSet.empty();
  int gradientCalls;
  int hessianCalls;
  /** Added to the weights during a Hessian-vector product's finite difference (in double); null otherwise. */
  private Map<String, double[]> offset;
  /** When false, the temperature and output-sum gradients fall back to SparseModel's defaults. */
  boolean scoringSupport = true;

  /** Layer sizes {@code [in, h1, …, classes]}; weights uniform in ±1/√fan_in from {@code seed}. */
  TestMlp(int[] sizes, boolean bias, long seed) {
    this.sizes = sizes.clone();
    this.bias = bias;
    List<Layer> layers = new ArrayList<>();
    for (int l = 1; l < sizes.length; l++) {
      if (l > 1) {
        layers.add(new Relu("relu" + (l - 1)));
      }
      layers.add(new Linear("fc" + l, sizes[l - 1], sizes[l], bias));
    }
    this.spec = new ModelSpec("test-mlp", new int[] {sizes[0]}, sizes[sizes.length - 1],
        new Sequential("", layers), Map.of());
    SplittableRandom r = new SplittableRandom(seed);
    for (ParamSpec p : spec.parameters()) {
      int fanIn = p.rank() == 2 ? p.dim(1) : sizes[layerOf(p.name()) - 1];
      float[] v = new float[p.numel()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((2 * r.nextDouble() - 1) / Math.sqrt(fanIn));
      }
      state.put(p.name(), v);
    }
  }

  static int layerOf(String name) {
    return Integer.parseInt(name.substring(2, name.indexOf('.')));
  }

  int layers() {
    return sizes.length - 1;
  }

  /** Sets one tensor (then re-applies the masks). */
  void set(String name, float[] values) {
    state.put(name, values.clone());
    remask();
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.PARAM_GRADIENTS);
  }

  @Override
  public String backendId() {
    return "test-mlp";
  }

  @Override
  public List<ParamSpec> parameters() {
    return spec.parameters();
  }

  @Override
  public float[] values(String name) {
    float[] v = state.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no tensor " + name);
    }
    return v.clone();
  }

  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> out = new LinkedHashMap<>();
    state.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  @Override
  public void loadState(Map<String, float[]> s) {
    if (!s.keySet().equals(state.keySet())) {
      throw new IllegalArgumentException("state names " + s.keySet() + " differ from " + state.keySet());
    }
    s.forEach((k, v) -> {
      if (v.length != state.get(k).length) {
        throw new IllegalArgumentException("bad size for " + k);
      }
      state.put(k, v.clone());
    });
    remask();
  }

  @Override
  public void applyMasks(MaskSet m) {
    masks = m;
    remask();
  }

  private void remask() {
    for (Map.Entry<String, Mask> e : masks.asMap().entrySet()) {
      e.getValue().apply(state.get(e.getKey()));
    }
  }

  @Override
  public MaskSet masks() {
    return masks;
  }

  /** Activations: {@code acts[0]} = input, {@code acts[l]} = output of layer l (after ReLU except the last). */
  private double[][][] forward(float[] x, int batch) {
    double[][][] acts = new double[sizes.length][batch][];
    for (int i = 0; i < batch; i++) {
      double[] h = new double[sizes[0]];
      for (int j = 0; j < h.length; j++) {
        h[j] = x[i * sizes[0] + j];
      }
      acts[0][i] = h;
      for (int l = 1; l < sizes.length; l++) {
        double[] w = param("fc" + l + ".weight");
        double[] b = bias ? param("fc" + l + ".bias") : null;
        double[] out = new double[sizes[l]];
        for (int o = 0; o < out.length; o++) {
          double s = b == null ? 0 : b[o];
          for (int in = 0; in < sizes[l - 1]; in++) {
            s += w[o * sizes[l - 1] + in] * h[in];
          }
          out[o] = l < sizes.length - 1 ? Math.max(0, s) : s;
        }
        acts[l][i] = out;
        h = out;
      }
    }
    return acts;
  }

  /** A parameter in double, plus the finite-difference offset if any. */
  private double[] param(String name) {
    float[] v = state.get(name);
    double[] d = new double[v.length];
    double[] off = offset == null ? null : offset.get(name);
    for (int i = 0; i < d.length; i++) {
      d[i] = v[i] + (off == null ? 0 : off[i]);
    }
    return d;
  }

  private static Map<String, float[]> toFloats(Map<String, double[]> g) {
    Map<String, float[]> out = new LinkedHashMap<>();
    g.forEach((k, d) -> {
      float[] f = new float[d.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) d[i];
      }
      out.put(k, f);
    });
    return out;
  }

  /** Back-propagates output gradients {@code dz} (per example) to every parameter, in double. */
  private Map<String, double[]> backward(double[][][] acts, double[][] dz) {
    int batch = dz.length;
    Map<String, double[]> g = new LinkedHashMap<>();
    double[][] delta = dz;
    for (int l = sizes.length - 1; l >= 1; l--) {
      double[] gw = new double[sizes[l] * sizes[l - 1]];
      double[] gb = new double[sizes[l]];
      double[] w = param("fc" + l + ".weight");
      double[][] next = new double[batch][sizes[l - 1]];
      for (int i = 0; i < batch; i++) {
        for (int o = 0; o < sizes[l]; o++) {
          double d = delta[i][o];
          gb[o] += d;
          for (int in = 0; in < sizes[l - 1]; in++) {
            gw[o * sizes[l - 1] + in] += d * acts[l - 1][i][in];
            next[i][in] += d * w[o * sizes[l - 1] + in];
          }
        }
        if (l > 1) {
          for (int in = 0; in < sizes[l - 1]; in++) {
            if (acts[l - 1][i][in] <= 0) {
              next[i][in] = 0; // ReLU
            }
          }
        }
      }
      g.put("fc" + l + ".weight", gw);
      g.put("fc" + l + ".bias", gb);
      delta = next;
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (ParamSpec p : spec.parameters()) {
      out.put(p.name(), g.get(p.name()));
    }
    return out;
  }

  @Override
  public float[] logits(float[] inputs, int batchSize) {
    double[][][] acts = forward(inputs, batchSize);
    int k = sizes[sizes.length - 1];
    float[] z = new float[batchSize * k];
    for (int i = 0; i < batchSize; i++) {
      for (int c = 0; c < k; c++) {
        z[i * k + c] = (float) acts[sizes.length - 1][i][c];
      }
    }
    return z;
  }

  @Override
  public Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode) {
    return crossEntropyGradients(inputs, labels, batchSize, 1.0);
  }

  @Override
  public Map<String, float[]> parameterGradients(float[] inputs, int[] labels, int batchSize, boolean trainMode,
      double temperature) {
    if (!scoringSupport) {
      return SparseModel.super.parameterGradients(inputs, labels, batchSize, trainMode, temperature);
    }
    return crossEntropyGradients(inputs, labels, batchSize, temperature);
  }

  private Map<String, float[]> crossEntropyGradients(float[] inputs, int[] labels, int batchSize, double temperature) {
    gradientCalls++;
    return toFloats(crossEntropy(inputs, labels, batchSize, temperature));
  }

  /**
   * Exact up to double rounding: a central difference of double-precision gradients with step 1e-6 / |v| (far too
   * small to cross a ReLU kink in these tests, so it equals the double-backward product).
   */
  @Override
  public Map<String, float[]> hessianVectorProduct(float[] inputs, int[] labels, int batchSize, boolean trainMode,
      double temperature, Map<String, float[]> vector) {
    if (!scoringSupport) {
      return SparseModel.super.hessianVectorProduct(inputs, labels, batchSize, trainMode, temperature, vector);
    }
    hessianCalls++;
    double norm = 0;
    for (float[] v : vector.values()) {
      for (float x : v) {
        norm += (double) x * x;
      }
    }
    double h = 1e-6 / Math.sqrt(norm);
    Map<String, double[]> plus = new LinkedHashMap<>();
    Map<String, double[]> minus = new LinkedHashMap<>();
    vector.forEach((k, v) -> {
      double[] p = new double[v.length];
      double[] m = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        p[i] = h * v[i];
        m[i] = -h * v[i];
      }
      plus.put(k, p);
      minus.put(k, m);
    });
    offset = plus;
    Map<String, double[]> gp = crossEntropy(inputs, labels, batchSize, temperature);
    offset = minus;
    Map<String, double[]> gm = crossEntropy(inputs, labels, batchSize, temperature);
    offset = null;
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String k : vector.keySet()) {
      double[] a = gp.get(k);
      double[] b = gm.get(k);
      double[] d = new double[a.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = (a[i] - b[i]) / (2 * h);
      }
      out.put(k, d);
    }
    return toFloats(out);
  }

  private Map<String, double[]> crossEntropy(float[] inputs, int[] labels, int batchSize, double temperature) {
    double[][][] acts = forward(inputs, batchSize);
    int k = sizes[sizes.length - 1];
    double[][] dz = new double[batchSize][k];
    for (int i = 0; i < batchSize; i++) {
      double[] z = acts[sizes.length - 1][i];
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z) {
        max = Math.max(max, v / temperature);
      }
      double sum = 0;
      double[] p = new double[k];
      for (int c = 0; c < k; c++) {
        p[c] = Math.exp(z[c] / temperature - max);
        sum += p[c];
      }
      for (int c = 0; c < k; c++) {
        dz[i][c] = (p[c] / sum - (c == labels[i] ? 1 : 0)) / (temperature * batchSize);
      }
    }
    return backward(acts, dz);
  }

  @Override
  public Map<String, float[]> outputSumGradients(float[] inputs, int batchSize) {
    if (!scoringSupport) {
      return SparseModel.super.outputSumGradients(inputs, batchSize);
    }
    gradientCalls++;
    double[][][] acts = forward(inputs, batchSize);
    double[][] dz = new double[batchSize][sizes[sizes.length - 1]];
    for (double[] row : dz) {
      java.util.Arrays.fill(row, 1.0);
    }
    return toFloats(backward(acts, dz));
  }

  @Override
  public void setOptimizer(OptimizerConfig config) {
    throw new UnsupportedOperationException("test model");
  }

  @Override
  public StepResult trainStep(float[] inputs, int[] labels, int batchSize, double learningRate) {
    throw new UnsupportedOperationException("test model");
  }

  @Override
  public Map<String, float[]> optimizerState() {
    return Map.of();
  }

  @Override
  public void loadOptimizerState(Map<String, float[]> s) {
    throw new UnsupportedOperationException("test model");
  }

  @Override
  public float[] inputGradient(float[] inputs, int[] targets, int batchSize, double temperature) {
    throw new UnsupportedOperationException("test model");
  }

  @Override
  public void close() {}
}
