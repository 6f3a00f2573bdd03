package dev.sparse4j.bench;

import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/** Hand-written prunable layer lists for benchmarks (independent of the model zoo). */
public final class BenchLayers {
  private BenchLayers() {}

  /** Prunable weights of CIFAR ResNet-20 ×3 (widths 48/96/192): 2,431,632 weights in 22 tensors. */
  public static final int RESNET20_X3_WEIGHTS = 2_431_632;

  /**
   * The 22 prunable weights of a CIFAR ResNet-20 whose stage widths are {@code 16·k, 32·k, 64·k} (1×1-conv
   * shortcuts, 10 classes), PyTorch {@code state_dict} names.
   */
  public static List<ParamSpec> resNet20(int k) {
    int w1 = 16 * k;
    List<ParamSpec> l = new ArrayList<>();
    l.add(w("conv1.weight", w1, 3, 3, 3));
    for (int b = 0; b < 3; b++) {
      l.add(w("layer1." + b + ".conv1.weight", w1, w1, 3, 3));
      l.add(w("layer1." + b + ".conv2.weight", w1, w1, 3, 3));
    }
    for (int stage = 2; stage <= 3; stage++) {
      int width = w1 << (stage - 1);
      int in = width / 2;
      l.add(w("layer" + stage + ".0.conv1.weight", width, in, 3, 3));
      l.add(w("layer" + stage + ".0.conv2.weight", width, width, 3, 3));
      l.add(w("layer" + stage + ".0.shortcut.0.weight", width, in, 1, 1));
      for (int b = 1; b < 3; b++) {
        l.add(w("layer" + stage + "." + b + ".conv1.weight", width, width, 3, 3));
        l.add(w("layer" + stage + "." + b + ".conv2.weight", width, width, 3, 3));
      }
    }
    l.add(w("fc.weight", 10, 64 * k));
    return List.copyOf(l);
  }

  /** Total weights of {@code layers}. */
  public static long total(List<ParamSpec> layers) {
    return layers.stream().mapToLong(ParamSpec::numel).sum();
  }

  private static ParamSpec w(String name, int... shape) {
    return ParamSpec.of(name, ParamKind.WEIGHT, shape);
  }
}
