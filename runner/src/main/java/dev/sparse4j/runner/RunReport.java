package dev.sparse4j.runner;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.MaskCounts;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.io.RunProvenance;
import dev.sparse4j.metrics.ClassificationReport;
import dev.sparse4j.metrics.EvaluationResult;
import dev.sparse4j.models.Flops;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.runner.report.EvalSettingsJson;
import dev.sparse4j.runner.report.MetricsJson;
import dev.sparse4j.runner.report.ReliabilityJson;
import dev.sparse4j.runner.report.ReportConfig;
import dev.sparse4j.runner.report.ReportJson;
import dev.sparse4j.runner.report.RunConfig;
import dev.sparse4j.runner.report.RuntimeOptions;
import dev.sparse4j.train.EpochRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code report.json}: configuration, provenance, per-layer densities, parameter and MAC counts,
 * training history, final metrics; {@link #toJson} gives the file's record ({@code docs/report.schema.json}).
 *
 * @param config the run's configuration
 * @param runtime options that do not change the result (output and data directories, threads, …)
 * @param eval what the final evaluation measured
 * @param spec the model that was trained
 * @param modelOptions the options it was built with (input shape, classes, width, normalisation)
 * @param provenance how the run was made
 * @param plan the per-layer densities planned by the allocator
 * @param masks the installed masks (empty for a dense run)
 * @param history one record per epoch
 * @param result final metrics on the test and OOD sets (with ODIN and robustness when they were measured)
 * @param pruning how the masks were made ({@code allocator}, {@code pruner}, their configs, guarded layers, time)
 * @param data what data was used ({@code train}, {@code test}, {@code ood} with names and sizes)
 * @param files the files written into the run directory
 * @param trainSeconds seconds spent training, summed over the epochs of every invocation (resumes included)
 * @param wallSeconds seconds of the whole command
 */
public record RunReport(
    RunConfig config,
    RuntimeOptions runtime,
    EvalSettingsJson eval,
    ModelSpec spec,
    ModelOptions modelOptions,
    RunProvenance provenance,
    DensityPlan plan,
    MaskCounts masks,
    List<EpochRecord> history,
    RunEvaluation.Result result,
    ReportJson.Pruning pruning,
    ReportJson.Data data,
    List<String> files,
    double trainSeconds,
    double wallSeconds) {

  /** Format name of {@code report.json}. */
  public static final String FORMAT = ReportJson.FORMAT;
  /** What the MAC counts mean. */
  public static final String FLOPS_NOTE = "theoretical multiply-accumulates per example of conv and linear layers; "
      + "sparse counts only kept weights; training used dense compute with masks";

  /** Copies the lists. */
  public RunReport {
    history = List.copyOf(history);
    files = List.copyOf(files);
  }

  /** Classification, calibration and OOD results. */
  public EvaluationResult evaluation() {
    return result.evaluation();
  }

  /** Weights kept in layer {@code l}: the mask's count, or all of them in a dense run. */
  public long kept(LayerDensity l) {
    return masks.contains(l.name()) ? masks.kept(l.name()) : l.param().size();
  }

  /** Prunable weights kept over all layers. */
  public long prunableKept() {
    long k = 0;
    for (LayerDensity l : plan.layers()) {
      k += kept(l);
    }
    return k;
  }

  /** Achieved density over the prunable weights. */
  public double totalDensity() {
    return (double) prunableKept() / plan.totalParams();
  }

  /** Theoretical dense MACs per example. */
  public long denseMacs() {
    return Flops.dense(spec);
  }

  /** Theoretical MACs per example with the kept weights only. */
  public long sparseMacs() {
    return Flops.sparse(spec, masks);
  }

  /** Rows of the densities plot. */
  public List<RunPlots.LayerDensityRow> densityRows() {
    List<RunPlots.LayerDensityRow> rows = new ArrayList<>();
    for (LayerDensity l : plan.layers()) {
      rows.add(new RunPlots.LayerDensityRow(l.name(), config.dense() ? 1.0 : l.density(),
          (double) kept(l) / l.param().size()));
    }
    return rows;
  }

  /**
   * The report as {@code report.json} holds it.
   *
   * @param checksums SHA-256 of the weights and mask files ({@link RunChecksums#of})
   * @param reproducibility under which conditions the run repeats bit for bit
   */
  public ReportJson toJson(Map<String, String> checksums, String reproducibility) {
    List<ReportJson.Layer> layers = new ArrayList<>();
    for (LayerDensity l : plan.layers()) {
      layers.add(new ReportJson.Layer(l.name(), l.param().shape(), l.param().size(),
          config.dense() ? 1.0 : l.density(), (double) kept(l) / l.param().size(), kept(l)));
    }
    long total = spec.parameterCount();
    long prunable = plan.totalParams();
    ReportJson.Model model = ReportJson.Model.of(spec.name(), modelOptions, spec.parameterCount());
    return new ReportJson(ReportJson.FORMAT, ReportJson.VERSION, new ReportConfig(config, runtime, eval),
        model, data, provenance, layers,
        masks.size() > 0, config.dense() ? 1.0 : plan.targetDensity(), totalDensity(),
        new ReportJson.Params(total, prunable, total - prunable + prunableKept(), prunableKept()),
        new ReportJson.Flops(denseMacs(), sparseMacs(), "MACs per example", FLOPS_NOTE),
        history.stream().map(ReportJson.Epoch::of).toList(), pruning, RunEvaluation.metrics(result),
        ReliabilityJson.of(evaluation().classification().calibration()), files, trainSeconds, result.seconds(),
        wallSeconds, PeakMemory.residentBytes().orElse(null), RunChecksums.withSections(checksums, model, config),
        reproducibility, List.of(), Map.of());
  }

  /**
   * {@code metrics}: {@code count, accuracy, nll, brier, ece, mce} and
   * {@code ood.<set>.<score>.{auroc, auprIn, auprOut, fpr95}} (without robustness; see
   * {@link RunEvaluation#metrics}).
   */
  public static MetricsJson metrics(EvaluationResult e) {
    ClassificationReport c = e.classification();
    Map<String, Map<String, MetricsJson.OodScore>> ood = new LinkedHashMap<>();
    e.ood().forEach((set, report) -> {
      Map<String, MetricsJson.OodScore> scores = new LinkedHashMap<>();
      report.byScore().forEach((score, r) ->
          scores.put(score, new MetricsJson.OodScore(r.auroc(), r.auprIn(), r.auprOut(), r.fpr95())));
      ood.put(set, scores);
    });
    return new MetricsJson(c.count(), c.accuracy(), c.nll(), c.brier(), c.ece(), c.mce(), ood, null);
  }
}
