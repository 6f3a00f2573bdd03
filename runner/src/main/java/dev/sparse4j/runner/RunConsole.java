package dev.sparse4j.runner;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskCounts;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.metrics.OodReport;
import dev.sparse4j.metrics.robustness.RobustnessCurve;
import dev.sparse4j.metrics.robustness.RobustnessPoint;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.ScorePruner;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.RunConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The lines around a run: the header (progress) before training, the summary (result) after it. */
final class RunConsole {
  private final RunOutput output;

  RunConsole(RunOutput output) {
    this.output = output;
  }

  /** The lines before training: model and backend, the plan and the pruner, the optimizer. */
  void printHeader(String label, RunConfig c, ModelSpec spec, DensityPlan plan, MaskCounts masks, Pruner pruner,
      RunPruning pruning, SparseBackend backend) {
    output.progress(label + String.format(Locale.ROOT, "model %s (width %s, %s parameters) on %s, backend %s (%s)",
        spec.name(), Format.number(c.width()), Format.count(spec.parameterCount()), c.dataset(), backend.id(),
        Format.map(backend.versions())));
    if (c.dense()) {
      output.progress(label + "dense baseline: all " + Format.count(plan.totalParams()) + " prunable weights kept");
    } else {
      output.progress(label + String.format(Locale.ROOT,
          "%s allocation at density %.4f (sparsity %s): %s of %s prunable weights kept; pruner %s (%s)",
          plan.allocator(), plan.targetDensity(), Format.number(c.sparsity()), Format.count(masks.kept()),
          Format.count(plan.totalParams()), pruner.name(), Format.map(pruner.config())));
      if (pruner instanceof ScorePruner sp && !sp.layerWise()) {
        // A global score pruner keeps the plan's total only: say so, or the allocator's name misleads.
        output.progress(label + "  global selection: the per-layer densities come from the " + pruner.name()
            + " scores, the " + plan.allocator() + " allocation sets only the total (layer-wise=true keeps its"
            + " per-layer densities)");
      }
      if (pruning.seconds() >= 1) {
        output.progress(label + "  allocation and pruning took " + Format.duration(pruning.seconds()));
      }
      if (c.topology() != null) {
        output.progress(label + String.format(Locale.ROOT, "dynamic sparse training: %s every %d steps until %s %% of "
            + "the steps, drop fraction %s cosine-decayed%s", c.dstName(), c.topology().interval(),
            Format.number(c.topology().end() * 100), Format.number(c.topology().fraction()),
            c.topology().options().isEmpty() ? "" : " (" + Format.map(c.topology().options()) + ")"));
      }
    }
    String opt = c.optimizer().equals("sgd")
        ? String.format(Locale.ROOT, "sgd momentum %s%s", Format.number(c.momentum()), c.nesterov() ? " nesterov" : "")
        : "adam";
    String aug = c.flip() || c.cropPadding() > 0
        ? (c.flip() ? "flip" : "") + (c.flip() && c.cropPadding() > 0 ? " + " : "")
            + (c.cropPadding() > 0 ? "crop (padding " + c.cropPadding() + ")" : "")
        : "off";
    output.progress(label + String.format(Locale.ROOT,
        "%s, lr %s (%s), weight decay %s, batch %d, %d epoch%s, seed %d, augmentation %s", opt, Format.number(c.learningRate()),
        c.schedule(), Format.number(c.weightDecay()), c.batchSize(), c.epochs(), c.epochs() == 1 ? "" : "s", c.seed(), aug));
  }

  /** The lines after the run: where it is, the metrics, the density and the files. */
  void printSummary(String label, Path dir, RunReport r) {
    var c = r.evaluation().classification();
    output.result(label + "Finished in " + Format.duration(r.wallSeconds()) + " (training "
        + Format.duration(r.trainSeconds()) + PeakMemory.residentBytes().map(b -> String.format(Locale.ROOT,
            ", peak memory %,d MiB", b / (1024 * 1024))
            + PeakMemory.preloadedAllocator().map(a -> " with " + a).orElse("")).orElse("")
        + "). Run directory: " + dir);
    output.result(label + String.format(Locale.ROOT, "  test accuracy %.4f   NLL %.4f   ECE %.4f   Brier %.4f   (%s examples)",
        c.accuracy(), c.nll(), c.ece(), c.brier(), Format.count(c.count())));
    for (Map.Entry<String, OodReport> e : r.evaluation().ood().entrySet()) {
      OodReport o = e.getValue();
      StringBuilder sb = new StringBuilder("  OOD " + e.getKey() + ": AUROC");
      for (String s : o.scoreNames()) {
        sb.append(' ').append(s).append(' ').append(Format.fraction(o.get(s).auroc()));
      }
      sb.append("   FPR95");
      for (String s : o.scoreNames()) {
        sb.append(' ').append(s).append(' ').append(Format.fraction(o.get(s).fpr95()));
      }
      output.result(label + sb);
    }
    for (Map.Entry<String, RobustnessCurve> e : r.result().robustness().entrySet()) {
      RobustnessCurve curve = e.getValue();
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %s accuracy (%s examples, clean %s):",
          e.getKey().toUpperCase(Locale.ROOT), Format.count(curve.count()), Format.fraction(curve.cleanAccuracy())));
      for (RobustnessPoint p : curve.points()) {
        sb.append("  ε ").append(EvalSettings.radiusLabel(e.getKey(), p.eps())).append(' ')
            .append(Format.fraction(p.accuracy()));
      }
      output.result(label + sb);
    }
    output.result(label + String.format(Locale.ROOT, "  density %.4f: %s of %s prunable weights kept; MACs per example"
            + " (theoretical) %s sparse vs %s dense", r.totalDensity(), Format.count(r.prunableKept()),
        Format.count(r.plan().totalParams()), Format.millions(r.sparseMacs()), Format.millions(r.denseMacs())));
    output.result(label + "  files: " + String.join(", ", r.files()));
  }
}
