package dev.sparse4j.backend.sparse.internal;

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
import dev.sparse4j.api.model.Residual;
import dev.sparse4j.backend.sparse.internal.Kernels.Rows;
import dev.sparse4j.backend.sparse.internal.OpSet.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles a model for evaluation-mode inference with one {@link OpSet}: batch-norm folded into the convolution
 * before it ({@code w' = w·γ/√(σ²+ε)}, {@code b' = (b − μ)·γ/√(σ²+ε) + β}), ReLU fused into the conv or linear layer
 * before it (wherever the tree nests them), and for every conv and linear layer a kernel chosen from its density: compressed rows below the
 * family's dense threshold for that kind of layer, every weight at or above it.
 */
final class PlanCompiler<A> {
  private final Map<String, float[]> state;
  private final Thresholds thresholds;
  private final OpSet<A> ops;
  private final List<String> choices = new ArrayList<>();

  private PlanCompiler(Map<String, float[]> state, Thresholds thresholds, OpSet<A> ops) {
    this.state = state;
    this.thresholds = thresholds;
    this.ops = ops;
  }

  /** Densities at or above which conv and linear layers run their family's dense kernel. */
  record Thresholds(double conv, double linear) {
    /** The same threshold for both kinds of layer. */
    static Thresholds both(double threshold) {
      return new Thresholds(threshold, threshold);
    }
  }

  /** A compiled model: its steps and the kernel chosen for each conv and linear layer. */
  record Compiled<A>(List<Op<A>> ops, List<String> choices) {}

  /** Compiles {@code spec} with {@code state} (masked weights, canonical layout). */
  static <A> Compiled<A> compile(ModelSpec spec, Map<String, float[]> state, Thresholds thresholds, OpSet<A> ops) {
    PlanCompiler<A> c = new PlanCompiler<>(state, thresholds, ops);
    List<Op<A>> steps = c.ops(LayerWalk.fold(spec.root(), "", c.new Flattened()));
    return new Compiled<>(List.copyOf(steps), List.copyOf(c.choices));
  }

  /** A leaf layer still to compile, or a residual block already compiled. */
  private record Item<A>(Layer layer, String path, Op<A> op) {}

  /**
   * The tree as flat runs of leaf layers (nested sequences concatenated, so a conv, its batch norm and its ReLU fuse
   * wherever they sit), with each residual block compiled from its branches.
   */
  private final class Flattened implements LayerWalk.Structure<List<Item<A>>> {
    @Override
    public List<Item<A>> leaf(Layer layer, String path) {
      return List.of(new Item<>(layer, path, null));
    }

    @Override
    public List<Item<A>> sequence(String path, List<List<Item<A>>> children) {
      List<Item<A>> out = new ArrayList<>();
      children.forEach(out::addAll);
      return out;
    }

    @Override
    public List<Item<A>> residual(Residual r, String path, List<Item<A>> pre, List<Item<A>> body,
        List<Item<A>> shortcut, List<Item<A>> post) {
      return List.of(new Item<>(r, path, ops.residual(ops(pre), ops(body), ops(shortcut), r.shortcutTakesPre(),
          ops(post))));
    }
  }

  /** Kernels for a run of items, fusing conv → batch norm → ReLU and linear → ReLU. */
  private List<Op<A>> ops(List<Item<A>> items) {
    List<Op<A>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Item<A> item = items.get(i);
      Layer layer = item.layer();
      String path = item.path();
      if (item.op() != null) {
        out.add(item.op());
      } else if (layer instanceof Conv2d c) {
        Item<A> bnItem = i + 1 < items.size() && items.get(i + 1).layer() instanceof BatchNorm2d ? items.get(i + 1)
            : null;
        int next = i + (bnItem == null ? 1 : 2);
        boolean relu = next < items.size() && items.get(next).layer() instanceof Relu;
        i += (bnItem == null ? 0 : 1) + (relu ? 1 : 0);
        out.add(bnItem == null ? conv(c, path, null, null, relu)
            : conv(c, path, (BatchNorm2d) bnItem.layer(), bnItem.path(), relu));
      } else if (layer instanceof Linear l) {
        boolean relu = i + 1 < items.size() && items.get(i + 1).layer() instanceof Relu;
        i += relu ? 1 : 0;
        out.add(linear(l, path, relu));
      } else if (layer instanceof BatchNorm2d bn) {
        float[] g = state.get(path + ".weight");
        float[] b = state.get(path + ".bias");
        float[] m = state.get(path + ".running_mean");
        float[] v = state.get(path + ".running_var");
        float[] scale = new float[bn.channels()];
        float[] shift = new float[bn.channels()];
        for (int c = 0; c < scale.length; c++) {
          double k = g[c] / Math.sqrt(v[c] + bn.eps());
          scale[c] = (float) k;
          shift[c] = (float) (b[c] - m[c] * k);
        }
        out.add(ops.affine(scale, shift));
      } else if (layer instanceof Normalize n) {
        float[] scale = new float[n.mean().length];
        float[] shift = new float[scale.length];
        for (int c = 0; c < scale.length; c++) {
          scale[c] = (float) (1.0 / n.std()[c]);
          shift[c] = (float) (-n.mean()[c] / n.std()[c]);
        }
        out.add(ops.affine(scale, shift));
      } else if (layer instanceof Relu) {
        out.add(ops.relu());
      } else if (layer instanceof Dropout) {
        // evaluation mode: nothing to do
      } else if (layer instanceof MaxPool2d p) {
        out.add(ops.pool(p.kernelSize(), p.stride(), p.padding(), true));
      } else if (layer instanceof AvgPool2d p) {
        out.add(ops.pool(p.kernelSize(), p.stride(), p.padding(), false));
      } else if (layer instanceof GlobalAvgPool2d) {
        out.add(ops.globalAvgPool());
      } else if (layer instanceof Flatten) {
        out.add(ops.flatten());
      } else {
        throw new IllegalArgumentException("layer type " + layer.getClass().getSimpleName() + " at '" + path
            + "' is not supported by the sparse-cpu backend");
      }
    }
    return out;
  }

  private Op<A> conv(Conv2d c, String path, BatchNorm2d bn, String bnPath, boolean relu) {
    int k = c.kernelSize();
    int row = c.inChannels() * k * k;
    float[] w = state.get(path + ".weight").clone();
    float[] bias = new float[c.outChannels()];
    if (c.bias()) {
      System.arraycopy(state.get(path + ".bias"), 0, bias, 0, bias.length);
    }
    if (bn != null) {
      float[] g = state.get(bnPath + ".weight");
      float[] b = state.get(bnPath + ".bias");
      float[] m = state.get(bnPath + ".running_mean");
      float[] v = state.get(bnPath + ".running_var");
      for (int o = 0; o < c.outChannels(); o++) {
        double scale = g[o] / Math.sqrt(v[o] + bn.eps());
        for (int e = 0; e < row; e++) {
          w[o * row + e] = (float) (w[o * row + e] * scale);
        }
        bias[o] = (float) ((bias[o] - m[o]) * scale + b[o]);
      }
    }
    Rows rows = choose(c.outChannels(), row, w, thresholds.conv());
    choices.add(String.format(Locale.ROOT, "%s %d×%d conv %d→%d%s%s: %s, density %.3f", path, k, k,
        c.inChannels(), c.outChannels(), bn != null ? " + BN folded" : "", relu ? " + ReLU" : "",
        rows.dense() ? "dense" : "sparse rows", density(w)));
    return ops.conv(k, c.stride(), c.padding(), c.outChannels(), rows, bias, relu);
  }

  private Op<A> linear(Linear l, String path, boolean relu) {
    float[] w = state.get(path + ".weight");
    float[] bias = l.bias() ? state.get(path + ".bias").clone() : null;
    Rows rows = choose(l.outFeatures(), l.inFeatures(), w, thresholds.linear());
    choices.add(String.format(Locale.ROOT, "%s linear %d→%d%s: %s, density %.3f", path, l.inFeatures(),
        l.outFeatures(), relu ? " + ReLU" : "", rows.dense() ? "dense" : "sparse rows", density(w)));
    return ops.linear(l.inFeatures(), l.outFeatures(), rows, bias, relu);
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
}
