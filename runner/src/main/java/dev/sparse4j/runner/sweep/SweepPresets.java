package dev.sparse4j.runner.sweep;

import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.runner.report.Format;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documented grids of {@code sparse4j sweep --preset NAME}, as data: each preset is one or more {@link Part}s, a
 * {@link SweepGrid} with the training epochs of its cells (every other hyper-parameter is the command line's
 * default). {@link #describe} writes a preset as the sweep options it stands for, so the README can show it as
 * ordinary sweep commands.
 */
public final class SweepPresets {
  /**
   * {@code paper-fmnist}: the paper's two claims on Fashion-MNIST in a few hours on 2 cores — (1) the gap between a
   * randomly pruned network and its dense counterpart shrinks as the network gets wider: MLP widths 1, 4, 16 across
   * sparsities 0.5–0.98; (2) layer-wise allocation matters more at high sparsity: ERK against uniform everywhere;
   * and ResNet-20 at the key points 0.9 and 0.98.
   */
  public static final String PAPER_FMNIST = "paper-fmnist";

  /**
   * Dynamic against static sparse training on Fashion-MNIST: the MLP at widths 1 and 4, ERK at sparsities 0.9, 0.95
   * and 0.98, static vs SET vs RigL, seeds 0–2, with the dense baselines.
   */
  public static final String DST_FMNIST = "dst-fmnist";

  /**
   * One grid of a preset.
   *
   * @param grid the cells (each width's dense baseline comes with it)
   * @param epochs training epochs of every cell
   */
  public record Part(SweepGrid grid, int epochs) {
    /** Checks the epochs. */
    public Part {
      if (epochs < 1) {
        throw new IllegalArgumentException("a preset part needs epochs ≥ 1, got " + epochs);
      }
    }

    /** The sweep options this part stands for, e.g. {@code --model mlp --widths 1,4,16 … --epochs 5}. */
    public List<String> asOptions() {
      List<String> o = new ArrayList<>(List.of("--model", String.join(",", grid.models()),
          "--widths", numbers(grid.widths()), "--sparsities", numbers(grid.sparsities()),
          "--allocators", String.join(",", grid.allocators())));
      if (!grid.pruners().equals(List.of("random"))) {
        o.addAll(List.of("--pruners", String.join(",", grid.pruners())));
      }
      if (!grid.dsts().equals(List.of(TopologyUpdater.STATIC))) {
        o.addAll(List.of("--dsts", String.join(",", grid.dsts())));
      }
      o.addAll(List.of("--seeds", String.join(",", grid.seeds().stream().map(String::valueOf).toList()),
          "--epochs", Integer.toString(epochs)));
      return o;
    }

    private static String numbers(List<Double> values) {
      return String.join(",", values.stream().map(Format::number).toList());
    }
  }

  private static final Map<String, List<Part>> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put(PAPER_FMNIST, List.of(
        new Part(new SweepGrid(List.of("mlp"), List.of(1.0, 4.0, 16.0), List.of(0.5, 0.8, 0.9, 0.95, 0.98),
            List.of("erk", "uniform"), List.of("random"), null, List.of(0L)), 5),
        new Part(new SweepGrid(List.of("resnet20"), List.of(1.0), List.of(0.9, 0.98), List.of("erk", "uniform"),
            List.of("random"), null, List.of(0L)), 3)));
    // Static vs SET vs RigL (Evci et al. 2020; Liu et al. 2021's ITOP rate) on the MLP at two widths and three
    // sparsities, 3 seeds, with dense baselines: 3 × 2 × 3 × 3 + 6 = 60 cells of 5 epochs (RigL and static are
    // compared at 98 % after 5 epochs; ≈ 20 s a cell on 2 cores).
    PRESETS.put(DST_FMNIST, List.of(
        new Part(new SweepGrid(List.of("mlp"), List.of(1.0, 4.0), List.of(0.9, 0.95, 0.98), List.of("erk"),
            List.of("random"), List.of(TopologyUpdater.STATIC, "set", "rigl"), null, List.of(0L, 1L, 2L)), 5)));
  }

  /**
   * The grid options a preset sets; every training hyper-parameter option (the {@code train} options shared with
   * {@code sweep}) is set by it too. Given together with {@code --preset}, they are an error.
   */
  public static final Set<String> GRID_OPTIONS = Set.of("--model", "--widths", "--sparsities", "--allocators",
      "--pruners", "--dsts", "--backends", "--seeds", "--allocator-option", "--pruner-option", "--mask-mode");

  private SweepPresets() {}

  /** The preset names, for {@code --help}. */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return PRESETS.keySet().iterator();
    }
  }

  /**
   * The parts of {@code name}.
   *
   * @throws IllegalArgumentException naming the presets for an unknown name
   */
  public static List<Part> parts(String name) {
    List<Part> p = PRESETS.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown preset '" + name + "'; presets: " + String.join(", ",
          PRESETS.keySet()));
    }
    return p;
  }

  /** The preset as the sweep commands it stands for, separated by {@code " + "}. */
  public static String describe(String name) {
    List<String> parts = new ArrayList<>();
    parts(name).forEach(p -> parts.add(String.join(" ", p.asOptions())));
    return String.join(" + ", parts);
  }
}
