package dev.sparse4j.runner.sweep;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documented grids of {@code sparse4j sweep --preset NAME}, each written as the sweep options it stands for, so
 * that a preset is exactly a set of ordinary sweep commands (and the README can show them).
 */
public final class SweepPresets {
  /**
   * {@code paper-fmnist}: the paper's two claims on Fashion-MNIST in a few hours on 2 cores — (1) the gap between a
   * randomly pruned network and its dense counterpart shrinks as the network gets wider: MLP widths 1, 4, 16 across
   * sparsities 0.5–0.98; (2) layer-wise allocation matters more at high sparsity: ERK against uniform everywhere;
   * and ResNet-20 at the key points 0.9 and 0.98.
   */
  public static final String PAPER_FMNIST = "paper-fmnist";

  private static final Map<String, List<List<String>>> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put(PAPER_FMNIST, List.of(
        List.of("--model", "mlp", "--widths", "1,4,16", "--sparsities", "0.5,0.8,0.9,0.95,0.98",
            "--allocators", "erk,uniform", "--seeds", "0", "--epochs", "5"),
        List.of("--model", "resnet20", "--widths", "1", "--sparsities", "0.9,0.98", "--allocators", "erk,uniform",
            "--seeds", "0", "--epochs", "3")));
  }

  /**
   * The grid options a preset sets; every training hyper-parameter option (the {@code train} options shared with
   * {@code sweep}) is set by it too. Given together with {@code --preset}, they are an error.
   */
  public static final Set<String> GRID_OPTIONS = Set.of("--model", "--widths", "--sparsities", "--allocators",
      "--pruners", "--backends", "--seeds", "--allocator-option", "--pruner-option", "--mask-mode");

  private SweepPresets() {}

  /** The preset names, for {@code --help}. */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return PRESETS.keySet().iterator();
    }
  }

  /**
   * The grids of {@code name}, each as sweep options.
   *
   * @throws IllegalArgumentException naming the presets for an unknown name
   */
  public static List<List<String>> grids(String name) {
    List<List<String>> g = PRESETS.get(name);
    if (g == null) {
      throw new IllegalArgumentException("unknown preset '" + name + "'; presets: " + String.join(", ",
          PRESETS.keySet()));
    }
    return g;
  }

  /** The preset as the sweep commands it stands for, separated by {@code " + "}. */
  public static String describe(String name) {
    List<String> parts = new ArrayList<>();
    grids(name).forEach(args -> parts.add(String.join(" ", args)));
    return String.join(" + ", parts);
  }
}
