package dev.sparse4j.prune.alloc;

import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The prunable layers of CIFAR ResNet-20 (3×32×32 input, 10 classes, 1×1-conv shortcuts where the shape changes),
 * written out by hand in PyTorch {@code state_dict} order so that allocator tests do not depend on the model zoo.
 * 22 tensors, 270,896 weights.
 */
public final class ResNet20 {
  private ResNet20() {}

  /** Total prunable weights. */
  public static final int TOTAL = 270_896;

  /** The 22 prunable weights in model order. */
  public static List<ParamSpec> layers() {
    List<ParamSpec> l = new ArrayList<>();
    l.add(w("conv1.weight", 16, 3, 3, 3));
    for (int b = 0; b < 3; b++) {
      l.add(w("layer1." + b + ".conv1.weight", 16, 16, 3, 3));
      l.add(w("layer1." + b + ".conv2.weight", 16, 16, 3, 3));
    }
    l.add(w("layer2.0.conv1.weight", 32, 16, 3, 3));
    l.add(w("layer2.0.conv2.weight", 32, 32, 3, 3));
    l.add(w("layer2.0.shortcut.0.weight", 32, 16, 1, 1));
    for (int b = 1; b < 3; b++) {
      l.add(w("layer2." + b + ".conv1.weight", 32, 32, 3, 3));
      l.add(w("layer2." + b + ".conv2.weight", 32, 32, 3, 3));
    }
    l.add(w("layer3.0.conv1.weight", 64, 32, 3, 3));
    l.add(w("layer3.0.conv2.weight", 64, 64, 3, 3));
    l.add(w("layer3.0.shortcut.0.weight", 64, 32, 1, 1));
    for (int b = 1; b < 3; b++) {
      l.add(w("layer3." + b + ".conv1.weight", 64, 64, 3, 3));
      l.add(w("layer3." + b + ".conv2.weight", 64, 64, 3, 3));
    }
    l.add(w("fc.weight", 10, 64));
    return List.copyOf(l);
  }

  /**
   * Which of the nine shape groups a layer belongs to, as an index into the test-vector rows: 0 conv1, 1 layer1
   * convs, 2 layer2.0.conv1, 3 other layer2 convs, 4 layer2 shortcut, 5 layer3.0.conv1, 6 other layer3 convs,
   * 7 layer3 shortcut, 8 fc.
   */
  public static int group(String name) {
    if (name.equals("conv1.weight")) {
      return 0;
    }
    if (name.equals("fc.weight")) {
      return 8;
    }
    if (name.startsWith("layer1.")) {
      return 1;
    }
    int base = name.startsWith("layer2.") ? 2 : 5;
    if (name.contains("shortcut")) {
      return base + 2;
    }
    return name.endsWith(".0.conv1.weight") ? base : base + 1;
  }

  private static ParamSpec w(String name, int... shape) {
    return ParamSpec.of(name, ParamKind.WEIGHT, shape);
  }
}
