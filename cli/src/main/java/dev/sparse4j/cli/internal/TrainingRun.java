package dev.sparse4j.cli.internal;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.alloc.Allocators;
import dev.sparse4j.api.alloc.DenseAllocator;
import dev.sparse4j.api.alloc.DensityAllocator;
import dev.sparse4j.api.alloc.PrunerRatioAllocator;
import dev.sparse4j.api.data.DataDirectory;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.data.Datasets;
import dev.sparse4j.api.io.DirectoryLock;
import dev.sparse4j.api.io.MaskFile;
import dev.sparse4j.api.io.MaskMetadata;
import dev.sparse4j.api.io.MaskNpz;
import dev.sparse4j.api.io.NpyArray;
import dev.sparse4j.api.io.Npz;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.provenance.RunProvenance;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.api.prune.Pruner;
import dev.sparse4j.api.prune.Pruners;
import dev.sparse4j.api.prune.ScorePruner;
import dev.sparse4j.api.prune.Sparsifier;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseBackendProvider;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import dev.sparse4j.api.train.Checkpointer;
import dev.sparse4j.api.train.EpochRecord;
import dev.sparse4j.api.train.Trainer;
import dev.sparse4j.api.train.TrainingConfig;
import dev.sparse4j.api.train.TrainingResult;
import dev.sparse4j.cli.internal.report.ReportJson;
import dev.sparse4j.cli.internal.report.RuntimeOptions;
import dev.sparse4j.metrics.EvaluationResult;
import dev.sparse4j.metrics.OodReport;
import dev.sparse4j.metrics.robustness.RobustnessCurve;
import dev.sparse4j.metrics.robustness.RobustnessPoint;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
   */
  public record Options(Path out, boolean resume, boolean force, Path dataDir, Integer threads, boolean saveLogits,
      EvalSettings eval, String label) {

    /** Checks the values. */
    public Options {
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
          resume, force);
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
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean tty;

  /**
   * @param registry where backends come from
   * @param out where the summary goes
   * @param err where progress goes
   * @param tty whether {@code err} is a terminal (progress bars redraw in place)
   */
  public TrainingRun(BackendRegistry registry, PrintWriter out, PrintWriter err, boolean tty) {
    this.registry = registry;
    this.out = out;
    this.err = err;
    this.tty = tty;
  }

  /**
   * Runs {@code requested}.
   *
   * @throws IllegalArgumentException for a bad option (unknown model, allocator, pruner; infeasible density …)
   * @throws CliException if the run cannot go ahead (output directory in use, training diverged, …)
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
    ModelSize.check(probe, "model " + requested.model() + " ×" + Format.number(requested.width()),
        Runtime.getRuntime().maxMemory());
    DensityAllocator allocator = Allocators.get(requested.allocator(), requested.allocatorOptions());
    if (requested.dense() && allocator instanceof PrunerRatioAllocator) {
      // Nothing to score for a dense baseline: every layer keeps everything.
      allocator = Allocators.get(DenseAllocator.NAME);
    }
    try {
      // Every plan that needs no built model is checked (feasibility …) now.
      allocator.allocate(probe.prunable(), Density.of(requested.density()));
    } catch (IllegalStateException needsTheModel) {
      // A model-aware allocator (snip-ratio, a user's) plans on the built model, after its capabilities are checked.
    }
    Pruner pruner = requested.dense() ? null : Pruners.get(requested.pruner(), requested.prunerOptions());
    SparseBackendProvider provider = registry.select(requested.backend());
    RunConfig config = requested.withBackend(provider.id());
    TrainingConfig training = config.trainingConfig();
    Capabilities.check(registry, provider, allocator, pruner, options.eval());

    if (options.out().toString().isBlank()) {
      throw new IllegalArgumentException("--out is empty; give the run directory (e.g. --out runs/mlp-erk)");
    }
    if (options.threads() != null && options.threads() > Runtime.getRuntime().availableProcessors()) {
      err.println(label + "warning: --threads " + options.threads() + " is more than the "
          + Runtime.getRuntime().availableProcessors() + " cores here; steps usually get slower, not faster");
    }
    if (Files.exists(options.out()) && !Files.isDirectory(options.out())) {
      throw new CliException("--out " + options.out() + " is a file; give a directory (it is created if missing)");
    }
    // One writer per run directory: a second train, eval or compare on it fails here, naming the holder.
    try (DirectoryLock lock = RunDirectory.lock(options.out(), "sparse4j train")) {
      if (lock.previousHolder() != null) {
        err.println(label + "note: the previous process writing " + options.out() + " stopped without finishing ("
            + lock.previousHolder() + ")");
      }
      return runLocked(requested, options, config, training, info, base, allocator, pruner, provider, wallStart,
          startTime);
    }
  }

  private Outcome runLocked(RunConfig requested, Options options, RunConfig config, TrainingConfig training,
      RunData.Info info, ModelOptions base, DensityAllocator allocator, Pruner pruner,
      SparseBackendProvider provider, long wallStart, Instant startTime) throws IOException {
    String label = options.label();
    RunDirectory.Start start = RunDirectory.check(options.out(), config, options.resume(), options.force());
    // A process killed while writing a file atomically leaves its temporary file; nothing else can own it now.
    RunDirectory.removeStaleTemporaries(options.out());

    DataDirectory dataDir = DataDirectory.resolve(options.dataDir());
    err.println(label + "loading " + info.name() + " from " + dataDir.path());
    err.flush();
    RunData data = RunData.load(info.name(), dataDir, true);
    // Only now that the data is there is a previous run replaced.
    if (start.note() != null) {
      err.println(label + start.note());
    }
    RunDirectory.apply(options.out(), start);
    Dataset trainUsed = config.trainLimit() > 0 ? data.train().head(config.trainLimit()) : data.train();
    if (config.batchSize() > trainUsed.size()) {
      err.println(label + "warning: --batch-size " + config.batchSize() + " is larger than the " + trainUsed.size()
          + " training examples: every epoch is one step on all of them");
    }
    // The model normalises its input with the training set's per-channel statistics (part of the model).
    ModelOptions modelOptions = base.withNormalization(Datasets.channelMean(trainUsed), Datasets.channelStd(trainUsed));
    ModelSpec spec = Models.create(config.model(), modelOptions);

    Map<String, String> backendOptions = new LinkedHashMap<>();
    if (options.threads() != null) {
      backendOptions.put("threads", Integer.toString(options.threads()));
    }
    try (SparseBackend backend = registry.create(provider.id(), new BackendOptions(backendOptions));
        SparseModel model = backend.build(spec, config.seed())) {
      // Score pruners and ratio allocators score the built model (weights at initialisation, gradients on data).
      Pruning pruning = prune(label, config, allocator, pruner, model, trainUsed);
      DensityPlan plan = pruning.plan();
      MaskSet masks = pruning.masks();
      model.applyMasks(masks);
      if (!start.resume()) {
        RunDirectory.writeConfig(options.out(), config);
      }
      printHeader(label, config, spec, plan, masks, pruner, pruning, backend);

      Path checkpoints = options.out().resolve(RunDirectory.CHECKPOINTS);
      Checkpointer checkpointer = Checkpointer.in(checkpoints);
      ProgressListener progress = new ProgressListener(err, tty, label);
      Trainer trainer = new Trainer();
      TrainingResult result;
      // SIGTERM or Ctrl-C during training: say how to continue (the checkpoints and the lock are safe).
      java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
      Thread hint = new Thread(() -> {
        if (!finished.get()) {
          err.println();
          err.println(label + "interrupted: the run in " + options.out() + " continues from its last checkpoint "
              + "when you run the same train command again with --resume");
          err.flush();
        }
      }, "sparse4j-resume-hint");
      Runtime.getRuntime().addShutdownHook(hint);
      try {
        try {
          result = start.resume()
              ? trainer.resume(model, data.train(), data.test(), checkpoints, progress, checkpointer)
              : trainer.fit(model, data.train(), data.test(), training, progress, checkpointer);
        } catch (IllegalStateException e) {
          java.util.Optional<Path> good = Checkpointer.latest(checkpoints);
          throw new CliException(e.getMessage() + (good.isPresent()
              ? " (the last good checkpoint is " + good.get() + ")"
              : " (no checkpoint was written yet: start again with a lower --lr)"), e);
        }

        Dataset testUsed = config.testLimit() > 0 ? data.test().head(config.testLimit()) : data.test();
        RunEvaluation.Result evaluation =
            RunEvaluation.evaluate(model, testUsed, data.ood(), options.eval(), config.seed(), err, label);

        MaskSet finalMasks = model.masks();
        Path dir = options.out();
        List<String> files = new ArrayList<>(List.of(RunDirectory.REPORT, RunDirectory.CONFIG));
        Weights.write(dir.resolve(RunDirectory.WEIGHTS), model);
        files.add(RunDirectory.WEIGHTS);
        String prunerName = pruner == null ? "none" : pruner.name();
        Map<String, String> prunerConfig = pruner == null ? Map.of() : pruner.config();
        if (finalMasks.size() > 0) {
          MaskMetadata meta = MaskMetadata.of(plan, prunerName, prunerConfig, config.seed())
              .withExtra("model", spec.name()).withExtra("dataset", info.name()).withExtra("backend", provider.id());
          if (!pruning.guardedLayers().isEmpty()) {
            meta = meta.withExtra("guardedLayers", String.join(",", pruning.guardedLayers()));
          }
          if (!pruning.collapsedLayers().isEmpty()) {
            meta = meta.withExtra("collapsedLayers", String.join(",", pruning.collapsedLayers()));
          }
          MaskFile.write(dir.resolve(RunDirectory.MASKS), finalMasks, meta);
          MaskNpz.write(dir.resolve(RunDirectory.MASKS_NPZ), finalMasks);
          files.add(RunDirectory.MASKS);
          files.add(RunDirectory.MASKS_NPZ);
        }
        if (options.saveLogits()) {
          writeLogits(dir.resolve(RunDirectory.LOGITS), evaluation.evaluation());
          files.add(RunDirectory.LOGITS);
        }
        RunProvenance provenance = RunProvenance.of(config.toStringMap(), config.seed(), provider.id(), spec.name(),
            plan, prunerName, prunerConfig, finalMasks, startTime).withVersions(backend.versions());
        ReportJson.Data dataJson = dataJson(dataDir, data, trainUsed, testUsed);
        // Across resumes: the epochs' own times (restored from the checkpoints), not just this process's share.
        double trainSeconds = result.history().stream().mapToDouble(EpochRecord::seconds).sum();
        ReportJson.Pruning pruningJson = pruning.toJson(prunerName, prunerConfig);
        // The plots are written before the report so the report lists only what exists.
        RunReport draft = new RunReport(config, options.toJson(), options.eval().toJson(), spec, modelOptions,
            provenance, plan, finalMasks, result.history(), evaluation, pruningJson, dataJson, files, trainSeconds,
            0);
        files.addAll(writePlots(dir, draft, label, err));
        files.add(RunDirectory.CHECKPOINTS + "/");
        double wall = (System.nanoTime() - wallStart) / 1e9;
        RunReport report = new RunReport(config, options.toJson(), options.eval().toJson(), spec, modelOptions,
            provenance, plan, finalMasks, result.history(), evaluation, pruningJson, dataJson, files, trainSeconds,
            wall);
        // Written last: a report marks a finished run; it binds the weights and masks by their checksums.
        String threads = backend.versions().getOrDefault("threads",
            options.threads() != null ? options.threads().toString() : "the backend's default");
        Json.write(dir.resolve(RunDirectory.REPORT), report.toJson(RunChecksums.of(dir), "bit-identical for the same"
            + " seed, backend, versions and thread count (threads " + threads + "); another thread count may change"
            + " the last bits"));
        printSummary(label, dir, report);
        return new Outcome(dir, report);
      } finally {
        // Finished, or failed with its own message: no resume hint at exit.
        finished.set(true);
        try {
          Runtime.getRuntime().removeShutdownHook(hint);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is exiting already
        }
      }
    }
  }

  /**
   * How the masks were made.
   *
   * @param plan the per-layer densities (from the allocator, bound to the model for a ratio allocator)
   * @param masks the masks (empty for a dense run)
   * @param guardedLayers layers a score pruner kept one weight of to avoid layer collapse
   * @param collapsedLayers layers a score pruner left empty ({@code collapse=allow})
   * @param seconds time spent allocating and pruning
   */
  record Pruning(DensityPlan plan, MaskSet masks, List<String> guardedLayers, List<String> collapsedLayers,
      double seconds) {
    ReportJson.Pruning toJson(String prunerName, Map<String, String> prunerConfig) {
      return new ReportJson.Pruning(plan.allocator(), plan.allocatorConfig(), prunerName, prunerConfig,
          guardedLayers, collapsedLayers, seconds);
    }
  }

  /**
   * Plans the densities and draws the masks on the built model with a {@link Sparsifier}:
   * {@code PruneContext.ofSeed(seed).withData(train)}; a {@link ScorePruner} reports the layers its collapse guard
   * acted on.
   */
  private Pruning prune(String label, RunConfig config, DensityAllocator allocator, Pruner pruner, SparseModel model,
      Dataset trainUsed) {
    try {
      return pruneOnModel(label, config, allocator, pruner, model, trainUsed);
    } catch (UnsupportedCapabilityException e) {
      throw e;
    } catch (UnsupportedOperationException e) {
      // A user's pruner or backend that does not name the capability: still one line, naming who failed.
      String who = allocator instanceof PrunerRatioAllocator r ? "allocator '" + r.name() + "'"
          : "pruner '" + (pruner == null ? "none" : pruner.name()) + "'";
      throw new CliException(who + " cannot score the model on backend '" + model.backendId() + "': "
          + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
    }
  }

  private Pruning pruneOnModel(String label, RunConfig config, DensityAllocator allocator, Pruner pruner,
      SparseModel model, Dataset trainUsed) {
    long t = System.nanoTime();
    PruneContext ctx = PruneContext.ofSeed(config.seed()).withData(trainUsed);
    Density target = config.dense() ? Density.DENSE : Density.of(config.density());
    if (allocator instanceof PrunerRatioAllocator r) {
      err.println(label + "allocating with " + r.name() + ": scoring the initial weights with pruner "
          + r.pruner().name() + " (" + Format.map(r.pruner().config()) + ") …");
      err.flush();
    }
    if (pruner == null) {
      DensityPlan plan = allocator.allocate(model, target, ctx);
      return new Pruning(plan, MaskSet.empty(), List.of(), List.of(), (System.nanoTime() - t) / 1e9);
    }
    Sparsifier sparsifier = Sparsifier.of(allocator, pruner);
    DensityPlan plan = sparsifier.plan(model, target, ctx);
    if (pruner instanceof ScorePruner) {
      err.println(label + "pruning with " + pruner.name() + " (" + Format.map(pruner.config()) + ") …");
      err.flush();
    }
    Sparsifier.Result r = sparsifier.masks(model, plan, ctx);
    if (!r.guardedLayers().isEmpty()) {
      err.println(label + "warning: " + pruner.name() + " would have removed every weight of "
          + String.join(", ", r.guardedLayers()) + "; each keeps its best-scored weight (collapse=guard)");
    }
    return new Pruning(plan, r.masks(), r.guardedLayers(), r.collapsedLayers(), (System.nanoTime() - t) / 1e9);
  }

  /** Writes the three plots; a machine that cannot draw (no fonts) gets a warning, not a failed run. */
  static List<String> writePlots(Path dir, RunReport r, String label, PrintWriter err) {
    List<String> written = new ArrayList<>();
    String subtitle = subtitle(r);
    try {
      var c = r.evaluation().classification();
      Plots.reliability(dir.resolve(RunDirectory.RELIABILITY_PNG), c.calibration().bins(), c.ece(), c.mce(),
          c.count(), subtitle);
      written.add(RunDirectory.RELIABILITY_PNG);
      Plots.densities(dir.resolve(RunDirectory.DENSITIES_PNG), r.densityRows(),
          r.config().dense() ? 1.0 : r.plan().targetDensity(), r.totalDensity(), subtitle);
      written.add(RunDirectory.DENSITIES_PNG);
      Plots.training(dir.resolve(RunDirectory.TRAINING_PNG), r.history(), subtitle);
      written.add(RunDirectory.TRAINING_PNG);
    } catch (Exception | LinkageError | java.awt.AWTError | InternalError e) {
      err.println(label + "warning: could not draw the plots (" + e + "); the other results are complete. "
          + "Drawing needs fonts: install fontconfig and a font (e.g. apt-get install fontconfig fonts-dejavu-core)");
    }
    return written;
  }

  private static String subtitle(RunReport r) {
    RunConfig c = r.config();
    return String.format(Locale.ROOT, "%s ×%s on %s, %s at density %.4f, %d epoch%s, seed %d, %s", c.model(),
        trim(c.width()), c.dataset(), c.dense() ? "dense" : c.allocator(), r.totalDensity(), c.epochs(),
        c.epochs() == 1 ? "" : "s", c.seed(), c.backend());
  }

  private static String trim(double v) {
    return Format.number(v);
  }

  /** {@code logits.npz}: test logits (float32, N×C), test labels (int64) and each OOD set's logits. */
  static void writeLogits(Path file, EvaluationResult e) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    int c = e.numClasses();
    arrays.put("test_logits", NpyArray.ofFloats(new int[] {e.testLabels().length, c}, e.testLogits()));
    long[] labels = new long[e.testLabels().length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = e.testLabels()[i];
    }
    arrays.put("test_labels", NpyArray.ofLongs(new int[] {labels.length}, labels));
    e.oodLogits().forEach((name, z) ->
        arrays.put("ood_" + name + "_logits", NpyArray.ofFloats(new int[] {z.length / c, c}, z)));
    Npz.writeCompressed(file, arrays);
  }

  private static ReportJson.Data dataJson(DataDirectory dir, RunData data, Dataset trainUsed, Dataset testUsed) {
    Map<String, ReportJson.DataSet> ood = new LinkedHashMap<>();
    data.ood().forEach((k, d) -> ood.put(k, new ReportJson.DataSet(d.name(), d.size(), null)));
    return new ReportJson.Data(dir.path().toString(),
        new ReportJson.DataSet(data.train().name(), data.train().size(), trainUsed.size()),
        new ReportJson.DataSet(data.test().name(), data.test().size(), testUsed.size()), ood);
  }

  private void printHeader(String label, RunConfig c, ModelSpec spec, DensityPlan plan, MaskSet masks, Pruner pruner,
      Pruning pruning, SparseBackend backend) {
    err.println(label + String.format(Locale.ROOT, "model %s (width %s, %s parameters) on %s, backend %s (%s)",
        spec.name(), trim(c.width()), Format.count(spec.parameterCount()), c.dataset(), backend.id(),
        Format.map(backend.versions())));
    if (c.dense()) {
      err.println(label + "dense baseline: all " + Format.count(plan.totalParams()) + " prunable weights kept");
    } else {
      err.println(label + String.format(Locale.ROOT,
          "%s allocation at density %.4f (sparsity %s): %s of %s prunable weights kept; pruner %s (%s)",
          plan.allocator(), plan.targetDensity(), trim(c.sparsity()), Format.count(masks.kept()),
          Format.count(plan.totalParams()), pruner.name(), Format.map(pruner.config())));
      if (pruner instanceof ScorePruner sp && !sp.layerWise()) {
        // A global score pruner keeps the plan's total only: say so, or the allocator's name misleads.
        err.println(label + "  global selection: the per-layer densities come from the " + pruner.name()
            + " scores, the " + plan.allocator() + " allocation sets only the total (layer-wise=true keeps its"
            + " per-layer densities)");
      }
      if (pruning.seconds() >= 1) {
        err.println(label + "  allocation and pruning took " + Format.duration(pruning.seconds()));
      }
    }
    String opt = c.optimizer().equals("sgd")
        ? String.format(Locale.ROOT, "sgd momentum %s%s", trim(c.momentum()), c.nesterov() ? " nesterov" : "")
        : "adam";
    String aug = c.flip() || c.cropPadding() > 0
        ? (c.flip() ? "flip" : "") + (c.flip() && c.cropPadding() > 0 ? " + " : "")
            + (c.cropPadding() > 0 ? "crop (padding " + c.cropPadding() + ")" : "")
        : "off";
    err.println(label + String.format(Locale.ROOT,
        "%s, lr %s (%s), weight decay %s, batch %d, %d epoch%s, seed %d, augmentation %s", opt, trim(c.learningRate()),
        c.schedule(), trim(c.weightDecay()), c.batchSize(), c.epochs(), c.epochs() == 1 ? "" : "s", c.seed(), aug));
    err.flush();
  }

  private void printSummary(String label, Path dir, RunReport r) {
    var c = r.evaluation().classification();
    out.println(label + "Finished in " + Format.duration(r.wallSeconds()) + " (training "
        + Format.duration(r.trainSeconds()) + "). Run directory: " + dir);
    out.println(label + String.format(Locale.ROOT, "  test accuracy %.4f   NLL %.4f   ECE %.4f   Brier %.4f   (%s examples)",
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
      out.println(label + sb);
    }
    for (Map.Entry<String, RobustnessCurve> e : r.result().robustness().entrySet()) {
      RobustnessCurve curve = e.getValue();
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %s accuracy (%s examples, clean %s):",
          e.getKey().toUpperCase(Locale.ROOT), Format.count(curve.count()), Format.fraction(curve.cleanAccuracy())));
      for (RobustnessPoint p : curve.points()) {
        sb.append("  ε ").append(EvalSettings.radiusLabel(e.getKey(), p.eps())).append(' ')
            .append(Format.fraction(p.accuracy()));
      }
      out.println(label + sb);
    }
    out.println(label + String.format(Locale.ROOT, "  density %.4f: %s of %s prunable weights kept; MACs per example"
            + " (theoretical) %s sparse vs %s dense", r.totalDensity(), Format.count(r.prunableKept()),
        Format.count(r.plan().totalParams()), Format.millions(r.sparseMacs()), Format.millions(r.denseMacs())));
    out.println(label + "  files: " + String.join(", ", r.files()));
    out.flush();
  }
}
