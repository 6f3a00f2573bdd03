package dev.sparse4j.runner;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskCounts;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.io.DirectoryLock;
import dev.sparse4j.io.MaskFile;
import dev.sparse4j.io.MaskMetadata;
import dev.sparse4j.io.MaskNpz;
import dev.sparse4j.io.RunProvenance;
import dev.sparse4j.io.data.DataDirectory;
import dev.sparse4j.io.data.Datasets;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.prune.dst.TopologyUpdaters;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.prune.alloc.DenseAllocator;
import dev.sparse4j.prune.alloc.PrunerRatioAllocator;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.runner.report.ReportJson;
import dev.sparse4j.runner.report.RunConfig;
import dev.sparse4j.runner.report.RuntimeOptions;
import dev.sparse4j.train.Checkpointer;
import dev.sparse4j.train.EpochRecord;
import dev.sparse4j.train.Trainer;
import dev.sparse4j.train.TrainingConfig;
import dev.sparse4j.train.TrainingListener;
import dev.sparse4j.train.TrainingDivergedException;
import dev.sparse4j.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code sparse4j train} run from options to a finished run directory: checks everything that can be checked
 * before touching data, loads the data, builds and masks the model, trains it with checkpoints, evaluates it, and
 * writes the report, weights, masks, logits and plots.
 */
public final class TrainingRun {

  /**
   * Options that do not change the trained model.
   *
   * @param out the run directory
   * @param resume continue from the checkpoints in {@code out}
   * @param force replace whatever run is in {@code out}
   * @param dataDir the data directory, or {@code null} for the default resolution
   * @param threads backend threads, or {@code null} for the backend's default
   * @param saveLogits write {@code logits.npz}
   * @param eval what the final evaluation measures (batch size, robustness, ODIN)
   * @param label prefix of progress lines (e.g. {@code "[dense] "}), may be empty
   * @param backendOptions the backend's options besides threads ({@code --backend-option}), checked by the backend
   * @param keptEntries hold masks, weights and optimizer state as kept entries only ({@code --kept-entries}, needs
   *     a backend with {@code KEPT_ENTRIES}); a model too large to be dense switches to it on such a backend
   */
  public record Options(Path out, boolean resume, boolean force, Path dataDir, Integer threads, boolean saveLogits,
      EvalSettings eval, String label, Map<String, String> backendOptions, boolean keptEntries) {

    /** Without backend options besides {@code threads}. */
    public Options(Path out, boolean resume, boolean force, Path dataDir, Integer threads, boolean saveLogits,
        EvalSettings eval, String label) {
      this(out, resume, force, dataDir, threads, saveLogits, eval, label, Map.of(), false);
    }

    /** Dense storage unless the model is too large for it. */
    public Options(Path out, boolean resume, boolean force, Path dataDir, Integer threads, boolean saveLogits,
        EvalSettings eval, String label, Map<String, String> backendOptions) {
      this(out, resume, force, dataDir, threads, saveLogits, eval, label, backendOptions, false);
    }

    /** Checks the values. */
    public Options {
      backendOptions = backendOptions == null ? Map.of() : Map.copyOf(backendOptions);
      if (out == null) {
        throw new IllegalArgumentException("an output directory (--out) is required");
      }
      if (threads != null && threads < 1) {
        throw new IllegalArgumentException("--threads must be ≥ 1, got " + threads);
      }
      java.util.Objects.requireNonNull(eval, "eval settings");
      label = label == null ? "" : label;
    }

    /** The options as the report's {@code config} lists them. */
    RuntimeOptions toJson() {
      return new RuntimeOptions(out.toString(), dataDir == null ? null : dataDir.toString(), threads, saveLogits,
          resume, force, keptEntries ? Boolean.TRUE : null);
    }
  }

  /**
   * A finished run.
   *
   * @param out the run directory
   * @param report what was written to {@code report.json}
   */
  public record Outcome(Path out, RunReport report) {}

  private final BackendRegistry registry;
  private final RunOutput output;
  private final RunConsole console;

  /**
   * @param registry where backends come from
   * @param output where the run's lines go ({@link RunOutput#logging()} in a library, the console in the CLI)
   */
  public TrainingRun(BackendRegistry registry, RunOutput output) {
    this.registry = registry;
    this.output = java.util.Objects.requireNonNull(output, "output");
    this.console = new RunConsole(output);
  }

  /**
   * A run that prints: the summary to {@code out}, progress to {@code err}.
   *
   * @param tty whether {@code err} is a terminal (progress bars redraw in place)
   */
  public TrainingRun(BackendRegistry registry, PrintWriter out, PrintWriter err, boolean tty) {
    this(registry, RunOutput.console(out, err, tty));
  }

  /**
   * Runs {@code requested}.
   *
   * @throws IllegalArgumentException for a bad option (unknown model, allocator, pruner; infeasible density …)
   * @throws RunException if the run cannot go ahead (output directory in use, training diverged, …)
   * @throws IOException if data cannot be read or files cannot be written
   */
  public Outcome run(RunConfig requested, Options options) throws IOException {
    long wallStart = System.nanoTime();
    Instant startTime = Instant.now();
    String label = options.label();

    // Everything that can be wrong with the options fails here, before any data is read.
    RunData.Info info = RunData.info(requested.dataset());
    ModelOptions base = ModelOptions.of(info.shape(), info.classes()).withWidth(requested.width());
    ModelSpec probe = Models.create(requested.model(), base);
    String what = "model " + requested.model() + " ×" + Format.number(requested.width());
    long maxHeap = Runtime.getRuntime().maxMemory();
    SparseBackendProvider provider = registry.select(requested.backend());
    boolean kept = options.keptEntries()
        || (!ModelSize.fitsDense(probe, maxHeap) && provider.capabilities().contains(Capability.KEPT_ENTRIES));
    if (!kept) {
      ModelSize.check(probe, what, maxHeap);
    } else if (!options.keptEntries()) {
      output.progress(label + "note: " + what + " is too large to hold densely; backend " + provider.id()
          + " holds its kept entries only (as with --kept-entries)");
    }
    DensityAllocator allocator = Allocators.get(requested.allocator(), requested.allocatorOptions());
    if (requested.dense() && allocator instanceof PrunerRatioAllocator) {
      // Nothing to score for a dense baseline: every layer keeps everything.
      allocator = Allocators.get(DenseAllocator.NAME);
    }
    DensityPlan shapePlan = null;
    try {
      // Every plan that needs no built model is checked (feasibility …) now.
      shapePlan = allocator.allocate(probe.prunable(), Density.of(requested.density()));
    } catch (IllegalStateException needsTheModel) {
      // A model-aware allocator (snip-ratio, a user's) plans on the built model, after its capabilities are checked.
    }
    Pruner pruner = requested.dense() ? null : Pruners.get(requested.pruner(), requested.prunerOptions());
    TopologyUpdater updater = requested.topology() == null ? null
        : TopologyUpdaters.get(requested.topology().updater(), requested.topology().options());
    RunConfig config = requested.withBackend(provider.id());
    TrainingConfig training = config.trainingConfig();
    Capabilities.check(registry, provider, allocator, pruner, updater, options.eval());
    KeptRun keptRun = kept ? KeptRun.check(requested, options, provider, probe, shapePlan, pruner, what, maxHeap) : null;

    if (options.out().toString().isBlank()) {
      throw new IllegalArgumentException("--out is empty; give the run directory (e.g. --out runs/mlp-erk)");
    }
    if (options.threads() != null && options.threads() > Runtime.getRuntime().availableProcessors()) {
      output.progress(label + "warning: --threads " + options.threads() + " is more than the "
          + Runtime.getRuntime().availableProcessors() + " cores here; steps usually get slower, not faster");
    }
    if (Files.exists(options.out()) && !Files.isDirectory(options.out())) {
      throw new RunException("--out " + options.out() + " is a file; give a directory (it is created if missing)");
    }
    // One writer per run directory: a second train, eval or compare on it fails here, naming the holder.
    try (DirectoryLock lock = RunDirectory.lock(options.out(), "sparse4j train")) {
      if (lock.previousHolder() != null) {
        output.progress(label + "note: the previous process writing " + options.out() + " stopped without finishing ("
            + lock.previousHolder() + ")");
      }
      return runLocked(requested, options, config, training, info, base, allocator, pruner, provider, wallStart,
          startTime, keptRun);
    }
  }

  private Outcome runLocked(RunConfig requested, Options options, RunConfig config, TrainingConfig training,
      RunData.Info info, ModelOptions base, DensityAllocator allocator, Pruner pruner,
      SparseBackendProvider provider, long wallStart, Instant startTime, KeptRun keptRun) throws IOException {
    RunDirectory.Start start = RunDirectory.check(options.out(), config, options.resume(), options.force());
    // A process killed while writing a file atomically leaves its temporary file; nothing else can own it now.
    RunDirectory.removeStaleTemporaries(options.out());

    // The backend starts before anything is read or replaced: a bad backend option fails here, leaving all as it was.
    try (SparseBackend backend = registry.create(provider.id(),
        backendOptions(options.threads(), options.backendOptions()))) {
      return runWithBackend(requested, options, config, training, info, base, allocator, pruner, provider,
          wallStart, startTime, start, backend, keptRun);
    }
  }

  /** {@code --threads} (may be null) and {@code --backend-option} as the backend's options. */
  static BackendOptions backendOptions(Integer threads, Map<String, String> others) {
    Map<String, String> options = new LinkedHashMap<>(others);
    if (threads != null) {
      options.put("threads", Integer.toString(threads));
    }
    return new BackendOptions(options);
  }

  private Outcome runWithBackend(RunConfig requested, Options options, RunConfig config, TrainingConfig training,
      RunData.Info info, ModelOptions base, DensityAllocator allocator, Pruner pruner,
      SparseBackendProvider provider, long wallStart, Instant startTime, RunDirectory.Start start,
      SparseBackend backend, KeptRun keptRun) throws IOException {
    String label = options.label();
    DataDirectory dataDir = DataDirectory.resolve(options.dataDir());
    output.progress(label + "loading " + info.name() + " from " + dataDir.path());
    RunData data = RunData.load(info.name(), dataDir, true);
    // Only now that the data is there is a previous run replaced.
    if (start.note() != null) {
      output.progress(label + start.note());
    }
    RunDirectory.apply(options.out(), start);
    Dataset trainUsed = config.trainLimit() > 0 ? data.train().head(config.trainLimit()) : data.train();
    if (config.batchSize() > trainUsed.size()) {
      output.progress(label + "warning: --batch-size " + config.batchSize() + " is larger than the " + trainUsed.size()
          + " training examples: every epoch is one step on all of them");
    }
    // The model normalises its input with the training set's per-channel statistics (part of the model).
    ModelOptions modelOptions = base.withNormalization(Datasets.channelMean(trainUsed), Datasets.channelStd(trainUsed));
    ModelSpec spec = Models.create(config.model(), modelOptions);

    RunPruning pruning = null;
    if (keptRun != null) {
      // Masks drawn from shapes, then a model that holds only their entries: nothing dense is ever made.
      pruning = keptRun.prune(output, label);
    }
    try (SparseModel model = keptRun != null ? backend.buildKept(spec, config.seed(), keptRun.masks())
        : backend.build(spec, config.seed())) {
      if (keptRun == null) {
        // Score pruners and ratio allocators score the built model (weights at initialisation, gradients on data).
        pruning = RunPruning.of(label, output, config, allocator, pruner, model, trainUsed);
        model.applyMasks(pruning.masks());
      }
      if (!start.resume()) {
        RunDirectory.writeConfig(options.out(), config);
      }
      console.printHeader(label, config, spec, pruning.plan(), keptRun != null ? keptRun.masks() : pruning.masks(),
          pruner, pruning, backend);

      TrainingResult result;
      try (ResumeHint hint = new ResumeHint(output, label, options.out())) {
        result = train(model, data, training, start.resume(), options.out(), label, keptRun != null);
        Dataset testUsed = config.testLimit() > 0 ? data.test().head(config.testLimit()) : data.test();
        RunEvaluation.Result evaluation =
            RunEvaluation.evaluate(model, testUsed, data.ood(), options.eval(), config.seed(), output, label);
        RunReport report = writeResults(options, config, spec, modelOptions, info, provider, backend, model, pruning,
            pruner, result, evaluation, dataJson(dataDir, data, trainUsed, testUsed), wallStart, startTime,
            keptRun != null);
        console.printSummary(label, options.out(), report);
        return new Outcome(options.out(), report);
      }
    }
  }

  /** Trains, or resumes from the newest checkpoint; a diverged run names the last good checkpoint. */
  private TrainingResult train(SparseModel model, RunData data, TrainingConfig training, boolean resume, Path out,
      String label, boolean kept) throws IOException {
    Path checkpoints = out.resolve(RunDirectory.CHECKPOINTS);
    // A model held as kept entries is checkpointed as kept entries (it may be too large to be dense).
    Checkpointer checkpointer = kept ? Checkpointer.in(checkpoints).holdingKeptEntries() : Checkpointer.in(checkpoints);
    TrainingListener progress = output.training(label);
    Trainer trainer = new Trainer();
    try {
      return resume
          ? trainer.resume(model, data.train(), data.test(), checkpoints, progress, checkpointer)
          : trainer.fit(model, data.train(), data.test(), training, progress, checkpointer);
    } catch (TrainingDivergedException e) {
      java.util.Optional<Path> good = Checkpointer.latest(checkpoints);
      throw new RunException(e.getMessage() + (good.isPresent()
          ? " (the last good checkpoint is " + good.get() + ")"
          : " (no checkpoint was written yet: start again with a lower --lr)"), e);
    }
  }

  /**
   * Writes weights, masks, logits, plots and, last, the report (a report marks a finished run and binds the weights
   * and masks by their checksums).
   */
  private RunReport writeResults(Options options, RunConfig config, ModelSpec spec, ModelOptions modelOptions,
      RunData.Info info, SparseBackendProvider provider, SparseBackend backend, SparseModel model,
      RunPruning pruning, Pruner pruner, TrainingResult result, RunEvaluation.Result evaluation,
      ReportJson.Data dataJson, long wallStart, Instant startTime, boolean kept) throws IOException {
    String label = options.label();
    MaskCounts finalMasks = kept ? model.keptMasks() : model.masks();
    Path dir = options.out();
    List<String> files = new ArrayList<>(List.of(RunDirectory.REPORT, RunDirectory.CONFIG));
    String prunerName = pruner == null ? "none" : pruner.name();
    Map<String, String> prunerConfig = pruner == null ? Map.of() : pruner.config();
    if (kept) {
      // The masked weights as SciPy CSR files (their structure is the mask); the rest in weights.npz.
      files.addAll(Weights.writeKept(dir.resolve(RunDirectory.WEIGHTS), dir.resolve(RunDirectory.WEIGHTS_CSR), model,
          model.keptMasks()));
      files.add(RunDirectory.WEIGHTS);
    } else {
      Weights.write(dir.resolve(RunDirectory.WEIGHTS), model);
      files.add(RunDirectory.WEIGHTS);
    }
    if (!kept && finalMasks.size() > 0) {
      MaskSet bitmaps = (MaskSet) finalMasks;
      MaskMetadata meta = pruning.maskMetadata(prunerName, prunerConfig, config.seed())
          .withExtra("model", spec.name()).withExtra("dataset", info.name()).withExtra("backend", provider.id());
      if (config.topology() != null) {
        // The final masks are the pruner's only up to the topology updates of dynamic sparse training.
        meta = meta.withExtra("dst", config.dstName());
      }
      MaskFile.write(dir.resolve(RunDirectory.MASKS), bitmaps, meta);
      MaskNpz.write(dir.resolve(RunDirectory.MASKS_NPZ), bitmaps);
      files.add(RunDirectory.MASKS);
      files.add(RunDirectory.MASKS_NPZ);
    }
    if (options.saveLogits()) {
      RunFiles.writeLogits(dir.resolve(RunDirectory.LOGITS), evaluation.evaluation());
      files.add(RunDirectory.LOGITS);
    }
    DensityPlan plan = pruning.plan();
    RunProvenance provenance = RunProvenance.of(config.toStringMap(), config.seed(), provider.id(), spec.name(),
        plan, prunerName, prunerConfig, finalMasks, startTime).withVersions(backend.versions());
    // Across resumes: the epochs' own times (restored from the checkpoints), not just this process's share.
    double trainSeconds = result.history().stream().mapToDouble(EpochRecord::seconds).sum();
    ReportJson.Pruning pruningJson = pruning.toJson(prunerName, prunerConfig);
    // The plots are written before the report so the report lists only what exists.
    RunReport draft = new RunReport(config, options.toJson(), options.eval().toJson(), spec, modelOptions,
        provenance, plan, finalMasks, result.history(), evaluation, pruningJson, dataJson, files, trainSeconds, 0);
    files.addAll(RunFiles.writePlots(dir, draft, label, output));
    files.add(RunDirectory.CHECKPOINTS + "/");
    double wall = (System.nanoTime() - wallStart) / 1e9;
    RunReport report = new RunReport(config, options.toJson(), options.eval().toJson(), spec, modelOptions,
        provenance, plan, finalMasks, result.history(), evaluation, pruningJson, dataJson, files, trainSeconds, wall);
    String threads = backend.versions().getOrDefault("threads",
        options.threads() != null ? options.threads().toString() : "the backend's default");
    Json.write(dir.resolve(RunDirectory.REPORT), report.toJson(RunChecksums.of(dir), "bit-identical for the same"
        + " seed, backend, versions and thread count (threads " + threads + "); another thread count may change"
        + " the last bits"));
    return report;
  }

  private static ReportJson.Data dataJson(DataDirectory dir, RunData data, Dataset trainUsed, Dataset testUsed) {
    Map<String, ReportJson.DataSet> ood = new LinkedHashMap<>();
    data.ood().forEach((k, d) -> ood.put(k, new ReportJson.DataSet(d.name(), d.size(), null)));
    return new ReportJson.Data(dir.path().toString(),
        new ReportJson.DataSet(data.train().name(), data.train().size(), trainUsed.size()),
        new ReportJson.DataSet(data.test().name(), data.test().size(), testUsed.size()), ood);
  }
}
