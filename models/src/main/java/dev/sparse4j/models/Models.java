package dev.sparse4j.models;

import dev.sparse4j.api.model.ModelSpec;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model zoo: builds a {@link ModelSpec} by name.
 *
 * <p>Names (case-insensitive):
 *
 * <ul>
 *   <li>{@code mlp}: LeNet-300-100 style, {@code flatten → fc1(300·w) → ReLU → fc2(100·w) → ReLU → fc3};
 *       {@code mlp-<depth>x<hidden>} (e.g. {@code mlp-3x512}) has {@code depth} hidden layers
 *       {@code fc1 … fc<depth>} of {@code hidden·w} units and classifier {@code fc<depth+1>}. All Linear layers have
 *       a bias.
 *   <li>{@code resnet20/32/44/56/110} or any {@code resnet<6n+2>}: CIFAR ResNet (He et al. 2016) with option-B
 *       projection shortcuts, stages of {@code 16·w, 32·w, 64·w} channels, parameter names
 *       {@code conv1, bn1, layer1.0.conv1, …, layer2.0.shortcut.0, layer2.0.shortcut.1, …, fc}.
 *   <li>{@code vgg16}, {@code vgg19}: CIFAR VGG with batch norm ({@code features.<i>}, {@code classifier}); max-pools
 *       that an input is too small for are skipped (see the module README).
 *   <li>{@code wrn-<6n+4>-<k>} (e.g. {@code wrn-16-4}, {@code wrn-28-10}), optionally {@code wrn-<d>-<k>-d<p>} with
 *       dropout {@code p}: Wide ResNet, names {@code conv1, block1.layer.0.bn1, …, convShortcut, bn1, fc}.
 * </ul>
 *
 * <p>Channel and unit counts are {@code Math.round(base · width)}. Every model accepts any class count and any
 * {@code [C, H, W]} input (e.g. {@code 1x28x28}, {@code 3x32x32}); MLPs also accept flat {@code [F]} inputs.
 */
public final class Models {

  private static final List<String> NAMES = List.of(
      "mlp", "mlp-<depth>x<hidden>",
      "resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "resnet<6n+2>",
      "vgg16", "vgg19",
      "wrn-16-4", "wrn-28-10", "wrn-<6n+4>-<k>", "wrn-<6n+4>-<k>-d<dropout>");

  private static final Pattern MLP = Pattern.compile("mlp-(\\d{1,6})x(\\d{1,9})");
  private static final Pattern RESNET = Pattern.compile("resnet(\\d{1,6})");
  private static final Pattern VGG = Pattern.compile("vgg(\\d{1,3})");
  private static final Pattern WRN = Pattern.compile("wrn-(\\d{1,6})-(\\d{1,6})(?:-d(\\d*\\.?\\d+))?");

  private Models() {}

  /** The accepted model names; entries with {@code <…>} are patterns. For help texts and error messages. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Builds a model.
   *
   * @param name a name from {@link #names()}, case-insensitive
   * @param options input shape, class count, width, normalisation
   * @return the validated spec; its {@code config} records depth, width, channels and so on
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or an impossible
   *     combination (e.g. a convolutional model on a flat input, a width that rounds a layer to 0 channels)
   */
  public static ModelSpec create(String name, ModelOptions options) {
    Objects.requireNonNull(name, "model name must not be null; known models: " + String.join(", ", NAMES));
    Objects.requireNonNull(options, "model options must not be null; use ModelOptions.of(shape, classes)");
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("mlp")) {
      return Zoo.mlp(n, new int[] {300, 100}, options);
    }
    Matcher m = MLP.matcher(n);
    if (m.matches()) {
      int depth = Integer.parseInt(m.group(1));
      int hidden = Integer.parseInt(m.group(2));
      if (depth < 1 || hidden < 1) {
        throw new IllegalArgumentException("model " + name + ": mlp-<depth>x<hidden> needs depth ≥ 1 and hidden ≥ 1");
      }
      int[] layers = new int[depth];
      java.util.Arrays.fill(layers, hidden);
      return Zoo.mlp(n, layers, options);
    }
    m = RESNET.matcher(n);
    if (m.matches()) {
      return Zoo.resnet(n, Integer.parseInt(m.group(1)), options);
    }
    m = VGG.matcher(n);
    if (m.matches()) {
      return Zoo.vgg(n, Integer.parseInt(m.group(1)), options);
    }
    m = WRN.matcher(n);
    if (m.matches()) {
      double dropout = m.group(3) == null ? 0.0 : Double.parseDouble(m.group(3));
      return Zoo.wrn(n, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), dropout, options);
    }
    throw new IllegalArgumentException(
        "unknown model '" + name + "'; known models: " + String.join(", ", NAMES));
  }

  /**
   * Parses an input shape such as {@code 1x28x28} or {@code 3x32x32} (separator {@code x}, {@code X} or
   * {@code ×}; a single number is a flat input).
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static int[] parseShape(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("input shape is empty; write it like 1x28x28 or 3x32x32");
    }
    String[] parts = s.trim().split("[xX×]", -1);
    int[] shape = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      if (!p.matches("\\d{1,10}")) {
        throw new IllegalArgumentException("input shape '" + s + "' is not like 1x28x28 or 3x32x32: dimension "
            + (i + 1) + " '" + p + "' is not a positive whole number");
      }
      long v = Long.parseLong(p);
      if (v < 1 || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("input shape '" + s + "' is not like 1x28x28 or 3x32x32: dimension "
            + (i + 1) + " must be between 1 and " + Integer.MAX_VALUE + ", got " + p);
      }
      shape[i] = (int) v;
    }
    return shape;
  }

  /** Formats a shape as {@code 1x28x28}. */
  static String shapeString(int[] shape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : "x").append(shape[i]);
    }
    return sb.toString();
  }
}
