package dev.sparse4j.runner.sweep;

import dev.sparse4j.api.spi.AtomicFiles;
import dev.sparse4j.runner.EvalSettings;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.runner.RunDirectory;
import dev.sparse4j.runner.RunReevaluation;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.runner.report.MetricsJson;
import dev.sparse4j.runner.report.ReportJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The sweep's results, derived from its cells' run directories (never appended to): one row per finished cell with
 * its configuration and every metric of its {@code report.json}, and, over seeds, the mean and standard deviation of
 * each metric per configuration. Reading the same directories gives the same table, so a resumed or re-run sweep
 * can neither lose nor duplicate a row.
 *
 * @param rows one row per finished cell, in grid order; column → value (String, Double, Long or Boolean)
 * @param groups one group per configuration (the row's configuration without its seed), in grid order
 * @param missing the cells without a finished run, in grid order
 * @param invalid the cells whose report cannot be read, with why, in grid order (left out of the table)
 */
public record SweepResults(List<Map<String, Object>> rows, List<Group> groups, List<String> missing,
    Map<String, String> invalid) {

  /** Without unreadable cells. */
  public SweepResults(List<Map<String, Object>> rows, List<Group> groups, List<String> missing) {
    this(rows, groups, missing, Map.of());
  }

  /** The configuration columns, before the metrics. */
  public static final List<String> CONFIG_COLUMNS = List.of("cell", "model", "width", "allocator", "sparsity",
      "density", "pruner", "dst", "backend", "seed", "dataset", "epochs", "batchSize", "lr", "schedule", "optimizer",
      "weightDecay", "momentum", "nesterov", "flip", "cropPadding", "trainLimit", "testLimit", "allocatorOptions",
      "prunerOptions");
  // The columns that tell configurations apart (a group = rows equal in all of them).
  private static final List<String> KEY_COLUMNS = CONFIG_COLUMNS.stream()
      .filter(c -> !c.equals("cell") && !c.equals("seed")).toList();

  /**
   * The mean and sample standard deviation of every numeric metric over the seeds of one configuration.
   *
   * @param key the configuration columns (without cell and seed)
   * @param seeds how many rows (seeds) it averages
   * @param mean metric → mean
   * @param std metric → sample standard deviation (0 for one seed)
   */
  public record Group(Map<String, Object> key, int seeds, Map<String, Double> mean, Map<String, Double> std) {}

  /**
   * Reads the reports of {@code cells} under {@code cellsDir}; a cell without a report is listed as missing.
   *
   * @throws IOException if a report exists but cannot be read
   */
  public static SweepResults read(Path cellsDir, List<SweepCell> cells) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Map<String, String> invalid = new LinkedHashMap<>();
    for (SweepCell c : cells) {
      Path report = cellsDir.resolve(c.id()).resolve(RunDirectory.REPORT);
      if (!Files.isRegularFile(report)) {
        missing.add(c.id());
        continue;
      }
      try {
        // One damaged report costs its row, not the table.
        rows.add(row(c.id(), RunReevaluation.readReport(report))); // the one (typed) reader of report.json
      } catch (IOException | RuntimeException e) {
        invalid.put(c.id(), e.getMessage() != null ? e.getMessage() : e.toString());
      }
    }
    return new SweepResults(rows, groups(rows), missing, invalid);
  }

  /** One row: the cell's configuration, then its densities and times, then every metric. */
  static Map<String, Object> row(String cell, ReportJson report) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("cell", cell);
    Map<String, Object> config = Json.fields(report.config()); // the flat "config" object of report.json
    for (String c : CONFIG_COLUMNS.subList(1, CONFIG_COLUMNS.size())) {
      row.put(c, value(config.get(c)));
    }
    // Static sparse training writes no dst fields (and reports from before dynamic sparse training have none).
    if (row.get("dst") == null) {
      row.put("dst", TopologyUpdater.STATIC);
    }
    row.put("totalDensity", report.totalDensity());
    row.put("trainSeconds", report.trainSeconds());
    row.put("evalSeconds", report.evalSeconds());
    row.put("wallSeconds", report.wallSeconds());
    MetricsJson m = report.metrics();
    row.put("accuracy", m == null ? null : m.accuracy());
    row.put("nll", m == null ? null : m.nll());
    row.put("brier", m == null ? null : m.brier());
    row.put("ece", m == null ? null : m.ece());
    row.put("mce", m == null ? null : m.mce());
    List<ReportJson.Epoch> history = report.history();
    ReportJson.Epoch last = history == null || history.isEmpty() ? null : history.get(history.size() - 1);
    row.put("itop", last == null ? null : last.itop());
    if (m == null) {
      return row;
    }
    m.ood().forEach((set, scores) -> scores.forEach((score, s) -> {
      row.put("ood." + set + "." + score + ".auroc", s.auroc());
      row.put("ood." + set + "." + score + ".fpr95", s.fpr95());
    }));
    MetricsJson.Robustness rob = m.robustness();
    if (rob != null) {
      row.put("cleanAccuracy", rob.cleanAccuracy());
      for (String attack : List.of("fgsm", "pgd", "pgd-l2")) {
        for (MetricsJson.AttackPoint p : rob.attack(attack)) {
          row.put(attack + "@" + EvalSettings.radiusLabel(attack, p.eps()), p.accuracy());
        }
      }
    }
    return row;
  }

  /** A configuration value as a table cell: option maps as {@code k=v;…}, lists space-separated, integers as long. */
  private static Object value(Object v) {
    if (v instanceof Map<?, ?> map) {
      List<String> parts = new ArrayList<>();
      map.forEach((k, x) -> parts.add(k + "=" + x));
      return String.join(";", parts);
    }
    if (v instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(x -> parts.add(String.valueOf(x)));
      return String.join(" ", parts);
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    return v; // Long, Double, Boolean, String or null
  }


  private static List<Group> groups(List<Map<String, Object>> rows) {
    Map<Map<String, Object>, List<Map<String, Object>>> byKey = new LinkedHashMap<>();
    for (Map<String, Object> r : rows) {
      Map<String, Object> key = new LinkedHashMap<>();
      KEY_COLUMNS.forEach(c -> key.put(c, r.get(c)));
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    List<Group> out = new ArrayList<>();
    byKey.forEach((key, members) -> {
      Map<String, Double> mean = new LinkedHashMap<>();
      Map<String, Double> std = new LinkedHashMap<>();
      for (String col : metricColumns(members)) {
        double[] xs = members.stream().map(r -> r.get(col)).filter(v -> v instanceof Number)
            .mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        if (xs.length == 0) {
          continue;
        }
        double mu = 0;
        for (double x : xs) {
          mu += x / xs.length;
        }
        double ss = 0;
        for (double x : xs) {
          ss += (x - mu) * (x - mu);
        }
        mean.put(col, mu);
        std.put(col, xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0.0);
      }
      out.add(new Group(key, members.size(), mean, std));
    });
    return out;
  }

  private static List<String> metricColumns(List<Map<String, Object>> rows) {
    Set<String> cols = new LinkedHashSet<>();
    rows.forEach(r -> cols.addAll(r.keySet()));
    cols.removeAll(CONFIG_COLUMNS);
    return List.copyOf(cols);
  }

  /** Every column of the rows, configuration first, in first-seen order. */
  public List<String> columns() {
    Set<String> cols = new LinkedHashSet<>(CONFIG_COLUMNS);
    rows.forEach(r -> cols.addAll(r.keySet()));
    return List.copyOf(cols);
  }

  /** {@code results.csv}: a header and one line per finished cell (RFC 4180 quoting). */
  public String csv() {
    List<String> cols = columns();
    StringBuilder sb = new StringBuilder(String.join(",", cols.stream().map(SweepResults::csvField).toList()))
        .append('\n');
    for (Map<String, Object> r : rows) {
      sb.append(String.join(",", cols.stream().map(c -> csvField(text(r.get(c)))).toList())).append('\n');
    }
    return sb.toString();
  }

  /** {@code summary.csv}: per configuration, the number of seeds and each metric's mean and standard deviation. */
  public String summaryCsv() {
    List<String> metrics = new ArrayList<>(new LinkedHashSet<>(groups.stream()
        .flatMap(g -> g.mean().keySet().stream()).toList()));
    List<String> header = new ArrayList<>(KEY_COLUMNS);
    header.add("seeds");
    metrics.forEach(m -> {
      header.add(m + ".mean");
      header.add(m + ".std");
    });
    StringBuilder sb = new StringBuilder(String.join(",", header.stream().map(SweepResults::csvField).toList()))
        .append('\n');
    for (Group g : groups) {
      List<String> f = new ArrayList<>();
      KEY_COLUMNS.forEach(c -> f.add(csvField(text(g.key().get(c)))));
      f.add(Integer.toString(g.seeds()));
      metrics.forEach(m -> {
        f.add(text(g.mean().get(m)));
        f.add(text(g.std().get(m)));
      });
      sb.append(String.join(",", f)).append('\n');
    }
    return sb.toString();
  }

  /** Writes {@code results.csv}, {@code results.json} and, with several seeds, {@code summary.csv}; atomically. */
  public List<String> write(Path dir, Map<String, Object> sweep) throws IOException {
    List<String> written = new ArrayList<>();
    AtomicFiles.writeString(dir.resolve("results.csv"), csv());
    written.add("results.csv");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", "sparse4j-sweep-results");
    json.put("version", 1);
    json.put("sweep", sweep);
    json.put("rows", rows);
    json.put("groups", groups);
    json.put("missing", missing);
    Json.write(dir.resolve("results.json"), json);
    written.add("results.json");
    if (groups.stream().anyMatch(g -> g.seeds() > 1)) {
      AtomicFiles.writeString(dir.resolve("summary.csv"), summaryCsv());
      written.add("summary.csv");
    }
    return written;
  }

  private static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? Double.toString(d) : d.isNaN() ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
    }
    return v.toString();
  }

  private static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /**
   * The table a person reads: one line per configuration (mean ± std over seeds), with the dense-minus-sparse
   * accuracy gap at the same model, width, backend and epochs.
   */
  public String markdown() {
    String ood = groups.stream().flatMap(g -> g.mean().keySet().stream())
        .filter(k -> k.startsWith("ood.") && k.endsWith(".energy.auroc")).findFirst().orElse(null);
    String pgd = groups.stream().flatMap(g -> g.mean().keySet().stream()).filter(k -> k.startsWith("pgd@"))
        .findFirst().orElse(null);
    // Dynamic sparse training adds its updater and the ITOP rate; a static-only table keeps its columns.
    boolean dynamic = groups.stream().anyMatch(g -> !TopologyUpdater.STATIC.equals(g.key().get("dst")));
    StringBuilder sb = new StringBuilder("| model | width | allocator | sparsity | pruner |" + (dynamic ? " dst |" : "")
        + " backend | epochs | seeds | accuracy | gap to dense | ECE | NLL |" + (dynamic ? " ITOP rate |" : "")
        + (ood == null ? "" : " OOD AUROC (energy) |") + (pgd == null ? "" : " PGD " + pgd.substring(4) + " |")
        + "\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|").append(dynamic ? "---|---|" : "")
        .append(ood == null ? "" : "---|").append(pgd == null ? "" : "---|").append('\n');
    for (Group g : groups) {
      Map<String, Object> k = g.key();
      boolean dense = "dense".equals(k.get("allocator"));
      Group base = denseBaseline(groups, g);
      String gap = dense || base == null ? "" : String.format(Locale.ROOT, "%+.4f",
          number(base, "accuracy") - number(g, "accuracy"));
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%s %s | %s | %d | %s | %s | %s | %s |",
          k.get("model"), number(k.get("width")), k.get("allocator"), dense ? "0"
              : String.format(Locale.ROOT, "%.4f", measuredSparsity(g)),
          dense ? "" : k.get("pruner"), dynamic ? " " + (dense ? "" : k.get("dst")) + " |" : "", k.get("backend"),
          k.get("epochs"), g.seeds(), cell(g, "accuracy"), gap, cell(g, "ece"), cell(g, "nll")));
      if (dynamic) {
        sb.append(' ').append(g.mean().containsKey("itop") ? cell(g, "itop") : "").append(" |");
      }
      if (ood != null) {
        sb.append(' ').append(cell(g, ood)).append(" |");
      }
      if (pgd != null) {
        sb.append(' ').append(cell(g, pgd)).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The dense configuration in {@code groups} with {@code g}'s model, width, backend and epochs, or {@code null}. */
  public static Group denseBaseline(List<Group> groups, Group g) {
    return groups.stream().filter(d -> "dense".equals(d.key().get("allocator"))
        && Objects.equals(d.key().get("model"), g.key().get("model"))
        && Objects.equals(d.key().get("width"), g.key().get("width"))
        && Objects.equals(d.key().get("backend"), g.key().get("backend"))
        && Objects.equals(d.key().get("epochs"), g.key().get("epochs"))).findFirst().orElse(null);
  }

  private static String number(Object v) {
    return v instanceof Number n ? dev.sparse4j.runner.report.Format.number(n.doubleValue()) : String.valueOf(v);
  }

  private static String cell(Group g, String metric) {
    double m = number(g, metric);
    if (Double.isNaN(m)) {
      return "";
    }
    return g.seeds() > 1 ? String.format(Locale.ROOT, "%.4f ± %.4f", m, g.std().get(metric))
        : String.format(Locale.ROOT, "%.4f", m);
  }

  /** The mean of {@code metric} for the group with these key values, or NaN. */
  public static double number(Group g, String metric) {
    Double v = g.mean().get(metric);
    return v == null ? Double.NaN : v;
  }

  /**
   * The sparsity the group's runs measured ({@code 1 − totalDensity}, mean over seeds), falling back to the
   * requested one for reports without {@code totalDensity}.
   */
  public static double measuredSparsity(Group g) {
    double density = number(g, "totalDensity");
    return Double.isNaN(density) ? ((Number) g.key().get("sparsity")).doubleValue() : 1 - density;
  }
}
