package dev.sparse4j.runner;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.io.DirectoryLock;
import dev.sparse4j.io.data.DataDirectory;
import dev.sparse4j.runner.report.EvalJson;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.runner.report.MetricsJson;
import dev.sparse4j.runner.report.ReliabilityJson;
import dev.sparse4j.runner.report.ReportJson;
import dev.sparse4j.runner.report.RunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a finished run again from its files ({@code report.json}, {@code weights.npz}, {@code masks.s4jm}):
 * {@code sparse4j eval}, and {@code sparse4j compare} for runs that lack the robustness or ODIN metrics. Writes
 * {@code eval.json}; optionally merges the new metrics into {@code report.json}.
 */
public final class RunReevaluation {

  /** Format name of {@code eval.json}. */
  public static final String EVAL_FORMAT = EvalJson.FORMAT;

  /**
   * What was evaluated.
   *
   * @param run the run directory
   * @param config the run's configuration
   * @param modelName the model
   * @param masked whether the run is sparse
   * @param density the masks' density (1 for a dense run)
   * @param backend the backend that evaluated it
   * @param reportMetrics the report's {@code metrics} before any update
   * @param result what was measured now
   * @param evalJson what was written to {@code eval.json}
   * @param updatedFields the report fields that {@code updateReport} replaced or added (empty when not asked)
   */
  public record Outcome(Path run, RunConfig config, String modelName, boolean masked, double density, String backend,
      MetricsJson reportMetrics, RunEvaluation.Result result, EvalJson evalJson, List<String> updatedFields) {}

  private RunReevaluation() {}

  /**
   * Evaluates the run in {@code run}.
   *
   * @param backend backend id, or {@code null} for the one that trained the run
   * @param dataDir data directory, or {@code null} for the default resolution
   * @param threads backend threads, or {@code null}
   * @param updateReport also merge the new robustness and ODIN metrics into {@code report.json} (atomically)
   * @throws RunException naming a missing run directory, report, weights or mask file
   */
  public static Outcome evaluate(BackendRegistry registry, Path run, String backend, Path dataDir, Integer threads,
      EvalSettings settings, boolean updateReport, RunOutput err, String label) throws IOException {
    return evaluate(registry, run, backend, dataDir, threads, Map.of(), settings, updateReport, err, label);
  }

  /** As above, with other backend options ({@code --backend-option}) next to {@code threads}. */
  public static Outcome evaluate(BackendRegistry registry, Path run, String backend, Path dataDir, Integer threads,
      Map<String, String> backendOptions, EvalSettings settings, boolean updateReport, RunOutput err, String label)
      throws IOException {
    long start = System.nanoTime();
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be ≥ 1, got " + threads);
    }
    SavedRun saved = SavedRun.read(run);
    // eval writes eval.json (and report.json with --update-report): never while a train or another eval writes.
    try (DirectoryLock lock = RunDirectory.lock(run, "sparse4j eval")) {
      return evaluateLocked(registry, saved, backend, dataDir, threads, backendOptions, settings, updateReport, err,
          label, start);
    }
  }

  private static Outcome evaluateLocked(BackendRegistry registry, SavedRun saved, String backend, Path dataDir,
      Integer threads, Map<String, String> backendOptions, EvalSettings settings, boolean updateReport,
      RunOutput err, String label, long start) throws IOException {
    Path run = saved.run();
    Path reportFile = saved.reportFile();
    ReportJson report = saved.report();
    RunConfig config = saved.config();
    ModelSpec modelSpec = saved.spec();
    boolean masked = saved.masked();
    SparseBackendProvider provider = registry.select(backend != null ? backend : config.backend());
    // A run held as kept entries stays so on a backend that can hold it; any other backend gets it dense.
    boolean kept = saved.keptMasks() != null
        && provider.capabilities().contains(dev.sparse4j.api.spi.Capability.KEPT_ENTRIES);
    SavedRun loaded = kept ? saved : saved.dense();
    if (!settings.needs().isEmpty()
        && !provider.capabilities().contains(dev.sparse4j.api.spi.Capability.INPUT_GRADIENTS)) {
      // An inference-only backend still evaluates accuracy, calibration and OOD scores.
      err.progress(label + "note: backend '" + provider.id() + "' computes no input gradients, so "
          + settings.gradientUsers() + " are skipped; backends with input gradients: "
          + String.join(", ", registry.idsWith(dev.sparse4j.api.spi.Capability.INPUT_GRADIENTS)));
      settings = settings.withoutGradients();
    }
    Capabilities.checkEval(registry, provider, settings);

    DataDirectory dir = DataDirectory.resolve(dataDir);
    err.progress(label + "loading " + config.dataset() + " test data from " + dir.path());
    RunData data = RunData.load(config.dataset(), dir, false);
    Dataset test = config.testLimit() > 0 ? data.test().head(config.testLimit()) : data.test();

    RunEvaluation.Result result;
    try (SparseBackend b = registry.create(provider.id(), TrainingRun.backendOptions(threads, backendOptions));
        SparseModel model = kept ? b.buildKept(modelSpec, config.seed(), loaded.keptMasks())
            : b.build(modelSpec, config.seed())) {
      if (kept) {
        model.loadKeptState(loaded.weights());
      } else {
        model.applyMasks(loaded.masks());
        model.loadState(loaded.weights());
      }
      err.progress(label + "evaluating " + modelSpec.name() + " from " + run + " on " + provider.id());
      result = RunEvaluation.evaluate(model, test, data.ood(), settings, config.seed(), err, label);
    }
    MetricsJson metrics = RunEvaluation.metrics(result);
    MetricsJson before = report.metrics();
    EvalJson evalJson = new EvalJson(EvalJson.FORMAT, EvalJson.VERSION, run.toAbsolutePath().normalize().toString(),
        provider.id(), config.backend(), settings.toJson(), metrics,
        ReliabilityJson.of(result.evaluation().classification().calibration()), before, result.seconds(),
        (System.nanoTime() - start) / 1e9);
    Json.write(run.resolve(RunDirectory.EVAL), evalJson);

    List<String> updated = new ArrayList<>();
    if (updateReport) {
      MetricsJson merged = before.mergedWith(metrics, updated);
      ReportJson.Update update = new ReportJson.Update("sparse4j eval --update-report", Instant.now().toString(),
          provider.id(), settings.toJson(), List.copyOf(updated));
      // Json.write is atomic: a temporary file, then a move, so a crash leaves the old report intact.
      Json.write(reportFile, report.withUpdate(merged, update));
    }
    return new Outcome(run, config, modelSpec.name(), masked, saved.density(), provider.id(), before,
        result, evalJson, List.copyOf(updated));
  }

  /**
   * Reads a {@code report.json}.
   *
   * @throws CorruptFileException if it is not a sparse4j run report, or a field is missing or of the wrong type
   */
  public static ReportJson readReport(Path reportFile) throws IOException {
    return Json.read(reportFile, ReportJson.class, ReportJson.FORMAT, ReportJson.VERSION, "sparse4j run report");
  }
}
