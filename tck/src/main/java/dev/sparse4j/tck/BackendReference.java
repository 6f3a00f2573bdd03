package dev.sparse4j.tck;

import dev.sparse4j.api.model.AvgPool2d;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Dropout;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.LayerWalk;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.MaxPool2d;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Normalize;
import dev.sparse4j.api.model.Relu;
import java.util.Map;

/**
 * A naive, pure-Java evaluation-mode forward pass of a {@link ModelSpec} in double precision, written straight
 * from PyTorch's layer definitions. It is the independent reference the contract compares a backend's logits with.
 */
public final class BackendReference {
  private BackendReference() {}

  /** One example's activations: per-example shape ({@code [C, H, W]} or {@code [F]}) and values, row-major. */
  private record T(int[] shape, double[] v) {
    int c() {
      return shape[0];
    }

    int h() {
      return shape[1];
    }

    int w() {
      return shape[2];
    }
  }

  /**
   * Evaluation-mode logits.
   *
   * @param spec the model
   * @param state every state tensor by name (e.g. {@code SparseModel.state()})
   * @param inputs {@code batch × inputSize} values
   * @param batch examples
   * @return {@code batch × numClasses} logits
   */
  public static double[] logits(ModelSpec spec, Map<String, float[]> state, float[] inputs, int batch) {
    Map<String, double[]> s = new java.util.LinkedHashMap<>();
    state.forEach((name, v) -> {
      double[] d = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        d[i] = v[i];
      }
      s.put(name, d);
    });
    double[] x = new double[inputs.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = inputs[i];
    }
    return logits(spec, s, x, batch);
  }

  /**
   * Evaluation-mode logits of double-precision state and inputs (for finite differences finer than float allows).
   *
   * @param spec the model
   * @param state every state tensor by name
   * @param inputs {@code batch × inputSize} values
   * @param batch examples
   * @return {@code batch × numClasses} logits
   */
  public static double[] logits(ModelSpec spec, Map<String, double[]> state, double[] inputs, int batch) {
    int n = spec.inputSize();
    double[] out = new double[batch * spec.numClasses()];
    for (int b = 0; b < batch; b++) {
      double[] x = new double[n];
      System.arraycopy(inputs, b * n, x, 0, n);
      T y = run(spec.root(), "", new T(spec.inputShape(), x), state);
      System.arraycopy(y.v(), 0, out, b * spec.numClasses(), spec.numClasses());
    }
    return out;
  }

  private static T run(Layer layer, String prefix, T x, Map<String, double[]> s) {
    return LayerWalk.forward(layer, prefix, x, (l, path, v) -> leaf(l, path, v, s), (block, path, body, skip) -> {
      double[] sum = body.v().clone();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += skip.v()[i];
      }
      return new T(body.shape(), sum);
    });
  }

  private static T leaf(Layer layer, String path, T x, Map<String, double[]> s) {
    if (layer instanceof Conv2d c) {
      return conv(c, x, get(s, path + ".weight"), c.bias() ? get(s, path + ".bias") : null);
    }
    if (layer instanceof Linear l) {
      double[] w = get(s, path + ".weight");
      double[] b = l.bias() ? get(s, path + ".bias") : null;
      double[] y = new double[l.outFeatures()];
      for (int o = 0; o < y.length; o++) {
        double acc = b == null ? 0 : b[o];
        for (int i = 0; i < l.inFeatures(); i++) {
          acc += w[o * l.inFeatures() + i] * x.v()[i];
        }
        y[o] = acc;
      }
      return new T(new int[] {y.length}, y);
    }
    if (layer instanceof BatchNorm2d bn) {
      double[] w = get(s, path + ".weight");
      double[] b = get(s, path + ".bias");
      double[] mean = get(s, path + ".running_mean");
      double[] var = get(s, path + ".running_var");
      double[] y = x.v().clone();
      int hw = y.length / x.c();
      for (int c = 0; c < x.c(); c++) {
        double scale = w[c] / Math.sqrt(var[c] + bn.eps());
        for (int i = 0; i < hw; i++) {
          y[c * hw + i] = (y[c * hw + i] - mean[c]) * scale + b[c];
        }
      }
      return new T(x.shape(), y);
    }
    if (layer instanceof Normalize nz) {
      double[] mean = nz.mean();
      double[] std = nz.std();
      double[] y = x.v().clone();
      int per = y.length / x.c();
      for (int c = 0; c < x.c(); c++) {
        for (int i = 0; i < per; i++) {
          y[c * per + i] = (y[c * per + i] - mean[c]) / std[c];
        }
      }
      return new T(x.shape(), y);
    }
    if (layer instanceof Relu) {
      double[] y = x.v().clone();
      for (int i = 0; i < y.length; i++) {
        y[i] = Math.max(0, y[i]);
      }
      return new T(x.shape(), y);
    }
    if (layer instanceof Dropout) {
      return x;
    }
    if (layer instanceof MaxPool2d p) {
      return pool(x, p.kernelSize(), p.stride(), p.padding(), true);
    }
    if (layer instanceof AvgPool2d p) {
      return pool(x, p.kernelSize(), p.stride(), p.padding(), false);
    }
    if (layer instanceof GlobalAvgPool2d) {
      int hw = x.h() * x.w();
      double[] y = new double[x.c()];
      for (int c = 0; c < x.c(); c++) {
        double acc = 0;
        for (int i = 0; i < hw; i++) {
          acc += x.v()[c * hw + i];
        }
        y[c] = acc / hw;
      }
      return new T(new int[] {x.c()}, y);
    }
    if (layer instanceof Flatten) {
      return new T(new int[] {x.v().length}, x.v());
    }
    throw new IllegalArgumentException("the reference does not know layer " + layer);
  }

  private static T conv(Conv2d c, T x, double[] w, double[] b) {
    int k = c.kernelSize();
    int st = c.stride();
    int p = c.padding();
    int oh = (x.h() + 2 * p - k) / st + 1;
    int ow = (x.w() + 2 * p - k) / st + 1;
    int in = c.inChannels();
    double[] y = new double[c.outChannels() * oh * ow];
    for (int o = 0; o < c.outChannels(); o++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double acc = b == null ? 0 : b[o];
          for (int ci = 0; ci < in; ci++) {
            for (int u = 0; u < k; u++) {
              int r = i * st - p + u;
              if (r < 0 || r >= x.h()) {
                continue;
              }
              for (int v = 0; v < k; v++) {
                int q = j * st - p + v;
                if (q < 0 || q >= x.w()) {
                  continue;
                }
                acc += w[((o * in + ci) * k + u) * k + v] * x.v()[(ci * x.h() + r) * x.w() + q];
              }
            }
          }
          y[(o * oh + i) * ow + j] = acc;
        }
      }
    }
    return new T(new int[] {c.outChannels(), oh, ow}, y);
  }

  /** Max-pool pads with −∞; avg-pool pads with zeros and divides by k² (PyTorch's count_include_pad). */
  private static T pool(T x, int k, int st, int p, boolean max) {
    int oh = (x.h() + 2 * p - k) / st + 1;
    int ow = (x.w() + 2 * p - k) / st + 1;
    double[] y = new double[x.c() * oh * ow];
    for (int c = 0; c < x.c(); c++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
              int r = i * st - p + u;
              int q = j * st - p + v;
              boolean inside = r >= 0 && r < x.h() && q >= 0 && q < x.w();
              double val = inside ? x.v()[(c * x.h() + r) * x.w() + q] : (max ? Double.NEGATIVE_INFINITY : 0);
              acc = max ? Math.max(acc, val) : acc + val;
            }
          }
          y[(c * oh + i) * ow + j] = max ? acc : acc / (k * k);
        }
      }
    }
    return new T(new int[] {x.c(), oh, ow}, y);
  }

  private static double[] get(Map<String, double[]> s, String name) {
    double[] v = s.get(name);
    if (v == null) {
      throw new IllegalArgumentException("state has no tensor " + name);
    }
    return v;
  }
}
