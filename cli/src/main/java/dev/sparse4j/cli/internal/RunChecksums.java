package dev.sparse4j.cli.internal;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.io.Checksums;
import dev.sparse4j.api.io.CorruptFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a run's files together: {@code report.json} records the SHA-256 of the weights and masks it was written
 * with ({@code "checksums"}), and a run read back must still hold those files and weights that are zero wherever
 * the masks prune. Weights or masks copied in from another run, or damaged, are refused instead of evaluated.
 */
public final class RunChecksums {
  /** The report field. */
  public static final String FIELD = "checksums";
  /** The files whose checksums the report records, when present. */
  public static final List<String> FILES = List.of(RunDirectory.WEIGHTS, RunDirectory.MASKS, RunDirectory.MASKS_NPZ);

  private RunChecksums() {}

  /** The SHA-256 of the bound files present in {@code run}, for the report's {@value #FIELD}. */
  public static Map<String, String> of(Path run) throws IOException {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String f : FILES) {
      if (Files.isRegularFile(run.resolve(f))) {
        sums.put(f, "sha256:" + Checksums.sha256(run.resolve(f)));
      }
    }
    return sums;
  }

  /**
   * Checks the files of {@code run} against the checksums its report recorded (reports written before checksums
   * existed pass this check).
   *
   * @throws CorruptFileException naming the file that does not belong to the run
   */
  public static void verify(Path run, Map<String, String> sums) throws IOException {
    for (Map.Entry<String, String> e : sums.entrySet()) {
      Path file = run.resolve(e.getKey());
      if (!Files.isRegularFile(file)) {
        continue; // reported as missing where the file is needed
      }
      String actual = "sha256:" + Checksums.sha256(file);
      if (!actual.equals(e.getValue())) {
        throw new CorruptFileException(file, -1, "does not belong to this run: its SHA-256 differs from the one "
            + "recorded in " + RunDirectory.REPORT + " when the run finished (" + e.getValue() + "); it was "
            + "replaced (e.g. copied from another run) or damaged — restore it or train the run again");
      }
    }
  }

  /**
   * Refuses weights that are non-zero where the masks prune: they cannot come from this run.
   *
   * @throws CorruptFileException naming the first offending weight
   */
  public static void verifyPrunedZero(Path weightsFile, Map<String, float[]> weights, MaskSet masks)
      throws CorruptFileException {
    long bad = 0;
    String first = null;
    for (Map.Entry<String, Mask> e : masks.asMap().entrySet()) {
      float[] w = weights.get(e.getKey());
      if (w == null) {
        continue;
      }
      for (int i = 0; i < w.length; i++) {
        if (!e.getValue().isKept(i) && w[i] != 0f) {
          bad++;
          if (first == null) {
            first = e.getKey() + "[" + i + "] = " + w[i];
          }
        }
      }
    }
    if (bad > 0) {
      throw new CorruptFileException(weightsFile, -1, "has " + bad + " non-zero weight" + (bad == 1 ? "" : "s")
          + " where " + RunDirectory.MASKS + " prunes (first: " + first + "); the weights and masks come from "
          + "different runs — use the files of one run");
    }
  }
}
