package dev.sparse4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.data.DataDirectory;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.io.CorruptFileException;
import dev.sparse4j.api.io.MaskFile;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.cli.internal.CliException;
import dev.sparse4j.cli.internal.Format;
import dev.sparse4j.cli.internal.Json;
import dev.sparse4j.cli.internal.RunConfig;
import dev.sparse4j.cli.internal.RunData;
import dev.sparse4j.cli.internal.RunDirectory;
import dev.sparse4j.cli.internal.RunReport;
import dev.sparse4j.cli.internal.Weights;
import dev.sparse4j.metrics.EvaluationResult;
import dev.sparse4j.metrics.LogitScore;
import dev.sparse4j.metrics.ModelEvaluator;
import dev.sparse4j.metrics.OodReport;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
            + " on the test and OOD sets, print the metrics next to the report's and write eval.json into the run."},
    footer = {
        "%nExamples:",
        "  sparse4j eval --run runs/r20-erk-0.9",
        "  sparse4j eval --run runs/r20-erk-0.9 --backend djl-pytorch --data-dir /data/sparse4j"})
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

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Data directory (default: -Dsparse4j.data, SPARSE4J_DATA, else ~/.sparse4j/data).")
  private Path dataDir;

  @Option(names = "--threads", paramLabel = "N", description = "Backend threads (default: the backend's choice).")
  private Integer threads;

  @Option(names = "--eval-batch-size", defaultValue = "" + ModelEvaluator.DEFAULT_BATCH_SIZE, paramLabel = "N",
      description = "Examples per forward pass (default: ${DEFAULT-VALUE}).")
  private int evalBatchSize;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be ≥ 1, got " + threads);
    }
    if (!Files.isDirectory(run)) {
      throw new CliException("run directory " + run + " does not exist (give the --out directory of a train run)");
    }
    Path reportFile = run.resolve(RunDirectory.REPORT);
    if (!Files.isRegularFile(reportFile)) {
      throw new CliException(run + " has no " + RunDirectory.REPORT + ": it is not a finished sparse4j run"
          + (Files.isDirectory(run.resolve(RunDirectory.CHECKPOINTS))
              ? " (an interrupted one continues with: sparse4j train --out " + run + " --resume …)" : ""));
    }
    ObjectNode report = Json.read(reportFile);
    if (!RunReport.FORMAT.equals(report.path("format").asText())) {
      throw new CorruptFileException(reportFile, 0, "not a sparse4j run report");
    }
    RunConfig config;
    ModelOptions modelOptions;
    try {
      config = RunConfig.fromJson(report.get("config"));
      modelOptions = RunReport.modelOptions(report.get("model"));
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(reportFile, -1, e.getMessage());
    }
    ModelSpec modelSpec = Models.create(config.model(), modelOptions);
    Path weightsFile = run.resolve(RunDirectory.WEIGHTS);
    if (!Files.isRegularFile(weightsFile)) {
      throw new CliException(run + " has no " + RunDirectory.WEIGHTS + "; the run's weights are missing");
    }
    Path masksFile = run.resolve(RunDirectory.MASKS);
    boolean masked = report.path("masked").asBoolean(!config.dense());
    if (masked && !Files.isRegularFile(masksFile)) {
      throw new CliException(run + " has no " + RunDirectory.MASKS + " but the run is sparse; the masks are missing");
    }
    MaskSet masks = masked ? MaskFile.readMasks(masksFile) : MaskSet.empty();
    Map<String, float[]> weights = Weights.read(weightsFile, modelSpec);

    BackendRegistry registry = root.registry();
    SparseBackendProvider provider = registry.select(backend != null ? backend : config.backend());
    DataDirectory dir = DataDirectory.resolve(dataDir);
    err.println("loading " + config.dataset() + " test data from " + dir.path());
    err.flush();
    RunData data = RunData.load(config.dataset(), dir, false);
    Dataset test = config.testLimit() > 0 ? data.test().head(config.testLimit()) : data.test();

    Map<String, String> options = new LinkedHashMap<>();
    if (threads != null) {
      options.put("threads", Integer.toString(threads));
    }
    EvaluationResult result;
    try (SparseBackend b = registry.create(provider.id(), new BackendOptions(options));
        SparseModel model = b.build(modelSpec, config.seed())) {
      model.applyMasks(masks);
      model.loadState(weights);
      err.println("evaluating " + modelSpec.name() + " on " + provider.id() + " with " + Format.count(test.size())
          + " test examples" + (data.ood().isEmpty() ? "" : " and OOD sets " + data.ood().keySet()));
      err.flush();
      result = new ModelEvaluator(evalBatchSize, LogitScore.defaults()).evaluate(model, test, data.ood());
    }
    ObjectNode metrics = RunReport.metrics(result);
    JsonNode before = report.path("metrics");
    ObjectNode evalJson = Json.object();
    evalJson.put("format", "sparse4j-eval");
    evalJson.put("version", 1);
    evalJson.put("run", run.toAbsolutePath().normalize().toString());
    evalJson.put("backend", provider.id());
    evalJson.put("trainedOn", config.backend());
    evalJson.set("metrics", metrics);
    evalJson.set("reliability", RunReport.reliability(result.classification().calibration()));
    evalJson.set("reportMetrics", before);
    evalJson.put("evalSeconds", result.seconds());
    evalJson.put("wallSeconds", (System.nanoTime() - start) / 1e9);
    Json.write(run.resolve(RunDirectory.EVAL), evalJson);

    out.println("Evaluated " + run + " (" + modelSpec.name() + ", " + (masked ? "density "
        + Format.fraction(masks.density()) : "dense") + ") on " + provider.id() + ":");
    row(out, "accuracy", result.classification().accuracy(), before.path("accuracy"));
    row(out, "nll", result.classification().nll(), before.path("nll"));
    row(out, "brier", result.classification().brier(), before.path("brier"));
    row(out, "ece", result.classification().ece(), before.path("ece"));
    row(out, "mce", result.classification().mce(), before.path("mce"));
    for (Map.Entry<String, OodReport> e : result.ood().entrySet()) {
      for (String s : e.getValue().scoreNames()) {
        row(out, "ood " + e.getKey() + " " + s + " auroc", e.getValue().get(s).auroc(),
            before.path("ood").path(e.getKey()).path(s).path("auroc"));
      }
    }
    out.println("Wrote " + run.resolve(RunDirectory.EVAL));
    out.flush();
    return 0;
  }

  private static void row(PrintWriter out, String name, double now, JsonNode reported) {
    String was = reported.isNumber() ? String.format(Locale.ROOT, "%.4f", reported.asDouble()) : "-";
    out.println(String.format(Locale.ROOT, "  %-26s %.4f   (report: %s)", name, now, was));
  }
}
