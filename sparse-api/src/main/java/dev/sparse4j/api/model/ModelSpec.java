package dev.sparse4j.api.model;

import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.ModelView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A backend-neutral network: input shape, class count and a tree of {@link Layer}s. Backends compile it; the
 * parameter names ({@link #parameters()}) are those of the equivalent PyTorch model's {@code state_dict}. The
 * constructor checks the wiring (channels, feature sizes, residual shapes) and fails with the offending layer's
 * name.
 *
 * @param name model name, e.g. {@code resnet20}
 * @param inputShape per-example input shape {@code [C, H, W]} (or {@code [F]} for flat inputs)
 * @param numClasses number of output logits
 * @param root the layers, applied in order
 * @param config how the model was made (e.g. {@code width=2}), for provenance
 */
public record ModelSpec(String name, int[] inputShape, int numClasses, Sequential root, Map<String, String> config)
    implements ModelView {

  /** Validates the wiring. */
  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(root, "root");
    inputShape = inputShape.clone();
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    if (inputShape.length == 0) {
      throw new IllegalArgumentException("model " + name + " needs an input shape");
    }
    for (int d : inputShape) {
      Layer.positive("input dimension of model " + name, d);
    }
    Layer.positive("numClasses of model " + name, numClasses);
    int[] out = ShapeCheck.output(root, "", inputShape);
    if (out.length != 1 || out[0] != numClasses) {
      throw new IllegalArgumentException(
          "model " + name + " produces shape " + Arrays.toString(out) + " per example but should produce ["
              + numClasses + "] logits");
    }
    Set<String> seen = new HashSet<>();
    for (ParamSpec p : collect(root, true)) {
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException("model " + name + " has two tensors named " + p.name());
      }
    }
  }

  /** A copy of the per-example input shape. */
  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Number of input values per example. */
  public int inputSize() {
    int n = 1;
    for (int d : inputShape) {
      n *= d;
    }
    return n;
  }

  /** Trainable parameters (weights, biases, norm scales and shifts) in {@code state_dict} order. */
  @Override
  public List<ParamSpec> parameters() {
    return collect(root, false);
  }

  /** Non-trainable buffers (batch-norm {@code running_mean}, {@code running_var}) in {@code state_dict} order. */
  public List<ParamSpec> buffers() {
    return collect(root, true).stream().filter(p -> p.kind() == ParamKind.BUFFER).toList();
  }

  /** Parameters and buffers interleaved in {@code state_dict} order. */
  public List<ParamSpec> stateTensors() {
    return collect(root, true);
  }

  /** Total trainable parameter count. */
  public long parameterCount() {
    return parameters().stream().mapToLong(ParamSpec::size).sum();
  }

  /** Total prunable weight count N. */
  public long prunableCount() {
    return prunable().stream().mapToLong(ParamSpec::size).sum();
  }

  /**
   * Visits every layer depth-first with its full dotted path (the prefix its parameters carry).
   *
   * @param visitor called with (path, layer); the root's path is empty
   */
  public void walk(LayerVisitor visitor) {
    walk(root, "", visitor);
  }

  /** Receives layers during {@link #walk(LayerVisitor)}. */
  @FunctionalInterface
  public interface LayerVisitor {
    /** @param path dotted path of the layer ({@code layer1.0.conv1}); empty for unnamed layers at the top */
    void visit(String path, Layer layer);
  }

  /** Joins a path prefix and a local name, skipping empty segments. */
  public static String join(String prefix, String name) {
    if (name.isEmpty()) {
      return prefix;
    }
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  private static void walk(Layer layer, String prefix, LayerVisitor v) {
    String path = join(prefix, layer.name());
    v.visit(path, layer);
    for (Layer child : children(layer)) {
      walk(child, path, v);
    }
  }

  /** The direct children of a container layer, in {@code state_dict} order; empty for leaves. */
  public static List<Layer> children(Layer layer) {
    if (layer instanceof Sequential s) {
      return s.layers();
    }
    if (layer instanceof Residual r) {
      List<Layer> all = new ArrayList<>(r.pre());
      all.addAll(r.body());
      all.addAll(r.shortcut());
      all.addAll(r.post());
      return all;
    }
    return List.of();
  }

  private static List<ParamSpec> collect(Layer root, boolean withBuffers) {
    List<ParamSpec> out = new ArrayList<>();
    walk(root, "", (path, layer) -> {
      if (layer instanceof Conv2d c) {
        int k = c.kernelSize();
        out.add(ParamSpec.of(path + ".weight", ParamKind.WEIGHT, c.outChannels(), c.inChannels(), k, k));
        if (c.bias()) {
          out.add(ParamSpec.of(path + ".bias", ParamKind.BIAS, c.outChannels()));
        }
      } else if (layer instanceof Linear l) {
        out.add(ParamSpec.of(path + ".weight", ParamKind.WEIGHT, l.outFeatures(), l.inFeatures()));
        if (l.bias()) {
          out.add(ParamSpec.of(path + ".bias", ParamKind.BIAS, l.outFeatures()));
        }
      } else if (layer instanceof BatchNorm2d b) {
        out.add(ParamSpec.of(path + ".weight", ParamKind.NORM, b.channels()));
        out.add(ParamSpec.of(path + ".bias", ParamKind.NORM, b.channels()));
        if (withBuffers) {
          out.add(ParamSpec.of(path + ".running_mean", ParamKind.BUFFER, b.channels()));
          out.add(ParamSpec.of(path + ".running_var", ParamKind.BUFFER, b.channels()));
        }
      }
    });
    for (ParamSpec p : out) {
      if (p.name().startsWith(".")) {
        throw new IllegalArgumentException("a layer with parameters needs a name: " + p.name());
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec m
        && name.equals(m.name)
        && Arrays.equals(inputShape, m.inputShape)
        && numClasses == m.numClasses
        && root.equals(m.root)
        && config.equals(m.config);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(inputShape), numClasses, root, config);
  }

  @Override
  public String toString() {
    return "ModelSpec[" + name + ", input " + Arrays.toString(inputShape) + ", " + numClasses + " classes, "
        + parameterCount() + " parameters]";
  }

  /** Per-example shape propagation with messages that name the layer. */
  private static final class ShapeCheck {
    private ShapeCheck() {}

    static int[] output(Layer layer, String prefix, int[] in) {
      return LayerWalk.forward(layer, prefix, in, ShapeCheck::leaf, (block, path, body, skip) -> {
        if (!Arrays.equals(body, skip)) {
          throw new IllegalArgumentException("residual block " + where(block, path) + ": body gives "
              + Arrays.toString(body) + " but shortcut gives " + Arrays.toString(skip) + "; add a projection shortcut");
        }
        return body;
      });
    }

    private static String where(Layer layer, String path) {
      return path.isEmpty() ? layer.getClass().getSimpleName() : path;
    }

    private static int[] leaf(Layer layer, String path, int[] in) {
      String where = where(layer, path);
      if (layer instanceof Conv2d c) {
        need3(where, in);
        if (in[0] != c.inChannels()) {
          throw new IllegalArgumentException("conv " + where + " expects " + c.inChannels()
              + " input channels but receives " + in[0]);
        }
        return new int[] {c.outChannels(), spatial(where, in[1], c.kernelSize(), c.stride(), c.padding()),
            spatial(where, in[2], c.kernelSize(), c.stride(), c.padding())};
      }
      if (layer instanceof BatchNorm2d b) {
        need3(where, in);
        if (in[0] != b.channels()) {
          throw new IllegalArgumentException("batch-norm " + where + " expects " + b.channels()
              + " channels but receives " + in[0]);
        }
        return in;
      }
      if (layer instanceof Normalize n) {
        if (in[0] != n.mean().length) {
          throw new IllegalArgumentException("normalize " + where + " has " + n.mean().length
              + " channel statistics but the input has " + in[0] + " channels");
        }
        return in;
      }
      if (layer instanceof MaxPool2d p) {
        need3(where, in);
        return new int[] {in[0], spatial(where, in[1], p.kernelSize(), p.stride(), p.padding()),
            spatial(where, in[2], p.kernelSize(), p.stride(), p.padding())};
      }
      if (layer instanceof AvgPool2d p) {
        need3(where, in);
        return new int[] {in[0], spatial(where, in[1], p.kernelSize(), p.stride(), p.padding()),
            spatial(where, in[2], p.kernelSize(), p.stride(), p.padding())};
      }
      if (layer instanceof GlobalAvgPool2d) {
        need3(where, in);
        return new int[] {in[0]};
      }
      if (layer instanceof Flatten) {
        int n = 1;
        for (int d : in) {
          n *= d;
        }
        return new int[] {n};
      }
      if (layer instanceof Linear l) {
        if (in.length != 1 || in[0] != l.inFeatures()) {
          throw new IllegalArgumentException("linear " + where + " expects " + l.inFeatures()
              + " input features but receives shape " + Arrays.toString(in) + (in.length != 1 ? " (add a flatten)" : ""));
        }
        return new int[] {l.outFeatures()};
      }
      // Relu, Dropout: shape-preserving.
      return in;
    }

    private static void need3(String where, int[] in) {
      if (in.length != 3) {
        throw new IllegalArgumentException(where + " needs a [C, H, W] input but receives " + Arrays.toString(in));
      }
    }

    private static int spatial(String where, int size, int k, int s, int p) {
      int out = Math.floorDiv(size + 2 * p - k, s) + 1;
      if (out < 1) {
        throw new IllegalArgumentException(where + ": input of size " + size + " is too small for kernel " + k
            + " with padding " + p + "; use a larger input or fewer down-sampling stages");
      }
      return out;
    }
  }
}
