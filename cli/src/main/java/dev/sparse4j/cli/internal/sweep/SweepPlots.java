package dev.sparse4j.cli.internal.sweep;

import dev.sparse4j.cli.internal.Plots;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.sweep.SweepResults;
import dev.sparse4j.runner.sweep.SweepResults.Group;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The sweep's plots (PNG, under {@code plots/}): accuracy, ECE, OOD AUROC (energy), PGD accuracy and, for a sweep
 * with dynamic sparse training, the final ITOP rate against sparsity — one line per width and allocator (and
 * topology updater, pruner, backend), each width's dense level dashed in the same colour — and the dense-minus-sparse
 * accuracy gap against width, one line per allocator and sparsity. Error bars are one standard deviation over the
 * seeds. One set of files per model.
 */
public final class SweepPlots {
  private SweepPlots() {}

  /** Writes every plot the results support; a machine that cannot draw gets a warning and no plots. */
  public static List<String> write(Path dir, SweepResults results, String label, PrintWriter err) {
    List<String> written = new ArrayList<>();
    try {
      Path plots = dir.resolve("plots");
      Files.createDirectories(plots);
      Set<Object> models = new LinkedHashSet<>();
      results.groups().forEach(g -> models.add(g.key().get("model")));
      for (Object model : models) {
        List<Group> groups = results.groups().stream().filter(g -> Objects.equals(g.key().get("model"), model))
            .toList();
        String suffix = models.size() > 1 ? "-" + model : "";
        written.addAll(forModel(plots, String.valueOf(model), suffix, groups));
      }
    } catch (Exception | LinkageError | java.awt.AWTError | InternalError e) {
      err.println(label + "warning: could not draw the sweep plots (" + e + "); the tables are complete. Drawing "
          + "needs fonts: install fontconfig and a font (e.g. apt-get install fontconfig fonts-dejavu-core)");
    }
    return written;
  }

  private static List<String> forModel(Path plots, String model, String suffix, List<Group> groups)
      throws IOException {
    List<String> written = new ArrayList<>();
    List<String> metrics = new ArrayList<>(List.of("accuracy", "ece"));
    groups.stream().flatMap(g -> g.mean().keySet().stream())
        .filter(k -> k.startsWith("ood.") && k.endsWith(".energy.auroc")).findFirst().ifPresent(metrics::add);
    groups.stream().flatMap(g -> g.mean().keySet().stream()).filter(k -> k.startsWith("pgd@")).findFirst()
        .ifPresent(metrics::add);
    if (distinct(sparse(groups), "dst").size() > 1) {
      metrics.add("itop");
    }
    for (String metric : metrics) {
      String name = fileName(metric) + "-vs-sparsity" + suffix + ".png";
      Plots.lines(plots.resolve(name), title(metric) + " against sparsity, " + model,
          subtitle(groups) + (metric.equals("itop") ? "" : ", dashed: dense"), "sparsity",
          title(metric), againstSparsity(groups, metric));
      written.add("plots/" + name);
    }
    List<Plots.Line> gap = gapAgainstWidth(groups);
    if (!gap.isEmpty()) {
      String name = "gap-vs-width" + suffix + ".png";
      Plots.lines(plots.resolve(name), "Dense minus sparse accuracy against width, " + model, subtitle(groups),
          "width multiplier", "accuracy gap (dense − sparse)", gap);
      written.add("plots/" + name);
    }
    return written;
  }

  /** One line per (width, allocator, pruner, backend), and each width's dense level, dashed. */
  static List<Plots.Line> againstSparsity(List<Group> groups, String metric) {
    List<Object> widths = distinct(groups, "width");
    Map<String, List<Plots.Point>> lines = new LinkedHashMap<>();
    Map<String, Integer> colors = new LinkedHashMap<>();
    List<Object> dsts = distinct(sparse(groups), "dst");
    // Each width owns a block of colours: one per allocator and updater; its dense level takes the block's first.
    int stride = Math.max(2, distinct(sparse(groups), "allocator").size() * dsts.size());
    List<Plots.Line> out = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Group g : sparse(groups)) {
      if (!Double.isFinite(SweepResults.number(g, metric))) {
        continue; // e.g. no ITOP rate in a static run's report
      }
      // Measured, not requested: a cell is plotted where its masks really are.
      double x = SweepResults.measuredSparsity(g);
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      String name = "×" + Format.number(((Number) g.key().get("width")).doubleValue()) + " " + g.key().get("allocator")
          + variant(g, groups);
      lines.computeIfAbsent(name, k -> new ArrayList<>()).add(point(g, metric, x));
      colors.putIfAbsent(name, widths.indexOf(g.key().get("width")) * stride
          + allocatorIndex(groups, g) * dsts.size() + Math.max(0, dsts.indexOf(g.key().get("dst"))));
    }
    lines.forEach((name, pts) -> out.add(new Plots.Line(name, sorted(pts), colors.get(name), false)));
    for (Group d : dense(groups)) {
      double y = SweepResults.number(d, metric);
      if (Double.isFinite(y) && lo <= hi) {
        out.add(new Plots.Line("×" + Format.number(((Number) d.key().get("width")).doubleValue()) + " dense"
            + variant(d, groups), List.of(new Plots.Point(lo, y, 0), new Plots.Point(hi, y, 0)),
            widths.indexOf(d.key().get("width")) * stride, true));
      }
    }
    return out;
  }

  /** One line per (allocator, sparsity): dense minus sparse accuracy at each width that has both. */
  static List<Plots.Line> gapAgainstWidth(List<Group> groups) {
    Map<String, List<Plots.Point>> lines = new LinkedHashMap<>();
    for (Group g : sparse(groups)) {
      Group d = SweepResults.denseBaseline(groups, g);
      if (d == null) {
        continue;
      }
      double w = ((Number) g.key().get("width")).doubleValue();
      double gap = SweepResults.number(d, "accuracy") - SweepResults.number(g, "accuracy");
      double err = Math.hypot(d.std().getOrDefault("accuracy", 0.0), g.std().getOrDefault("accuracy", 0.0));
      String name = g.key().get("allocator") + " s=" + Format.number(((Number) g.key().get("sparsity")).doubleValue())
          + variant(g, groups);
      lines.computeIfAbsent(name, k -> new ArrayList<>()).add(new Plots.Point(w, gap, err));
    }
    List<Plots.Line> out = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, List<Plots.Point>> e : lines.entrySet()) {
      if (e.getValue().size() > 1) {
        out.add(new Plots.Line(e.getKey(), sorted(e.getValue()), i, false));
      }
      i++;
    }
    return out;
  }

  private static Plots.Point point(Group g, String metric, double x) {
    return new Plots.Point(x, SweepResults.number(g, metric), g.std().getOrDefault(metric, 0.0));
  }

  private static List<Plots.Point> sorted(List<Plots.Point> pts) {
    return pts.stream().sorted(Comparator.comparingDouble(Plots.Point::x)).toList();
  }

  private static List<Group> sparse(List<Group> groups) {
    return groups.stream().filter(g -> !"dense".equals(g.key().get("allocator"))).toList();
  }

  private static List<Group> dense(List<Group> groups) {
    return groups.stream().filter(g -> "dense".equals(g.key().get("allocator"))).toList();
  }

  /** The topology updater, pruner and backend in a legend entry, only when the sweep has several. */
  private static String variant(Group g, List<Group> all) {
    String s = "";
    if (distinct(sparse(all), "dst").size() > 1 && !"dense".equals(g.key().get("allocator"))) {
      s += " " + g.key().get("dst");
    }
    if (distinct(sparse(all), "pruner").size() > 1 && !"dense".equals(g.key().get("allocator"))) {
      s += " " + g.key().get("pruner");
    }
    if (distinct(all, "backend").size() > 1) {
      s += " (" + g.key().get("backend") + ")";
    }
    return s;
  }

  private static int allocatorIndex(List<Group> groups, Group g) {
    return Math.max(0, distinct(sparse(groups), "allocator").indexOf(g.key().get("allocator")));
  }

  private static List<Object> distinct(List<Group> groups, String column) {
    return new ArrayList<>(new LinkedHashSet<>(groups.stream().map(g -> g.key().get(column)).toList()));
  }

  private static String fileName(String metric) {
    if (metric.startsWith("ood.")) {
      return "ood-auroc";
    }
    if (metric.startsWith("pgd@")) {
      return "pgd-accuracy";
    }
    return metric;
  }

  private static String title(String metric) {
    if (metric.startsWith("ood.")) {
      return "OOD AUROC (" + metric.substring(4, metric.indexOf('.', 4)) + ", energy)";
    }
    if (metric.startsWith("pgd@")) {
      return "PGD accuracy (ε " + metric.substring(4) + ")";
    }
    return switch (metric) {
      case "ece" -> "ECE";
      case "itop" -> "ITOP rate (final)";
      default -> "test accuracy";
    };
  }

  private static String subtitle(List<Group> groups) {
    int seeds = groups.stream().mapToInt(Group::seeds).max().orElse(1);
    Object epochs = groups.isEmpty() ? "?" : groups.get(0).key().get("epochs");
    return epochs + (Objects.equals(epochs, 1L) ? " epoch, " : " epochs, ")
        + (seeds > 1 ? "mean ± std over " + seeds + " seeds" : "one seed");
  }
}
