package dev.sparse4j.cli;

import dev.sparse4j.metrics.EvaluationResult;
import dev.sparse4j.metrics.OodReport;
import dev.sparse4j.metrics.robustness.RobustnessCurve;
import dev.sparse4j.metrics.robustness.RobustnessPoint;
import dev.sparse4j.runner.EvalSettings;
import dev.sparse4j.runner.RunDirectory;
import dev.sparse4j.runner.RunOutput;
import dev.sparse4j.runner.RunReevaluation;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.MetricsJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sparse4j eval}: re-evaluate a finished run from its weights and masks. */
@Command(
    name = "eval",
    sortOptions = false,
    description = {
        "Rebuild the model of a finished run from its report.json, load weights.npz and masks.s4jm, evaluate it again"
            + " on the test and OOD sets (accuracy, calibration, OOD scores with ODIN, FGSM and PGD robustness),"
            + " print the metrics next to the report's and write eval.json into the run.",
        "Runs trained before robustness and ODIN were measured get them this way; --update-report also merges them"
            + " into report.json."},
    footer = {
        "%nExamples:",
        "  sparse4j eval --run runs/r20-erk-0.9",
        "  sparse4j eval --run runs/r20-erk-0.9 --update-report",
        "  sparse4j eval --run runs/r20-erk-0.9 --eps 2/255,4/255,8/255 --robustness-examples all",
        "  sparse4j eval --run runs/r20-erk-0.9 --no-robustness --no-odin --backend djl-pytorch"})
final class EvalCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private Sparse4jCli root;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run directory written by train.")
  private Path run;

  @Option(names = "--backend", paramLabel = "ID",
      description = "Backend to evaluate on (default: the one that trained the run).")
  private String backend;


  @Mixin
  private ResourceOptions resources = new ResourceOptions();

  @Mixin
  private EvalOptions evalOptions = new EvalOptions();

  @Option(names = "--update-report",
      description = "Also merge the new robustness and ODIN metrics into report.json (atomically; the other"
          + " metrics keep their values from training).")
  private boolean updateReport;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EvalSettings settings = evalOptions.settings();
    RunReevaluation.Outcome o = RunReevaluation.evaluate(root.registry(), run, backend, resources.dataDir(),
        resources.threads(), resources.backendOptions(), settings, updateReport, RunOutput.console(out, err, false), "");
    EvaluationResult result = o.result().evaluation();
    MetricsJson before = o.reportMetrics();
    out.println("Evaluated " + run + " (" + o.modelName() + ", " + (o.masked() ? "density "
        + Format.fraction(o.density()) : "dense") + ") on " + o.backend() + ":");
    row(out, "accuracy", result.classification().accuracy(), before.accuracy());
    row(out, "nll", result.classification().nll(), before.nll());
    row(out, "brier", result.classification().brier(), before.brier());
    row(out, "ece", result.classification().ece(), before.ece());
    row(out, "mce", result.classification().mce(), before.mce());
    for (Map.Entry<String, OodReport> e : result.ood().entrySet()) {
      Map<String, MetricsJson.OodScore> reported = before.ood().getOrDefault(e.getKey(), Map.of());
      for (String s : e.getValue().scoreNames()) {
        row(out, "ood " + e.getKey() + " " + s + " auroc", e.getValue().get(s).auroc(),
            reported.containsKey(s) ? reported.get(s).auroc() : Double.NaN);
      }
    }
    for (Map.Entry<String, RobustnessCurve> e : o.result().robustness().entrySet()) {
      for (RobustnessPoint p : e.getValue().points()) {
        row(out, e.getKey() + " accuracy ε " + EvalSettings.radiusLabel(e.getKey(), p.eps()), p.accuracy(),
            MetricsJson.accuracy(before.robustness(), e.getKey(), p.eps()));
      }
    }
    out.println("Wrote " + run.resolve(RunDirectory.EVAL)
        + (o.updatedFields().isEmpty() ? "" : "; updated " + run.resolve(RunDirectory.REPORT) + " ("
            + String.join(", ", o.updatedFields()) + ")"));
    out.flush();
    return 0;
  }

  private static void row(PrintWriter out, String name, double now, double reported) {
    String was = Double.isNaN(reported) ? "-" : String.format(Locale.ROOT, "%.4f", reported);
    out.println(String.format(Locale.ROOT, "  %-28s %.4f   (report: %s)", name, now, was));
  }
}
