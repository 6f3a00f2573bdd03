package dev.sparse4j.runner;

import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.Npz;
import dev.sparse4j.metrics.EvaluationResult;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.RunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run directory's derived files: the three plots and {@code logits.npz}. */
final class RunFiles {
  private RunFiles() {}

  /**
   * Writes the three plots with the installed {@link RunPlots} (none: no plots, logged); a machine that cannot draw
   * (no fonts) gets a warning, not a failed run.
   */
  static List<String> writePlots(Path dir, RunReport r, String label, RunOutput err) {
    List<String> written = new ArrayList<>();
    RunPlots plots = RunPlots.installed().orElse(null);
    if (plots == null) {
      return written;
    }
    String subtitle = subtitle(r);
    try {
      var c = r.evaluation().classification();
      plots.reliability(dir.resolve(RunDirectory.RELIABILITY_PNG), c.calibration().bins(), c.ece(), c.mce(),
          c.count(), subtitle);
      written.add(RunDirectory.RELIABILITY_PNG);
      plots.densities(dir.resolve(RunDirectory.DENSITIES_PNG), r.densityRows(),
          r.config().dense() ? 1.0 : r.plan().targetDensity(), r.totalDensity(), subtitle);
      written.add(RunDirectory.DENSITIES_PNG);
      plots.training(dir.resolve(RunDirectory.TRAINING_PNG), r.history(), subtitle);
      written.add(RunDirectory.TRAINING_PNG);
    } catch (Exception | LinkageError | java.awt.AWTError | InternalError e) {
      err.progress(label + "warning: could not draw the plots (" + e + "); the other results are complete. "
          + "Drawing needs fonts: install fontconfig and a font (e.g. apt-get install fontconfig fonts-dejavu-core)");
    }
    return written;
  }

  private static String subtitle(RunReport r) {
    RunConfig c = r.config();
    return String.format(Locale.ROOT, "%s ×%s on %s, %s at density %.4f, %d epoch%s, seed %d, %s", c.model(),
        Format.number(c.width()), c.dataset(), c.dense() ? "dense" : c.allocator(), r.totalDensity(), c.epochs(),
        c.epochs() == 1 ? "" : "s", c.seed(), c.backend());
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
}
