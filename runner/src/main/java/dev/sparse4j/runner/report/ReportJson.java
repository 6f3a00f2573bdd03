package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sparse4j.io.RunProvenance;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.train.EpochRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}, the record of a finished run: configuration, model, data, provenance, per-layer densities,
 * parameter and MAC counts, training history, pruning, final metrics, reliability diagram, files and their
 * checksums. {@code docs/report.schema.json} documents every field.
 *
 * @param format always {@link #FORMAT}
 * @param version always {@link #VERSION}
 * @param config the run configuration and runtime options
 * @param model how to rebuild the model
 * @param data what data was used
 * @param provenance how the run was made
 * @param layers per prunable layer: shape, planned and achieved density
 * @param masked whether masks were installed (false for a dense run)
 * @param targetDensity the density asked for over the prunable weights
 * @param totalDensity the density achieved over the prunable weights
 * @param params parameter counts
 * @param flops theoretical multiply-accumulates per example
 * @param history one record per epoch
 * @param pruning how the masks were made
 * @param metrics the final metrics
 * @param reliability the reliability diagram of the test set
 * @param files the files written into the run directory
 * @param trainSeconds seconds spent training (the epochs of every invocation)
 * @param evalSeconds seconds of the final evaluation
 * @param wallSeconds seconds of the whole command
 * @param peakRssBytes the process's peak resident memory when the report was written ({@code VmHWM}; the JVM and
 *     the engine's native memory), or {@code null} where the operating system does not say
 * @param checksums SHA-256 of the weights and mask files by name ({@code sha256:<hex>})
 * @param reproducibility under which conditions the run repeats bit for bit
 * @param updates later changes by {@code sparse4j eval --update-report}; absent when none
 * @param extra fields this version does not know (from a newer sparse4j), kept when the report is rewritten
 */
@JsonPropertyOrder({"format", "version", "config", "model", "data", "provenance", "layers", "masked",
    "targetDensity", "totalDensity", "params", "flops", "history", "pruning", "metrics", "reliability", "files",
    "trainSeconds", "evalSeconds", "wallSeconds", "peakRssBytes", "checksums", "reproducibility", "updates"})
public record ReportJson(
    String format,
    int version,
    @JsonProperty(required = true) ReportConfig config,
    @JsonProperty(required = true) Model model,
    Data data,
    RunProvenance provenance,
    List<Layer> layers,
    boolean masked,
    double targetDensity,
    double totalDensity,
    Params params,
    Flops flops,
    List<Epoch> history,
    Pruning pruning,
    MetricsJson metrics,
    ReliabilityJson reliability,
    List<String> files,
    double trainSeconds,
    double evalSeconds,
    double wallSeconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long peakRssBytes,
    Map<String, String> checksums,
    String reproducibility,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Update> updates,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Format name of {@code report.json}. */
  public static final String FORMAT = "sparse4j-run-report";
  /** The version this sparse4j writes and reads. */
  public static final int VERSION = 1;

  /** Copies the collections (absent ones are empty). */
  public ReportJson {
    layers = layers == null ? List.of() : List.copyOf(layers);
    history = history == null ? List.of() : List.copyOf(history);
    files = files == null ? List.of() : List.copyOf(files);
    checksums = checksums == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
    updates = updates == null ? List.of() : List.copyOf(updates);
    extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** This report with {@code metrics} replaced and {@code update} appended to {@link #updates}. */
  public ReportJson withUpdate(MetricsJson newMetrics, Update update) {
    List<Update> u = new ArrayList<>(updates);
    u.add(update);
    return new ReportJson(format, version, config, model, data, provenance, layers, masked, targetDensity,
        totalDensity, params, flops, history, pruning, newMetrics, reliability, files, trainSeconds, evalSeconds,
        wallSeconds, peakRssBytes, checksums, reproducibility, u, extra);
  }

  /**
   * {@code model}: name, width, input shape, classes, normalisation, parameter count; enough to rebuild it.
   *
   * @param name model name
   * @param width width multiplier
   * @param inputShape input shape without the batch dimension
   * @param classes number of classes
   * @param normMean per-channel mean subtracted from the input; absent without normalisation
   * @param normStd per-channel standard deviation the input is divided by; absent without normalisation
   * @param parameters number of parameters
   */
  @JsonPropertyOrder({"name", "width", "inputShape", "classes", "normMean", "normStd", "parameters"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Model(String name, @JsonProperty(required = true) double width,
      @JsonProperty(required = true) int[] inputShape, @JsonProperty(required = true) int classes, double[] normMean,
      double[] normStd, long parameters) {

    /** The record of {@code o} for model {@code name} with {@code parameters} parameters. */
    public static Model of(String name, ModelOptions o, long parameters) {
      return new Model(name, o.width(), o.inputShape(), o.numClasses(), o.normalized() ? o.normMean() : null,
          o.normalized() ? o.normStd() : null, parameters);
    }

    /** The options the model was built with. */
    public ModelOptions options() {
      ModelOptions o = ModelOptions.of(inputShape, classes).withWidth(width);
      return normMean != null && normStd != null ? o.withNormalization(normMean, normStd) : o;
    }
  }

  /**
   * {@code data}: where the data came from and how much was used.
   *
   * @param dataDir the data directory
   * @param train the training set
   * @param test the test set
   * @param ood the OOD sets by name
   */
  @JsonPropertyOrder({"dataDir", "train", "test", "ood"})
  public record Data(String dataDir, DataSet train, DataSet test, Map<String, DataSet> ood) {}

  /**
   * One data set.
   *
   * @param name its name
   * @param size examples it holds
   * @param used examples used; absent for OOD sets (all are used)
   */
  @JsonPropertyOrder({"name", "size", "used"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DataSet(String name, int size, Integer used) {}

  /**
   * One prunable layer.
   *
   * @param name parameter name
   * @param shape parameter shape
   * @param params number of weights
   * @param targetDensity density the allocator planned (1 in a dense run)
   * @param density density achieved
   * @param kept weights kept
   */
  @JsonPropertyOrder({"name", "shape", "params", "targetDensity", "density", "kept"})
  public record Layer(String name, int[] shape, long params, double targetDensity, double density, long kept) {
    /** Refuses counts no run can have. */
    public Layer {
      if (kept < 0 || kept > params) {
        throw new IllegalArgumentException("layer " + name + " keeps " + kept + " of " + params + " weights");
      }
    }
  }

  /**
   * Parameter counts.
   *
   * @param total all parameters
   * @param prunable conv and linear weights
   * @param kept parameters kept (the non-prunable ones and the kept prunable ones)
   * @param prunableKept prunable weights kept
   */
  @JsonPropertyOrder({"total", "prunable", "kept", "prunableKept"})
  public record Params(long total, long prunable, long kept, long prunableKept) {
    /** Refuses counts no run can have (e.g. more kept than there are). */
    public Params {
      if (total < 0 || prunable < 0 || prunable > total || kept < 0 || kept > total || prunableKept < 0
          || prunableKept > prunable) {
        throw new IllegalArgumentException("impossible parameter counts: total " + total + ", prunable " + prunable
            + ", kept " + kept + ", prunable kept " + prunableKept);
      }
    }
  }

  /**
   * Theoretical multiply-accumulates.
   *
   * @param dense with every weight
   * @param sparse with the kept weights only
   * @param unit the unit ({@code MACs per example})
   * @param note what the counts mean
   */
  @JsonPropertyOrder({"dense", "sparse", "unit", "note"})
  public record Flops(long dense, long sparse, String unit, String note) {}

  /**
   * One epoch of training.
   *
   * @param epoch 1-based epoch number
   * @param loss mean training loss
   * @param trainAccuracy training accuracy during the epoch
   * @param testAccuracy test accuracy after the epoch
   * @param lr the learning rate
   * @param seconds wall-clock seconds of the epoch
   * @param itop with dynamic sparse training, the ITOP rate after the epoch; absent otherwise
   * @param itopLayers with dynamic sparse training, the ITOP rate of each prunable tensor; absent otherwise
   * @param topologyUpdates with dynamic sparse training, the topology updates made so far; absent otherwise
   */
  @JsonPropertyOrder({"epoch", "loss", "trainAccuracy", "testAccuracy", "lr", "seconds", "itop", "itopLayers",
      "topologyUpdates"})
  public record Epoch(int epoch, double loss, double trainAccuracy, double testAccuracy, double lr, double seconds,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double itop,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> itopLayers,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long topologyUpdates) {

    /** An absent ITOP rate (read as NaN by the JSON mapper) is {@code null}. */
    public Epoch {
      if (itop != null && itop.isNaN()) {
        itop = null;
      }
      itopLayers = itopLayers == null ? Map.of() : itopLayers;
    }

    /** The record of {@code r}. */
    public static Epoch of(EpochRecord r) {
      return new Epoch(r.epoch(), r.loss(), r.trainAccuracy(), r.testAccuracy(), r.learningRate(), r.seconds(),
          r.itop(), r.itopLayers(), r.topologyUpdates());
    }
  }

  /**
   * How the masks were made.
   *
   * @param allocator density allocator
   * @param allocatorConfig its configuration
   * @param pruner pruner
   * @param prunerConfig its configuration
   * @param guardedLayers layers a score pruner kept one weight of to avoid layer collapse
   * @param collapsedLayers layers a score pruner left empty
   * @param seconds time spent allocating and pruning
   */
  @JsonPropertyOrder({"allocator", "allocatorConfig", "pruner", "prunerConfig", "guardedLayers", "collapsedLayers",
      "seconds"})
  public record Pruning(String allocator, Map<String, String> allocatorConfig, String pruner,
      Map<String, String> prunerConfig, List<String> guardedLayers, List<String> collapsedLayers, double seconds) {}

  /**
   * One {@code sparse4j eval --update-report}.
   *
   * @param by the command
   * @param time when
   * @param backend the backend that evaluated
   * @param settings what it measured
   * @param fields the report fields it replaced or added
   */
  @JsonPropertyOrder({"by", "time", "backend", "settings", "fields"})
  public record Update(String by, String time, String backend, EvalSettingsJson settings, List<String> fields) {}
}
