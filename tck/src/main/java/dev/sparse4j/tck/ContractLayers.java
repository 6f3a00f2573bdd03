package dev.sparse4j.tck;

import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built prunable layer lists the allocator and pruner contracts run on by default. They are written out here
 * (PyTorch {@code state_dict} names) rather than taken from the model zoo, so the contracts do not move when the
 * zoo does.
 */
public final class ContractLayers {
  private ContractLayers() {}

  /**
   * The 22 prunable weights of CIFAR ResNet-20 (3×32×32 input, 10 classes, 1×1-conv shortcuts): 270,896 weights,
   * with a tiny first conv, small shortcuts and a small classifier — the shapes that make allocators differ.
   */
  public static List<ParamSpec> resNet20() {
    List<ParamSpec> l = new ArrayList<>();
    l.add(weight("conv1.weight", 16, 3, 3, 3));
    for (int b = 0; b < 3; b++) {
      l.add(weight("layer1." + b + ".conv1.weight", 16, 16, 3, 3));
      l.add(weight("layer1." + b + ".conv2.weight", 16, 16, 3, 3));
    }
    for (int stage = 2; stage <= 3; stage++) {
      int width = 16 << (stage - 1);
      int in = width / 2;
      l.add(weight("layer" + stage + ".0.conv1.weight", width, in, 3, 3));
      l.add(weight("layer" + stage + ".0.conv2.weight", width, width, 3, 3));
      l.add(weight("layer" + stage + ".0.shortcut.0.weight", width, in, 1, 1));
      for (int b = 1; b < 3; b++) {
        l.add(weight("layer" + stage + "." + b + ".conv1.weight", width, width, 3, 3));
        l.add(weight("layer" + stage + "." + b + ".conv2.weight", width, width, 3, 3));
      }
    }
    l.add(weight("fc.weight", 10, 64));
    return List.copyOf(l);
  }

  /** A 784-300-100-10 MLP's three linear weights (266,200 weights). */
  public static List<ParamSpec> mlp() {
    return List.of(weight("fc1.weight", 300, 784), weight("fc2.weight", 100, 300), weight("fc3.weight", 10, 100));
  }

  /** A prunable weight of the given shape. */
  public static ParamSpec weight(String name, int... shape) {
    return ParamSpec.of(name, ParamKind.WEIGHT, shape);
  }
}
