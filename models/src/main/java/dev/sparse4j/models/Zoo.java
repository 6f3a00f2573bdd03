package dev.sparse4j.models;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the zoo's {@link ModelSpec}s. Layer names mirror the usual PyTorch reference code so that
 * {@link ModelSpec#parameters()} reads like its {@code state_dict}: akamaster/kuangliu CIFAR ResNet, kuangliu CIFAR
 * VGG, xternalz WideResNet, LeNet-300-100 style MLP.
 */
final class Zoo {

  private static final Logger LOG = LoggerFactory.getLogger(Zoo.class);

  private static final int[] VGG16 = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
  private static final int[] VGG19 =
      {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0};

  private Zoo() {}

  /**
   * Fully connected network: flatten, then {@code fc1 … fc<h>} hidden layers with ReLU, then classifier
   * {@code fc<h+1>}; every Linear has a bias.
   */
  public static ModelSpec mlp(String name, int[] hidden, ModelOptions o) {
    Map<String, String> config = baseConfig(o);
    List<Layer> layers = start(o);
    layers.add(new Flatten("flatten"));
    int in = 1;
    for (int d : o.inputShape()) {
      in = Math.multiplyExact(in, d);
    }
    int[] scaled = new int[hidden.length];
    for (int i = 0; i < hidden.length; i++) {
      int h = channels(name, "hidden layer fc" + (i + 1), hidden[i], o.width());
      scaled[i] = h;
      layers.add(new Linear("fc" + (i + 1), in, h, true));
      layers.add(new Relu(""));
      in = h;
    }
    layers.add(new Linear("fc" + (hidden.length + 1), in, o.numClasses(), true));
    config.put("hidden", join(scaled));
    return spec(name, o, layers, config);
  }

  /**
   * CIFAR ResNet (He et al. 2016, depth 6n+2) with option-B projection shortcuts.
   *
   * @param depth 6n+2, n ≥ 1
   */
  public static ModelSpec resnet(String name, int depth, ModelOptions o) {
    if (depth < 8 || (depth - 2) % 6 != 0) {
      throw new IllegalArgumentException("model " + name + ": a CIFAR ResNet's depth must be 6n+2 with n ≥ 1"
          + " (20, 32, 44, 56, 110, ...), got " + depth);
    }
    int n = (depth - 2) / 6;
    int[] in = needImage(name, o);
    Map<String, String> config = baseConfig(o);
    config.put("depth", Integer.toString(depth));
    config.put("blocksPerStage", Integer.toString(n));
    int[] planes = {channels(name, "layer1", 16, o.width()), channels(name, "layer2", 32, o.width()),
        channels(name, "layer3", 64, o.width())};
    config.put("channels", join(planes));

    List<Layer> layers = start(o);
    layers.add(new Conv2d("conv1", in[0], planes[0], 3, 1, 1, false));
    layers.add(BatchNorm2d.of("bn1", planes[0]));
    layers.add(new Relu(""));
    int inPlanes = planes[0];
    for (int stage = 0; stage < 3; stage++) {
      List<Layer> blocks = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        int out = planes[stage];
        List<Layer> body = List.of(
            new Conv2d("conv1", inPlanes, out, 3, stride, 1, false),
            BatchNorm2d.of("bn1", out),
            new Relu(""),
            new Conv2d("conv2", out, out, 3, 1, 1, false),
            BatchNorm2d.of("bn2", out));
        List<Layer> shortcut = stride != 1 || inPlanes != out
            ? List.of(Sequential.of("shortcut",
                new Conv2d("0", inPlanes, out, 1, stride, 0, false), BatchNorm2d.of("1", out)))
            : List.of();
        blocks.add(new Residual(Integer.toString(b), List.of(), body, shortcut, false, List.of(new Relu(""))));
        inPlanes = out;
      }
      layers.add(new Sequential("layer" + (stage + 1), blocks));
    }
    layers.add(new GlobalAvgPool2d("avgpool"));
    layers.add(new Linear("fc", inPlanes, o.numClasses(), true));
    return spec(name, o, layers, config);
  }

  /**
   * CIFAR VGG with batch norm (kuangliu layout): {@code features} holds conv(bias)+BN+ReLU triples and max-pools,
   * indexed like an {@code nn.Sequential}; then global average pooling and one Linear {@code classifier}. A max-pool
   * that would shrink a side below 1 is skipped but keeps its index, so names do not depend on the input size.
   *
   * @param depth 16 or 19
   */
  public static ModelSpec vgg(String name, int depth, ModelOptions o) {
    int[] cfg = switch (depth) {
      case 16 -> VGG16;
      case 19 -> VGG19;
      default -> throw new IllegalArgumentException("model " + name + ": VGG depth must be 16 or 19, got " + depth);
    };
    int[] in = needImage(name, o);
    Map<String, String> config = baseConfig(o);
    config.put("depth", Integer.toString(depth));
    List<Layer> features = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int channels = in[0];
    int h = in[1];
    int w = in[2];
    int index = 0;
    for (int v : cfg) {
      if (v == 0) {
        if (h >= 2 && w >= 2) {
          features.add(new MaxPool2d(Integer.toString(index), 2, 2, 0));
          h /= 2;
          w /= 2;
        } else {
          skipped.add("features." + index);
        }
        index++;
      } else {
        int out = channels(name, "features." + index, v, o.width());
        features.add(new Conv2d(Integer.toString(index), channels, out, 3, 1, 1, true));
        features.add(BatchNorm2d.of(Integer.toString(index + 1), out));
        features.add(new Relu(Integer.toString(index + 2)));
        index += 3;
        channels = out;
      }
    }
    if (!skipped.isEmpty()) {
      LOG.debug("{}: input {}x{} is too small for max-pool(s) {}; skipped them", name, in[1], in[2], skipped);
      config.put("skippedPools", String.join(",", skipped));
    }
    List<Layer> layers = start(o);
    layers.add(new Sequential("features", features));
    layers.add(new GlobalAvgPool2d("avgpool"));
    layers.add(new Linear("classifier", channels, o.numClasses(), true));
    return spec(name, o, layers, config);
  }

  /**
   * Wide ResNet WRN-d-k (Zagoruyko and Komodakis 2016), pre-activation blocks named as in xternalz/WideResNet-pytorch.
   *
   * @param depth 6n+4, n ≥ 1
   * @param k widening factor ≥ 1
   * @param dropout drop probability between the two convolutions of each block (0 = none)
   */
  public static ModelSpec wrn(String name, int depth, int k, double dropout, ModelOptions o) {
    if (depth < 10 || (depth - 4) % 6 != 0) {
      throw new IllegalArgumentException("model " + name + ": a WRN's depth must be 6n+4 with n ≥ 1"
          + " (10, 16, 22, 28, 40, ...), got " + depth);
    }
    if (k < 1) {
      throw new IllegalArgumentException("model " + name + ": the widening factor k must be ≥ 1, got " + k);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("model " + name + ": dropout must be in [0, 1), got " + dropout);
    }
    int n = (depth - 4) / 6;
    int[] in = needImage(name, o);
    Map<String, String> config = baseConfig(o);
    config.put("depth", Integer.toString(depth));
    config.put("widenFactor", Integer.toString(k));
    config.put("blocksPerStage", Integer.toString(n));
    config.put("dropout", Double.toString(dropout));
    int[] ch = {channels(name, "conv1", 16, o.width()), channels(name, "block1", 16L * k, o.width()),
        channels(name, "block2", 32L * k, o.width()), channels(name, "block3", 64L * k, o.width())};
    config.put("channels", join(ch));

    List<Layer> layers = start(o);
    layers.add(new Conv2d("conv1", in[0], ch[0], 3, 1, 1, false));
    int inPlanes = ch[0];
    for (int g = 0; g < 3; g++) {
      List<Layer> blocks = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        int stride = g > 0 && b == 0 ? 2 : 1;
        int out = ch[g + 1];
        List<Layer> pre = List.of(BatchNorm2d.of("bn1", inPlanes), new Relu("relu1"));
        List<Layer> body = new ArrayList<>();
        body.add(new Conv2d("conv1", inPlanes, out, 3, stride, 1, false));
        body.add(BatchNorm2d.of("bn2", out));
        body.add(new Relu("relu2"));
        if (dropout > 0) {
          body.add(new Dropout("", dropout)); // functional F.dropout in the reference: no module name
        }
        body.add(new Conv2d("conv2", out, out, 3, 1, 1, false));
        boolean project = stride != 1 || inPlanes != out;
        // Reference semantics: a projecting block feeds relu(bn1(x)) to its 1x1 conv; an identity block adds raw x.
        List<Layer> shortcut =
            project ? List.of(new Conv2d("convShortcut", inPlanes, out, 1, stride, 0, false)) : List.of();
        blocks.add(new Residual(Integer.toString(b), pre, body, shortcut, project, List.of()));
        inPlanes = out;
      }
      layers.add(new Sequential("block" + (g + 1), List.of(new Sequential("layer", blocks))));
    }
    layers.add(BatchNorm2d.of("bn1", inPlanes));
    layers.add(new Relu("relu"));
    layers.add(new GlobalAvgPool2d("avgpool"));
    layers.add(new Linear("fc", inPlanes, o.numClasses(), true));
    return spec(name, o, layers, config);
  }

  /** round(base · width) channels, refusing a width that rounds a layer away. */
  static int channels(String model, String where, long base, double width) {
    double exact = base * width;
    long c = Math.round(exact);
    if (c < 1) {
      throw new IllegalArgumentException("model " + model + ": width " + width + " leaves " + where + " with "
          + base + " x " + width + " = " + exact + " -> 0 channels/units; use width >= " + (0.5 / base));
    }
    if (c > 1 << 20) {
      throw new IllegalArgumentException("model " + model + ": width " + width + " gives " + where + " " + c
          + " channels/units, more than 2^20; use a smaller width");
    }
    return (int) c;
  }

  private static int[] needImage(String name, ModelOptions o) {
    int[] in = o.inputShape();
    if (in.length != 3) {
      throw new IllegalArgumentException("model " + name + " is convolutional and needs a [C, H, W] input such as"
          + " 1x28x28 or 3x32x32, got " + Arrays.toString(in) + "; use an mlp for flat inputs");
    }
    return in;
  }

  private static List<Layer> start(ModelOptions o) {
    List<Layer> layers = new ArrayList<>();
    if (o.normalized()) {
      layers.add(new Normalize("normalize", o.normMean(), o.normStd()));
    }
    return layers;
  }

  private static Map<String, String> baseConfig(ModelOptions o) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("width", Double.toString(o.width()));
    if (o.normalized()) {
      config.put("normMean", Arrays.toString(o.normMean()));
      config.put("normStd", Arrays.toString(o.normStd()));
    }
    return config;
  }

  private static ModelSpec spec(String name, ModelOptions o, List<Layer> layers, Map<String, String> config) {
    return new ModelSpec(name, o.inputShape(), o.numClasses(), new Sequential("", layers), config);
  }

  private static String join(int[] values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ",").append(values[i]);
    }
    return sb.toString();
  }
}
