package dev.sparse4j.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.provenance.RunProvenance;
import dev.sparse4j.api.train.EpochRecord;
import dev.sparse4j.metrics.Calibration;
import dev.sparse4j.metrics.ClassificationReport;
import dev.sparse4j.metrics.EvaluationResult;
import dev.sparse4j.metrics.OodReport;
import dev.sparse4j.metrics.OodResult;
import dev.sparse4j.metrics.ReliabilityBin;
import dev.sparse4j.models.Flops;
import dev.sparse4j.models.ModelOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code report.json}: configuration, provenance, per-layer densities, parameter and MAC counts,
 * training history, final metrics. See the CLI README for the schema.
 *
 * @param config the run's configuration
 * @param runtime options that do not change the result (output and data directories, threads, …)
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
    ObjectNode runtime,
    ModelSpec spec,
    ModelOptions modelOptions,
    RunProvenance provenance,
    DensityPlan plan,
    MaskSet masks,
    List<EpochRecord> history,
    RunEvaluation.Result result,
    ObjectNode pruning,
    ObjectNode data,
    List<String> files,
    double trainSeconds,
    double wallSeconds) {

  /** Format name of {@code report.json}. */
  public static final String FORMAT = "sparse4j-run-report";
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
    return masks.contains(l.name()) ? masks.get(l.name()).kept() : l.param().numel();
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
  public List<Plots.LayerDensityRow> densityRows() {
    List<Plots.LayerDensityRow> rows = new ArrayList<>();
    for (LayerDensity l : plan.layers()) {
      rows.add(new Plots.LayerDensityRow(l.name(), config.dense() ? 1.0 : l.density(),
          (double) kept(l) / l.param().numel()));
    }
    return rows;
  }

  /** The report as JSON. */
  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("version", 1);
    ObjectNode cfg = config.toJson();
    runtime.fields().forEachRemaining(e -> cfg.set(e.getKey(), e.getValue()));
    root.set("config", cfg);
    root.set("model", model(spec, modelOptions));
    root.set("data", data);
    root.set("provenance", Json.parse(provenance.toJson()));

    ArrayNode layers = root.putArray("layers");
    for (LayerDensity l : plan.layers()) {
      ObjectNode n = layers.addObject();
      n.put("name", l.name());
      ArrayNode shape = n.putArray("shape");
      for (int d : l.param().shape()) {
        shape.add(d);
      }
      n.put("params", l.param().numel());
      n.put("targetDensity", config.dense() ? 1.0 : l.density());
      n.put("density", (double) kept(l) / l.param().numel());
      n.put("kept", kept(l));
    }
    root.put("masked", masks.size() > 0);
    root.put("targetDensity", config.dense() ? 1.0 : plan.targetDensity());
    root.put("totalDensity", totalDensity());
    ObjectNode params = root.putObject("params");
    long total = spec.parameterCount();
    long prunable = plan.totalParams();
    params.put("total", total);
    params.put("prunable", prunable);
    params.put("kept", total - prunable + prunableKept());
    params.put("prunableKept", prunableKept());
    ObjectNode flops = root.putObject("flops");
    flops.put("dense", denseMacs());
    flops.put("sparse", sparseMacs());
    flops.put("unit", "MACs per example");
    flops.put("note", FLOPS_NOTE);

    ArrayNode hist = root.putArray("history");
    for (EpochRecord r : history) {
      ObjectNode n = hist.addObject();
      n.put("epoch", r.epoch());
      Json.put(n, "loss", r.loss());
      Json.put(n, "trainAccuracy", r.trainAccuracy());
      Json.put(n, "testAccuracy", r.testAccuracy());
      n.put("lr", r.learningRate());
      n.put("seconds", r.seconds());
    }
    root.set("pruning", pruning);
    root.set("metrics", RunEvaluation.metrics(result));
    root.set("reliability", reliability(evaluation().classification().calibration()));
    ArrayNode f = root.putArray("files");
    files.forEach(f::add);
    root.put("trainSeconds", trainSeconds);
    root.put("evalSeconds", result.seconds());
    root.put("wallSeconds", wallSeconds);
    return root;
  }

  /** {@code model}: name, width, input shape, classes, normalisation, parameter count; enough to rebuild it. */
  public static ObjectNode model(ModelSpec spec, ModelOptions o) {
    ObjectNode n = Json.object();
    n.put("name", spec.name());
    n.put("width", o.width());
    ArrayNode in = n.putArray("inputShape");
    for (int d : o.inputShape()) {
      in.add(d);
    }
    n.put("classes", o.numClasses());
    if (o.normalized()) {
      ArrayNode mean = n.putArray("normMean");
      for (double v : o.normMean()) {
        mean.add(v);
      }
      ArrayNode std = n.putArray("normStd");
      for (double v : o.normStd()) {
        std.add(v);
      }
    }
    n.put("parameters", spec.parameterCount());
    return n;
  }

  /**
   * Reads {@link #model} back into options.
   *
   * @throws IllegalArgumentException naming the missing or bad field
   */
  public static ModelOptions modelOptions(JsonNode model) {
    if (model == null || !model.isObject()) {
      throw new IllegalArgumentException("no \"model\" object");
    }
    JsonNode in = model.get("inputShape");
    JsonNode classes = model.get("classes");
    JsonNode width = model.get("width");
    if (in == null || !in.isArray() || classes == null || !classes.isInt() || width == null || !width.isNumber()) {
      throw new IllegalArgumentException("\"model\" needs inputShape (array), classes (whole number) and width");
    }
    int[] shape = new int[in.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = in.get(i).asInt();
    }
    ModelOptions o = ModelOptions.of(shape, classes.asInt()).withWidth(width.asDouble());
    JsonNode mean = model.get("normMean");
    JsonNode std = model.get("normStd");
    if (mean != null && std != null) {
      o = o.withNormalization(doubles(mean), doubles(std));
    }
    return o;
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  /**
   * {@code metrics}: {@code count, accuracy, nll, brier, ece, mce} and
   * {@code ood.<set>.<score>.{auroc, auprIn, auprOut, fpr95}} (without robustness; see
   * {@link RunEvaluation#metrics}).
   */
  public static ObjectNode metrics(EvaluationResult e) {
    ClassificationReport c = e.classification();
    ObjectNode m = Json.object();
    m.put("count", c.count());
    Json.put(m, "accuracy", c.accuracy());
    Json.put(m, "nll", c.nll());
    Json.put(m, "brier", c.brier());
    Json.put(m, "ece", c.ece());
    Json.put(m, "mce", c.mce());
    ObjectNode ood = m.putObject("ood");
    for (Map.Entry<String, OodReport> set : e.ood().entrySet()) {
      ObjectNode s = ood.putObject(set.getKey());
      for (Map.Entry<String, OodResult> score : set.getValue().byScore().entrySet()) {
        ObjectNode r = s.putObject(score.getKey());
        Json.put(r, "auroc", score.getValue().auroc());
        Json.put(r, "auprIn", score.getValue().auprIn());
        Json.put(r, "auprOut", score.getValue().auprOut());
        Json.put(r, "fpr95", score.getValue().fpr95());
      }
    }
    return m;
  }

  /** {@code reliability}: bin count, edge rule and the bins (lower, upper, count, accuracy, confidence). */
  public static ObjectNode reliability(Calibration c) {
    ObjectNode n = Json.object();
    n.put("bins", c.numBins());
    n.put("edges", c.edges().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    ArrayNode a = n.putArray("table");
    for (ReliabilityBin b : c.bins()) {
      ObjectNode r = a.addObject();
      r.put("lower", b.lower());
      r.put("upper", b.upper());
      r.put("count", b.count());
      r.put("accuracy", b.accuracy());
      r.put("confidence", b.confidence());
    }
    return n;
  }
}
