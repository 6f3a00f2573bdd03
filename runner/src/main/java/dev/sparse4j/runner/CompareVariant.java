package dev.sparse4j.runner;

import dev.sparse4j.prune.RandomPruner;
import dev.sparse4j.prune.alloc.DenseAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One configuration of {@code sparse4j compare}.
 *
 * @param name subdirectory and {@code --configs} name
 * @param title what it is, for the table
 * @param allocator density allocator
 * @param pruner pruner
 */
public record CompareVariant(String name, String title, String allocator, String pruner) {

  /** The configurations, in table order. */
  public static final List<CompareVariant> ALL = List.of(
      new CompareVariant("dense", "dense", DenseAllocator.NAME, RandomPruner.NAME),
      new CompareVariant("erk", "ERK + random", "erk", RandomPruner.NAME),
      new CompareVariant("uniform", "uniform + random", "uniform", RandomPruner.NAME),
      new CompareVariant("snip-ratio", "SNIP-ratio + random", "snip-ratio", RandomPruner.NAME),
      // A global pruner takes only the layer set and the total from the plan; uniform gives exactly round(D·n_l).
      new CompareVariant("snip", "SNIP", "uniform", "snip"));

  /** Whether this is the dense baseline. */
  public boolean dense() {
    return allocator.equals(DenseAllocator.NAME);
  }

  /**
   * The variants named in {@code names}, in the given order.
   *
   * @throws IllegalArgumentException for an unknown or repeated name, listing the known ones
   */
  public static List<CompareVariant> parse(List<String> names) {
    List<String> known = ALL.stream().map(CompareVariant::name).toList();
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("--configs is empty; choose from " + String.join(", ", known));
    }
    List<CompareVariant> out = new ArrayList<>();
    for (String raw : names) {
      String n = raw.trim().toLowerCase(Locale.ROOT);
      CompareVariant v = ALL.stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow(() ->
          new IllegalArgumentException("unknown configuration '" + raw + "' in --configs; known configurations: "
              + String.join(", ", known)));
      if (out.contains(v)) {
        throw new IllegalArgumentException("--configs names '" + n + "' twice");
      }
      out.add(v);
    }
    return out;
  }
}
