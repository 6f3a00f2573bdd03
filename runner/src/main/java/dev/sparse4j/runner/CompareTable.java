package dev.sparse4j.runner;

import dev.sparse4j.runner.report.CompareJson;
import dev.sparse4j.runner.report.Format;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@code sparse4j compare}: {@code compare.md} (a markdown table with notes) and {@code compare.json}.
 */
public final class CompareTable {

  private CompareTable() {}

  /** {@code compare.md}: title, settings, the table, what the columns mean and each configuration's train command. */
  public static String markdown(CompareSettings c, List<CompareRow> rows, String backendId, EvalSettings settings) {
    StringBuilder sb = new StringBuilder();
    String oodSet = rows.stream().map(CompareRow::oodSet).filter(s -> s != null).findFirst().orElse("none");
    sb.append("# sparse4j compare: ").append(c.model()).append(c.width() == 1 ? "" : " ×" + Format.number(c.width()))
        .append(" on ").append(c.dataset()).append("\n\n");
    sb.append(String.format(Locale.ROOT, "Sparsity %s (density %s) for the sparse configurations; %d epoch%s each, "
            + "batch 128, SGD (Nesterov momentum 0.9, weight decay 5e-4), learning rate 0.1 with ×0.1 steps at 50%% "
            + "and 75%% of the epochs, seed %d, backend %s; %s training images%s.\n\n", Format.number(c.sparsity()),
        Format.number(c.density()), c.epochs(), c.epochs() == 1 ? "" : "s", c.seed(), backendId,
        c.trainLimit() > 0 ? "the first " + Format.count(c.trainLimit()) : "all", c.testLimit() > 0 ? ", the first "
            + Format.count(c.testLimit()) + " test images" : ""));
    List<String> header = new ArrayList<>(List.of("config", "density", "accuracy", "ECE", "NLL", "AUROC msp",
        "AUROC energy", "AUROC odin"));
    for (EvalSettings.Epsilon e : settings.eps()) {
      header.add("FGSM @" + e.label());
    }
    if (settings.pgd()) {
      for (EvalSettings.Epsilon e : settings.eps()) {
        header.add("PGD @" + e.label());
      }
    }
    header.add("train time");
    sb.append("| ").append(String.join(" | ", header)).append(" |\n");
    sb.append("|---");
    for (int i = 1; i < header.size(); i++) {
      sb.append("|---:");
    }
    sb.append("|\n");
    for (CompareRow r : rows) {
      List<String> cells = new ArrayList<>(List.of(r.variant().title(), Format.fraction(r.density()),
          Format.fraction(r.accuracy()), Format.fraction(r.ece()), Format.fraction(r.nll()),
          Format.fraction(r.aurocMsp()), Format.fraction(r.aurocEnergy()), Format.fraction(r.aurocOdin())));
      for (double v : r.fgsm()) {
        cells.add(Format.fraction(v));
      }
      if (settings.pgd()) {
        for (double v : r.pgd()) {
          cells.add(Format.fraction(v));
        }
      }
      cells.add(Format.duration(r.trainSeconds()));
      sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    int count = rows.stream().mapToInt(CompareRow::robustCount).max().orElse(0);
    sb.append('\n');
    sb.append("Accuracy, ECE (15 bins) and NLL on the test set; OOD AUROC with the ").append(oodSet)
        .append(" set as OOD (higher = better separated; ODIN with T = 1000, ε = 0.0014); FGSM and PGD-L∞ (")
        .append(settings.pgdSteps()).append(" steps of α = ε/4, random start) accuracy on the first ")
        .append(count == 0 ? "-" : Format.count(count)).append(" test images, ε in [0, 1] pixel units; train time = "
            + "the epochs' wall time (training and per-epoch test accuracy). `-` = not measured.\n\n");
    sb.append("Each configuration is a `sparse4j train` run; to reproduce one alone:\n\n");
    for (CompareRow r : rows) {
      sb.append("- ").append(r.variant().name()).append(" (").append(r.variant().title()).append("): `")
          .append(c.trainCommand(r.variant(), r.dir())).append("`\n");
    }
    return sb.toString();
  }

  /** {@code compare.json}: the settings and one entry per row. */
  public static CompareJson json(CompareSettings c, List<CompareRow> rows, String backendId, EvalSettings settings) {
    List<CompareJson.Run> runs = new ArrayList<>();
    for (CompareRow r : rows) {
      List<CompareJson.Point> fgsm = new ArrayList<>();
      List<CompareJson.Point> pgd = new ArrayList<>();
      for (int i = 0; i < settings.eps().size(); i++) {
        EvalSettings.Epsilon e = settings.eps().get(i);
        fgsm.add(new CompareJson.Point(e.value(), e.label(), r.fgsm()[i]));
        if (settings.pgd()) {
          pgd.add(new CompareJson.Point(e.value(), e.label(), r.pgd()[i]));
        }
      }
      CompareVariant v = r.variant();
      runs.add(new CompareJson.Run(v.name(), v.title(), v.allocator(), v.dense() ? "none" : v.pruner(),
          r.dir().toString(), r.action().name().toLowerCase(Locale.ROOT), c.trainCommand(v, r.dir()), r.density(),
          r.accuracy(), r.ece(), r.nll(), new CompareJson.Auroc(r.oodSet(), r.aurocMsp(), r.aurocEnergy(),
          r.aurocOdin()), new CompareJson.Robustness(r.robustCount(), fgsm, pgd), r.trainSeconds()));
    }
    return new CompareJson(CompareJson.FORMAT, CompareJson.VERSION, Instant.now().toString(),
        new CompareJson.Settings(c.model(), c.width(), c.dataset(), c.sparsity(), c.epochs(), c.seed(),
            c.trainLimit(), c.testLimit(), backendId, settings.toJson()), runs);
  }
}
