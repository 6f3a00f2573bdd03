package dev.sparse4j.runner;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.io.Checksums;
import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.runner.report.ReportJson;
import dev.sparse4j.runner.report.RunConfig;
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
  /**
   * The key of the digest of the report's own {@code model} and {@code config.run} sections (architecture,
   * normalisation, the run's configuration): edited after the run, they would evaluate or export another network
   * than the one trained.
   */
  public static final String SECTIONS = "report.json:model+config.run";

  /** The release whose reports may lack checksums (they came after it). */
  static final String RELEASE_WITHOUT_CHECKSUMS = "0.1.0";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunChecksums.class);

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
    Path csr = run.resolve(RunDirectory.WEIGHTS_CSR);
    if (Files.isDirectory(csr)) {
      // A kept-entries run: each masked weight's CSR file is bound to the report like weights.npz.
      try (java.util.stream.Stream<Path> files = Files.list(csr)) {
        for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
          sums.put(RunDirectory.WEIGHTS_CSR + "/" + p.getFileName(), "sha256:" + Checksums.sha256(p));
        }
      }
    }
    return sums;
  }

  /** {@code sums} with the digest of {@code model} and {@code run} added under {@link #SECTIONS}. */
  public static Map<String, String> withSections(Map<String, String> sums, ReportJson.Model model, RunConfig run) {
    Map<String, String> out = new LinkedHashMap<>(sums);
    out.put(SECTIONS, sections(model, run));
    return out;
  }

  private static String sections(ReportJson.Model model, RunConfig run) {
    return "sha256:" + Checksums.sha256(Json.compact(model) + "\n" + Json.compact(run));
  }

  /**
   * Checks a finished run: its report must carry checksums (every report sparse4j writes does); the report's
   * {@code model} and {@code config.run} sections must match their digest where the report has one (reports of
   * sparse4j 0.1.0, e.g. the compat fixtures, have none: their files are still checked); each file must match its
   * checksum.
   *
   * @throws CorruptFileException naming the file or section that does not belong to the run
   */
  public static void verify(Path run, ReportJson report) throws IOException {
    Path reportFile = run.resolve(RunDirectory.REPORT);
    if (report.checksums().isEmpty()) {
      String version = report.provenance() == null ? null : report.provenance().versions().get("sparse4j");
      if (RELEASE_WITHOUT_CHECKSUMS.equals(version)) {
        LOG.warn("{} was written by sparse4j {}, before reports carried checksums: its weights and masks cannot be"
            + " matched to it (only checked for zeros where the masks prune)", reportFile, version);
        return;
      }
      throw new CorruptFileException(reportFile, -1, "has no \"checksums\": every report this sparse4j writes"
          + " binds the run's weights and masks with them (only reports of sparse4j " + RELEASE_WITHOUT_CHECKSUMS
          + " lack them, and this one says " + version + "), so whether " + RunDirectory.WEIGHTS + " belongs to"
          + " this run cannot be checked; restore the original report, or train the run again");
    }
    String recorded = report.checksums().get(SECTIONS);
    if (recorded != null && !recorded.equals(sections(report.model(), report.config().run()))) {
      throw new CorruptFileException(reportFile, -1, "its \"model\" or \"config\" section was changed after the"
          + " run finished (they no longer match the digest recorded with the run): the architecture or"
          + " normalisation it now describes is not the one trained; restore the original report");
    }
    verify(run, report.checksums());
  }

  /**
   * Checks the files of {@code run} against {@code sums} (entries other than files are skipped).
   *
   * @throws CorruptFileException naming the file that does not belong to the run
   */
  public static void verify(Path run, Map<String, String> sums) throws IOException {
    for (Map.Entry<String, String> e : sums.entrySet()) {
      boolean csr = e.getKey().startsWith(RunDirectory.WEIGHTS_CSR + "/") && !e.getKey().contains("..");
      if (!FILES.contains(e.getKey()) && !csr) {
        continue;
      }
      Path file = run.resolve(e.getKey());
      if (!Files.isRegularFile(file)) {
        if (csr) {
          throw new CorruptFileException(file, -1, "is missing: the run wrote it (its checksum is in "
              + RunDirectory.REPORT + ") and evaluation needs it; restore it or train the run again");
        }
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
