package dev.sparse4j.runner;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.io.MaskFile;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.runner.report.ReportJson;
import dev.sparse4j.runner.report.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A finished run read back from its directory: the report, the configuration, the model rebuilt from them, the masks
 * and the weights, each checked with a message that says which file is wrong. {@code eval} and {@code export} start
 * here.
 *
 * @param run the run directory
 * @param reportFile its {@code report.json}
 * @param report the report
 * @param config the run's configuration
 * @param spec the model
 * @param masked whether the run is sparse
 * @param masks the masks (empty when dense, and for a run held as kept entries: see {@code keptMasks})
 * @param weights every state tensor by name; for a run held as kept entries, each weight of {@code keptMasks} as its
 *     kept values only ({@code SparseModel.keptState()}'s form)
 * @param keptMasks the masks of a run that held kept entries only ({@code weights-csr/}), else {@code null}
 */
public record SavedRun(Path run, Path reportFile, ReportJson report, RunConfig config, ModelSpec spec, boolean masked,
    MaskSet masks, Map<String, float[]> weights, dev.sparse4j.api.KeptMaskSet keptMasks) {

  /**
   * Reads the run in {@code run}.
   *
   * @throws RunException naming a missing run directory, report, weights or mask file
   * @throws CorruptFileException if a file is not what a run writes
   */
  public static SavedRun read(Path run) throws IOException {
    if (Files.isRegularFile(run)) {
      throw new RunException(run + " is a file; give the run directory (the --out of a train run), not a file in it");
    }
    if (!Files.isDirectory(run)) {
      throw new RunException("run directory " + run + " does not exist (give the --out directory of a train run)");
    }
    Path reportFile = run.resolve(RunDirectory.REPORT);
    if (!Files.isRegularFile(reportFile)) {
      throw new RunException(run + " has no " + RunDirectory.REPORT + ": it is not a finished sparse4j run"
          + (Files.isDirectory(run.resolve(RunDirectory.CHECKPOINTS))
              ? " (an interrupted one continues with: sparse4j train --out " + run + " --resume …)" : ""));
    }
    ReportJson report = RunReevaluation.readReport(reportFile);
    RunConfig config = report.config().run();
    ModelOptions modelOptions;
    try {
      modelOptions = report.model().options();
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(reportFile, -1, "bad \"model\": " + e.getMessage());
    }
    ModelSpec spec = Models.create(config.model(), modelOptions);
    Path weightsFile = run.resolve(RunDirectory.WEIGHTS);
    if (!Files.isRegularFile(weightsFile)) {
      throw new RunException(run + " has no " + RunDirectory.WEIGHTS + "; the run's weights are missing");
    }
    Path masksFile = run.resolve(RunDirectory.MASKS);
    boolean masked = report.masked();
    if (Files.isDirectory(run.resolve(RunDirectory.WEIGHTS_CSR))) {
      RunChecksums.verify(run, report);
      return readKept(run, reportFile, report, config, spec, weightsFile);
    }
    if (masked && !Files.isRegularFile(masksFile)) {
      throw new RunException(run + " has no " + RunDirectory.MASKS + " but the run is sparse; the masks are missing");
    }
    RunChecksums.verify(run, report);
    MaskSet masks = masked ? MaskFile.readMasks(masksFile) : MaskSet.empty();
    requireMasksFit(masksFile, masks, spec);
    Map<String, float[]> weights = Weights.read(weightsFile, spec);
    RunChecksums.verifyPrunedZero(weightsFile, weights, masks);
    return new SavedRun(run, reportFile, report, config, spec, masked, masks, weights, null);
  }

  /**
   * A run that held kept entries only: each masked weight from its CSR file, checked against the model, kept as
   * entries ({@link #dense()} makes them dense for backends that need it).
   */
  private static SavedRun readKept(Path run, Path reportFile, ReportJson report, RunConfig config, ModelSpec spec,
      Path weightsFile) throws IOException {
    Path dir = run.resolve(RunDirectory.WEIGHTS_CSR);
    Map<String, dev.sparse4j.api.KeptMask> masks = new java.util.LinkedHashMap<>();
    Map<String, float[]> values = new java.util.LinkedHashMap<>();
    for (dev.sparse4j.api.ParamSpec p : spec.prunable()) {
      Path file = dir.resolve(p.name() + ".npz");
      if (!Files.isRegularFile(file)) {
        continue; // a layer the run did not mask is in weights.npz
      }
      dev.sparse4j.io.CsrNpz.Contents c = dev.sparse4j.io.CsrNpz.read(file);
      if (!java.util.Arrays.equals(c.mask().shape(), p.shape())) {
        throw new CorruptFileException(file, -1, "holds a " + dev.sparse4j.api.ParamSpec.shapeString(c.mask().shape())
            + " weight but model " + spec.name() + " needs " + p.shapeString() + "; it belongs to another run");
      }
      masks.put(p.name(), c.mask());
      values.put(p.name(), c.values());
    }
    Map<String, float[]> rest = Weights.read(weightsFile, spec, values.keySet());
    Map<String, float[]> weights = new java.util.LinkedHashMap<>();
    for (dev.sparse4j.api.ParamSpec p : spec.stateTensors()) {
      weights.put(p.name(), values.containsKey(p.name()) ? values.get(p.name()) : rest.get(p.name()));
    }
    return new SavedRun(run, reportFile, report, config, spec, true, MaskSet.empty(), weights,
        dev.sparse4j.api.KeptMaskSet.of(masks));
  }

  /**
   * This run with dense weights and bitmap masks (itself unless it was held as kept entries), as backends without
   * {@code KEPT_ENTRIES} and exporters need it.
   *
   * @throws RunException if a weight is too large to be dense, saying what can read it instead
   */
  public SavedRun dense() {
    if (keptMasks == null) {
      return this;
    }
    for (dev.sparse4j.api.ParamSpec p : spec.prunable()) {
      if (keptMasks.contains(p.name()) && !p.fitsDense()) {
        throw new RunException(String.format(java.util.Locale.ROOT, "%s holds %s (%s, %,d positions) as kept"
            + " entries only, too large to be dense: evaluate it on a backend that holds kept entries (--backend "
            + "sparse-cpu); exporters need dense weights (the CSR file loads in Python with scipy.sparse.load_npz)",
            run, p.name(), p.shapeString(), p.size()));
      }
    }
    Map<String, float[]> dense = new java.util.LinkedHashMap<>();
    weights.forEach((name, v) -> dense.put(name, keptMasks.contains(name) ? keptMasks.get(name).expand(v) : v));
    return new SavedRun(run, reportFile, report, config, spec, masked, keptMasks.toMaskSet(), dense, null);
  }

  /**
   * Masks of another model are a damaged run, said as such (exit code 1, no usage hint), not a bad option.
   *
   * @throws CorruptFileException naming the first mask the model has no weight for, or of the wrong shape
   */
  private static void requireMasksFit(Path masksFile, MaskSet masks, ModelSpec spec) throws CorruptFileException {
    Map<String, int[]> shapes = new java.util.HashMap<>();
    spec.prunable().forEach(p -> shapes.put(p.name(), p.shape()));
    for (Map.Entry<String, dev.sparse4j.api.Mask> e : masks.asMap().entrySet()) {
      int[] shape = shapes.get(e.getKey());
      if (shape == null) {
        throw new CorruptFileException(masksFile, -1, "holds a mask for " + e.getKey() + ", which model "
            + spec.name() + " does not prune; the masks belong to another run");
      }
      if (!java.util.Arrays.equals(shape, e.getValue().shape())) {
        throw new CorruptFileException(masksFile, -1, "the mask of " + e.getKey() + " has shape "
            + java.util.Arrays.toString(e.getValue().shape()) + " but model " + spec.name() + " needs "
            + java.util.Arrays.toString(shape) + "; the masks belong to another run");
      }
    }
  }

  /** The masks' density, 1 for a dense run. */
  public double density() {
    return keptMasks != null ? keptMasks.density() : masked ? masks.density() : 1.0;
  }
}
