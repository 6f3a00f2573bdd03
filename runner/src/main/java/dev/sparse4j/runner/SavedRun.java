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
 * @param masks the masks (empty when dense)
 * @param weights every state tensor by name
 */
public record SavedRun(Path run, Path reportFile, ReportJson report, RunConfig config, ModelSpec spec, boolean masked,
    MaskSet masks, Map<String, float[]> weights) {

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
    if (masked && !Files.isRegularFile(masksFile)) {
      throw new RunException(run + " has no " + RunDirectory.MASKS + " but the run is sparse; the masks are missing");
    }
    RunChecksums.verify(run, report);
    MaskSet masks = masked ? MaskFile.readMasks(masksFile) : MaskSet.empty();
    requireMasksFit(masksFile, masks, spec);
    Map<String, float[]> weights = Weights.read(weightsFile, spec);
    RunChecksums.verifyPrunedZero(weightsFile, weights, masks);
    return new SavedRun(run, reportFile, report, config, spec, masked, masks, weights);
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
    return masked ? masks.density() : 1.0;
  }
}
