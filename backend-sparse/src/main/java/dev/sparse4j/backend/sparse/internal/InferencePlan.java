package dev.sparse4j.backend.sparse.internal;

import dev.sparse4j.api.model.AvgPool2d;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Dropout;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.MaxPool2d;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Normalize;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Residual;
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.backend.sparse.internal.Kernels.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * A model compiled for evaluation-mode inference: batch-norm folded into the convolution before it
 * ({@code w' = w·γ/√(σ²+ε)}, {@code b' = (b − μ)·γ/√(σ²+ε) + β}), ReLU fused into the conv or linear layer before
 * it, and for every conv and linear layer a kernel chosen from its density: compressed rows below
 * {@code denseThreshold}, plain dense loops at or above it. Rebuilt whenever weights or masks change.
 */
final class InferencePlan {
  /** Activations of a batch: values (NCHW or [batch, features]) and the per-example shape. */
  record Act(float[] v, int batch, int[] shape) {
    int per() {
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /** One step of the plan. */
  interface Op {
    Act apply(Act x, ForkJoinPool pool);
  }

  /** Examples per block of a blocked kernel: long enough for vector loops, small enough for the cache. */
  static final int BLOCK = 64;

  private final List<Op> ops;
  private final List<String> choices;

  private InferencePlan(List<Op> ops, List<String> choices) {
    this.ops = ops;
    this.choices = choices;
  }

  /** The kernel chosen for each conv and linear layer, e.g. {@code fc1 linear 784→300: sparse rows, density 0.120}. */
  List<String> kernelChoices() {
    return choices;
  }

  /** Logits of {@code batch} examples. */
  float[] run(float[] input, int batch, int[] inputShape, ForkJoinPool pool) {
    Act a = new Act(input, batch, inputShape);
    for (Op op : ops) {
      a = op.apply(a, pool);
    }
    return a.v();
  }

  /** Compiles {@code spec} with {@code state} (masked weights, canonical layout). */
  static InferencePlan compile(ModelSpec spec, Map<String, float[]> state, double denseThreshold) {
    List<String> choices = new ArrayList<>();
    List<Op> ops = sequence(spec.root().layers(), spec.root().name(), state, denseThreshold, choices);
    return new InferencePlan(ops, List.copyOf(choices));
  }

  /** Compiles a layer list, folding conv+BN(+ReLU) and linear(+ReLU); shapes come from the activations. */
  private static List<Op> sequence(List<Layer> layers, String prefix, Map<String, float[]> s, double threshold,
      List<String> choices) {
    List<Op> out = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String path = ModelSpec.join(prefix, layer.name());
      if (layer instanceof Conv2d c) {
        BatchNorm2d bn = i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm2d b ? b : null;
        String bnPath = bn == null ? null : ModelSpec.join(prefix, bn.name());
        boolean relu = i + (bn == null ? 1 : 2) < layers.size() && layers.get(i + (bn == null ? 1 : 2)) instanceof Relu;
        i += (bn == null ? 0 : 1) + (relu ? 1 : 0);
        out.add(conv(c, path, bn, bnPath, relu, s, threshold, choices));
      } else if (layer instanceof Linear l) {
        boolean relu = i + 1 < layers.size() && layers.get(i + 1) instanceof Relu;
        i += relu ? 1 : 0;
        out.add(linear(l, path, relu, s, threshold, choices));
      } else if (layer instanceof BatchNorm2d bn) {
        float[] g = s.get(path + ".weight");
        float[] b = s.get(path + ".bias");
        float[] m = s.get(path + ".running_mean");
        float[] v = s.get(path + ".running_var");
        float[] scale = new float[bn.channels()];
        float[] shift = new float[bn.channels()];
        for (int c = 0; c < scale.length; c++) {
          double k = g[c] / Math.sqrt(v[c] + bn.eps());
          scale[c] = (float) k;
          shift[c] = (float) (b[c] - m[c] * k);
        }
        out.add(affine(scale, shift));
      } else if (layer instanceof Normalize n) {
        float[] scale = new float[n.mean().length];
        float[] shift = new float[scale.length];
        for (int c = 0; c < scale.length; c++) {
          scale[c] = (float) (1.0 / n.std()[c]);
          shift[c] = (float) (-n.mean()[c] / n.std()[c]);
        }
        out.add(affine(scale, shift));
      } else if (layer instanceof Relu) {
        out.add((x, pool) -> {
          float[] v = x.v().clone();
          for (int k = 0; k < v.length; k++) {
            if (v[k] < 0f) {
              v[k] = 0f;
            }
          }
          return new Act(v, x.batch(), x.shape());
        });
      } else if (layer instanceof Dropout) {
        // evaluation mode: nothing to do
      } else if (layer instanceof MaxPool2d p) {
        out.add(pool(p.kernelSize(), p.stride(), p.padding(), true));
      } else if (layer instanceof AvgPool2d p) {
        out.add(pool(p.kernelSize(), p.stride(), p.padding(), false));
      } else if (layer instanceof GlobalAvgPool2d) {
        out.add((x, pool) -> {
          int c = x.shape()[0];
          int hw = x.shape()[1] * x.shape()[2];
          float[] y = new float[x.batch() * c];
          for (int b = 0; b < x.batch(); b++) {
            for (int ch = 0; ch < c; ch++) {
              double acc = 0;
              int base = (b * c + ch) * hw;
              for (int k = 0; k < hw; k++) {
                acc += x.v()[base + k];
              }
              y[b * c + ch] = (float) (acc / hw);
            }
          }
          return new Act(y, x.batch(), new int[] {c});
        });
      } else if (layer instanceof Flatten) {
        out.add((x, pool) -> new Act(x.v(), x.batch(), new int[] {x.per()}));
      } else if (layer instanceof Sequential sq) {
        out.addAll(sequence(sq.layers(), path, s, threshold, choices));
      } else if (layer instanceof Residual r) {
        List<Op> pre = sequence(r.pre(), path, s, threshold, choices);
        List<Op> body = sequence(r.body(), path, s, threshold, choices);
        List<Op> shortcut = sequence(r.shortcut(), path, s, threshold, choices);
        List<Op> post = sequence(r.post(), path, s, threshold, choices);
        boolean takesPre = r.shortcutTakesPre();
        out.add((x, pool) -> {
          Act p = apply(pre, x, pool);
          Act bo = apply(body, p, pool);
          Act sk = apply(shortcut, takesPre ? p : x, pool);
          float[] sum = bo.v().clone();
          for (int k = 0; k < sum.length; k++) {
            sum[k] += sk.v()[k];
          }
          return apply(post, new Act(sum, bo.batch(), bo.shape()), pool);
        });
      } else {
        throw new IllegalArgumentException("layer type " + layer.getClass().getSimpleName() + " at '" + path
            + "' is not supported by the sparse-cpu backend");
      }
    }
    return out;
  }

  private static Act apply(List<Op> ops, Act x, ForkJoinPool pool) {
    Act a = x;
    for (Op op : ops) {
      a = op.apply(a, pool);
    }
    return a;
  }

  private static Op conv(Conv2d c, String path, BatchNorm2d bn, String bnPath, boolean relu, Map<String, float[]> s,
      double threshold, List<String> choices) {
    int k = c.kernelSize();
    int row = c.inChannels() * k * k;
    float[] w = s.get(path + ".weight").clone();
    float[] bias = new float[c.outChannels()];
    if (c.bias()) {
      System.arraycopy(s.get(path + ".bias"), 0, bias, 0, bias.length);
    }
    if (bn != null) {
      float[] g = s.get(bnPath + ".weight");
      float[] b = s.get(bnPath + ".bias");
      float[] m = s.get(bnPath + ".running_mean");
      float[] v = s.get(bnPath + ".running_var");
      for (int o = 0; o < c.outChannels(); o++) {
        double scale = g[o] / Math.sqrt(v[o] + bn.eps());
        for (int e = 0; e < row; e++) {
          w[o * row + e] = (float) (w[o * row + e] * scale);
        }
        bias[o] = (float) ((bias[o] - m[o]) * scale + b[o]);
      }
    }
    Rows rows = choose(c.outChannels(), row, w, threshold);
    double density = density(w);
    choices.add(String.format(java.util.Locale.ROOT, "%s %d×%d conv %d→%d%s%s: %s, density %.3f", path, k, k,
        c.inChannels(), c.outChannels(), bn != null ? " + BN folded" : "", relu ? " + ReLU" : "",
        rows.dense() ? "dense" : "sparse rows", density));
    int stride = c.stride();
    int pad = c.padding();
    int cout = c.outChannels();
    return (x, pool) -> {
      int cin = x.shape()[0];
      int h = x.shape()[1];
      int wd = x.shape()[2];
      int oh = outSize(h, k, stride, pad);
      int ow = outSize(wd, k, stride, pad);
      float[] y = new float[x.batch() * cout * oh * ow];
      int per = cin * h * wd;
      parallel(pool, x.batch() * cout, t -> {
        int b = t / cout;
        int o = t % cout;
        Kernels.conv(x.v(), b * per, cin, h, wd, rows, o, bias[o], k, stride, pad, y, (b * cout + o) * oh * ow,
            oh, ow, relu);
      });
      return new Act(y, x.batch(), new int[] {cout, oh, ow});
    };
  }

  private static Op linear(Linear l, String path, boolean relu, Map<String, float[]> s, double threshold,
      List<String> choices) {
    float[] w = s.get(path + ".weight");
    float[] bias = l.bias() ? s.get(path + ".bias").clone() : null;
    Rows rows = choose(l.outFeatures(), l.inFeatures(), w, threshold);
    choices.add(String.format(java.util.Locale.ROOT, "%s linear %d→%d%s: %s, density %.3f", path, l.inFeatures(),
        l.outFeatures(), relu ? " + ReLU" : "", rows.dense() ? "dense" : "sparse rows", density(w)));
    int in = l.inFeatures();
    int outF = l.outFeatures();
    return (x, pool) -> {
      float[] y = new float[x.batch() * outF];
      if (x.batch() < 4) {
        parallel(pool, x.batch(), b -> Kernels.linear(x.v(), b * in, rows, bias, y, b * outF, relu));
        return new Act(y, x.batch(), new int[] {outF});
      }
      // Blocks of examples, batch innermost; tasks split the blocks' output rows across threads.
      for (int from = 0; from < x.batch(); from += BLOCK) {
        int block = Math.min(BLOCK, x.batch() - from);
        float[] xt = new float[in * block];
        for (int b = 0; b < block; b++) {
          int src = (from + b) * in;
          for (int c = 0; c < in; c++) {
            xt[c * block + b] = x.v()[src + c];
          }
        }
        int yOff = from * outF;
        int chunks = Math.min(outF, 16);
        parallel(pool, chunks, t -> Kernels.linearBlock(xt, block, rows, bias, y, yOff, outF,
            t * outF / chunks, (t + 1) * outF / chunks, relu));
      }
      return new Act(y, x.batch(), new int[] {outF});
    };
  }

  private static Op affine(float[] scale, float[] shift) {
    return (x, pool) -> {
      float[] y = new float[x.v().length];
      int c = scale.length;
      int inner = x.per() / c;
      for (int b = 0; b < x.batch(); b++) {
        for (int ch = 0; ch < c; ch++) {
          int base = (b * c + ch) * inner;
          for (int k = 0; k < inner; k++) {
            y[base + k] = x.v()[base + k] * scale[ch] + shift[ch];
          }
        }
      }
      return new Act(y, x.batch(), x.shape());
    };
  }

  /** Max-pooling pads with −∞; average pooling counts the padding as zeros (PyTorch's count_include_pad). */
  private static Op pool(int k, int stride, int pad, boolean max) {
    return (x, pool) -> {
      int c = x.shape()[0];
      int h = x.shape()[1];
      int w = x.shape()[2];
      int oh = outSize(h, k, stride, pad);
      int ow = outSize(w, k, stride, pad);
      float[] y = new float[x.batch() * c * oh * ow];
      parallel(pool, x.batch() * c, t -> {
        int in = t * h * w;
        int o = t * oh * ow;
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            float acc = max ? Float.NEGATIVE_INFINITY : 0f;
            for (int u = 0; u < k; u++) {
              int r = i * stride - pad + u;
              for (int v = 0; v < k; v++) {
                int q = j * stride - pad + v;
                boolean inside = r >= 0 && r < h && q >= 0 && q < w;
                float val = inside ? x.v()[in + r * w + q] : (max ? Float.NEGATIVE_INFINITY : 0f);
                acc = max ? Math.max(acc, val) : acc + val;
              }
            }
            y[o + i * ow + j] = max ? acc : acc / (k * k);
          }
        }
      });
      return new Act(y, x.batch(), new int[] {c, oh, ow});
    };
  }

  private static Rows choose(int out, int row, float[] w, double threshold) {
    return density(w) >= threshold ? Rows.dense(out, row, w) : Rows.sparse(out, row, w);
  }

  private static double density(float[] w) {
    long nz = 0;
    for (float v : w) {
      if (v != 0f) {
        nz++;
      }
    }
    return (double) nz / w.length;
  }

  private static void parallel(ForkJoinPool pool, int tasks, java.util.function.IntConsumer body) {
    if (pool == null || tasks == 1) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    pool.submit(() -> IntStream.range(0, tasks).parallel().forEach(body)).join();
  }

  static int outSize(int size, int k, int stride, int pad) {
    return (size + 2 * pad - k) / stride + 1;
  }
}
