package dev.sparse4j.cli;

import dev.sparse4j.api.spi.ModelExporter;
import dev.sparse4j.api.spi.ModelExporters;
import dev.sparse4j.runner.RunException;
import dev.sparse4j.runner.SavedRun;
import dev.sparse4j.runner.report.Format;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse4j export}: write a finished run's sparse model in another ecosystem's format. */
@Command(
    name = "export",
    sortOptions = false,
    description = {
        "Export the model of a finished run (report.json, weights.npz, masks.s4jm) in another format: tf-saved-model"
            + " writes a TensorFlow SavedModel whose serving signature takes images in [0, 1] (NCHW, normalisation"
            + " included) and returns logits; pruned weights are exactly 0.0. DJL's TensorFlow engine and"
            + " TensorFlow load it as they load any SavedModel."},
    footer = {
        "%nExamples:",
        "  sparse4j export --run runs/mlp-erk-0.9 --format tf-saved-model --out runs/mlp-erk-0.9/saved-model",
        "  sparse4j export --run runs/r20-erk-0.9 --out /tmp/r20-savedmodel"})
final class ExportCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run directory written by train.")
  private Path run;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tf-saved-model",
      description = "Export format (default: ${DEFAULT-VALUE}).")
  private String format;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Directory to write; must not exist or be empty. Written completely or not at all.")
  private Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    ModelExporter exporter;
    try {
      exporter = ModelExporters.get(format);
    } catch (IllegalArgumentException e) {
      throw new RunException("--format: " + e.getMessage());
    }
    SavedRun saved = SavedRun.read(run).dense();
    try {
      exporter.export(saved.spec(), saved.weights(), saved.masks(), out);
    } catch (IllegalArgumentException e) {
      throw new RunException("--out: " + e.getMessage());
    }
    int[] in = saved.spec().inputShape();
    w.println("Exported " + run + " (" + saved.spec().name() + ", " + (saved.masked() ? "density "
        + Format.fraction(saved.density()) : "dense") + ") as " + exporter.format() + " to " + out);
    w.println("  input 'images' [N" + Arrays.stream(in).mapToObj(d -> ", " + d).reduce("", String::concat)
        + "] in [0, 1]; output 'logits' [N, " + saved.spec().numClasses() + "]");
    return 0;
  }
}
