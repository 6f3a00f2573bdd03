package dev.sparse4j.runner.sweep;

import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.prune.alloc.DenseAllocator;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.RunConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The grid of a sweep: models × widths × sparsities × allocators × pruners × topology updaters × backends × seeds,
 * plus each (model, width, backend, seed)'s dense baseline, always. Cells come out in a fixed order — per model,
 * backend, width and seed: the dense baseline first, then allocator × pruner × sparsity × updater — so that the first
 * results of a long sweep already compare sparse with dense, and static with dynamic sparse training.
 *
 * @param models zoo model names
 * @param widths width multipliers
 * @param sparsities sparsities in (0, 1)
 * @param allocators allocator names
 * @param pruners pruner names
 * @param dsts dynamic sparse training: {@code static} (none) or topology updater names; dense baselines are static
 * @param backends backend ids; a single {@code null} entry means the default selection
 * @param seeds seeds
 */
public record SweepGrid(List<String> models, List<Double> widths, List<Double> sparsities, List<String> allocators,
    List<String> pruners, List<String> dsts, List<String> backends, List<Long> seeds) {

  /** The grid of static sparse training only. */
  public SweepGrid(List<String> models, List<Double> widths, List<Double> sparsities, List<String> allocators,
      List<String> pruners, List<String> backends, List<Long> seeds) {
    this(models, widths, sparsities, allocators, pruners, List.of(TopologyUpdater.STATIC), backends, seeds);
  }

  /** Makes the run configuration of one cell (the hyper-parameters come from the command line or a preset). */
  @FunctionalInterface
  public interface Configs {
    /** The run of these grid coordinates. */
    RunConfig config(String backend, String model, double width, String allocator, double sparsity, String pruner,
        String dst, long seed);
  }

  /**
   * Checks every axis.
   *
   * @throws IllegalArgumentException for an empty axis, a repeated value, or a sparsity outside (0, 1)
   */
  public SweepGrid {
    models = axis("--model", models);
    widths = axis("--widths", widths);
    sparsities = axis("--sparsities", sparsities);
    allocators = axis("--allocators", allocators);
    pruners = axis("--pruners", pruners);
    dsts = axis("--dsts", dsts);
    backends = backends == null || backends.isEmpty() ? java.util.Collections.singletonList(null)
        : axis("--backends", backends);
    seeds = axis("--seeds", seeds);
    for (double s : sparsities) {
      if (!(s > 0 && s < 1)) {
        throw new IllegalArgumentException("--sparsities: every sparsity must be in (0, 1) (each width's dense "
            + "baseline is always included), got " + Format.number(s));
      }
    }
    for (double w : widths) {
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("--widths: every width must be > 0, got " + w);
      }
    }
    if (allocators.contains(DenseAllocator.NAME)) {
      throw new IllegalArgumentException("--allocators: 'dense' is not a sparse allocator; every width's dense "
          + "baseline is in the sweep already");
    }
  }

  private static <T> List<T> axis(String option, List<T> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(option + " needs at least one value");
    }
    Set<T> seen = new LinkedHashSet<>();
    for (T v : values) {
      if (!seen.add(Objects.requireNonNull(v, option))) {
        throw new IllegalArgumentException(option + " lists " + v + " twice");
      }
    }
    return List.copyOf(values);
  }

  /** Every cell, dense baselines included, in the grid's order. */
  public List<SweepCell> cells(Configs configs) {
    boolean namePruner = pruners.size() > 1 || !pruners.get(0).equals(RandomPruner.NAME);
    // Static-only grids keep the cell ids they had before dynamic sparse training (old sweeps still resume).
    boolean nameDst = dsts.size() > 1 || !dsts.get(0).equals(TopologyUpdater.STATIC);
    boolean nameBackend = backends.size() > 1;
    List<SweepCell> cells = new ArrayList<>();
    for (String model : models) {
      for (String backend : backends) {
        for (double width : widths) {
          for (long seed : seeds) {
            String tail = (nameBackend ? "-" + backend : "") + "-seed" + seed;
            String head = model + "-w" + Format.number(width);
            cells.add(new SweepCell(head + "-dense" + tail,
                configs.config(backend, model, width, DenseAllocator.NAME, 0.0, RandomPruner.NAME,
                    TopologyUpdater.STATIC, seed)));
            for (String allocator : allocators) {
              for (String pruner : pruners) {
                for (double sparsity : sparsities) {
                  for (String dst : dsts) {
                    String id = head + "-" + allocator + "-s" + Format.number(sparsity)
                        + (namePruner ? "-" + pruner : "") + (nameDst ? "-" + dst : "") + tail;
                    cells.add(new SweepCell(id, configs.config(backend, model, width, allocator, sparsity, pruner,
                        dst, seed)));
                  }
                }
              }
            }
          }
        }
      }
    }
    return cells;
  }
}
