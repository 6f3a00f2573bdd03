package dev.sparse4j.runner;

import dev.sparse4j.api.spi.AtomicFiles;
import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.io.DirectoryLock;
import dev.sparse4j.runner.report.ConfigJson;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.runner.report.RunConfig;
import dev.sparse4j.train.Checkpointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The output directory of a training run: its file names, and the rules for reusing a directory.
 *
 * <ul>
 *   <li>A new or empty directory is always fine.
 *   <li>A finished run of the same configuration is replaced (re-running reproduces it).
 *   <li>An interrupted run of the same configuration is continued with {@code --resume}, or replaced with
 *       {@code --force}.
 *   <li>Anything else (another configuration, files that are not a run) is refused unless {@code --force}; even then
 *       only the run's own files are removed.
 * </ul>
 */
public final class RunDirectory {
  /** The run's configuration, written when training starts. */
  public static final String CONFIG = "config.json";
  /** The report, written last: its presence marks a finished run. */
  public static final String REPORT = "report.json";
  /** Written by {@code sparse4j eval}. */
  public static final String EVAL = "eval.json";
  /** Model parameters and buffers. */
  public static final String WEIGHTS = "weights.npz";
  /** Masks with their provenance. */
  public static final String MASKS = "masks.s4jm";
  /** Masks as NumPy booleans. */
  public static final String MASKS_NPZ = "masks.npz";
  /** Test and OOD logits ({@code --save-logits}). */
  public static final String LOGITS = "logits.npz";
  /** Reliability diagram. */
  public static final String RELIABILITY_PNG = "reliability.png";
  /** Per-layer densities. */
  public static final String DENSITIES_PNG = "densities.png";
  /** Loss and accuracy per epoch. */
  public static final String TRAINING_PNG = "training.png";
  /** Checkpoint directory. */
  public static final String CHECKPOINTS = "checkpoints";
  /**
   * Directory of a kept-entries run's masked weights, one SciPy CSR file each ({@code <name>.npz}, see
   * {@link dev.sparse4j.io.CsrNpz}); {@link #WEIGHTS} then holds the other tensors.
   */
  public static final String WEIGHTS_CSR = "weights-csr";

  private static final List<String> OWN_FILES = List.of(CONFIG, REPORT, EVAL, WEIGHTS, MASKS, MASKS_NPZ, LOGITS,
      RELIABILITY_PNG, DENSITIES_PNG, TRAINING_PNG);

  private RunDirectory() {}

  /**
   * How a run starts in its directory.
   *
   * @param resume continue from the checkpoints
   * @param clean the previous run's files must be removed first
   * @param note something to tell the user (e.g. that a previous run is replaced), or {@code null}
   */
  public record Start(boolean resume, boolean clean, String note) {}

  /**
   * Checks whether {@code out} may hold a run of {@code config}, changing nothing; {@link #apply} then prepares it.
   *
   * @throws RunException if the directory may not be used this way, saying why and which option would allow it
   */
  public static Start check(Path out, RunConfig config, boolean resume, boolean force) throws IOException {
    if (resume && force) {
      throw new IllegalArgumentException("--resume continues the run in --out and --force starts it over; give one");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new RunException("--out " + out + " is a file; give a directory (it is created if missing)");
    }
    boolean empty = !Files.exists(out) || isEmpty(out);
    Path checkpoints = out.resolve(CHECKPOINTS);
    if (resume) {
      RunConfig previous = empty ? null : readConfig(out);
      Optional<Path> latest = empty ? Optional.empty() : Checkpointer.latest(checkpoints);
      if (previous == null || latest.isEmpty()) {
        throw new RunException("nothing to resume in " + out + ": "
            + (empty ? "the directory is missing or empty" : previous == null ? "it has no " + CONFIG
                : "no checkpoint in " + checkpoints)
            + "; run without --resume to start training");
      }
      List<String> diffs = previous.differences(config);
      if (!diffs.isEmpty()) {
        throw new RunException("cannot resume: " + out + " holds a run with another configuration ("
            + String.join("; ", diffs) + "); resume with the options it was started with, or start over with --force");
      }
      return new Start(true, false, "resuming the run in " + out + " after epoch " + epochOf(latest.get()));
    }
    if (empty) {
      return new Start(false, false, null);
    }
    if (force) {
      return new Start(false, true, "--force: removing the previous run's files from " + out);
    }
    RunConfig previous;
    if (!Files.isRegularFile(out.resolve(CONFIG))) {
      throw new RunException("--out " + out + " is not empty and holds no sparse4j run (" + listing(out)
          + "); choose a new or empty directory, or add --force to write into it anyway");
    }
    previous = readConfig(out);
    List<String> diffs = previous.differences(config);
    if (!diffs.isEmpty()) {
      throw new RunException("--out " + out + " holds a run with another configuration (" + String.join("; ", diffs)
          + "); choose another --out, or add --force to replace it");
    }
    Optional<Path> latest = Checkpointer.latest(checkpoints);
    if (!Files.isRegularFile(out.resolve(REPORT)) && latest.isPresent()) {
      throw new RunException("--out " + out + " holds an interrupted run of this configuration (checkpoint after "
          + "epoch " + epochOf(latest.get()) + " of " + config.epochs() + "); add --resume to continue it, or --force "
          + "to start over");
    }
    return new Start(false, true, "replacing the previous run of the same configuration in " + out);
  }

  /**
   * Locks {@code out} for one writer ({@link DirectoryLock}), creating it if missing.
   *
   * @throws RunException naming the process that holds it
   */
  public static DirectoryLock lock(Path out, String purpose) throws IOException {
    try {
      return DirectoryLock.acquire(out, purpose);
    } catch (DirectoryLock.LockedException e) {
      throw new RunException("run directory " + e.getMessage(), e);
    } catch (DirectoryLock.UnsafeLockFileException e) {
      throw new RunException(e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new RunException(out + " is a file; give a directory (it is created if missing)", e);
    } catch (java.nio.file.FileSystemException e) {
      throw new RunException("cannot create or write the run directory " + out + " (" + e.getClass().getSimpleName()
          + (e.getReason() != null ? ": " + e.getReason() : "") + " at " + e.getFile() + "); choose a writable"
          + " directory", e);
    }
  }

  /** Creates {@code out} and, if {@code start} says so, removes the previous run's files. */
  public static void apply(Path out, Start start) throws IOException {
    Files.createDirectories(out);
    if (start.clean()) {
      clean(out);
    }
  }

  /** Writes {@value #CONFIG}. */
  public static void writeConfig(Path out, RunConfig config) throws IOException {
    Json.write(out.resolve(CONFIG), ConfigJson.of(config));
  }

  /**
   * Reads the configuration in {@value #CONFIG}.
   *
   * @throws CorruptFileException if it is not a run configuration
   */
  public static RunConfig readConfig(Path out) throws IOException {
    return Json.read(out.resolve(CONFIG), ConfigJson.class, ConfigJson.FORMAT, ConfigJson.VERSION,
        "sparse4j run configuration").config();
  }

  /** Removes the run's own files and checkpoints from {@code out}; other files stay. */
  public static void clean(Path out) throws IOException {
    for (String f : OWN_FILES) {
      Files.deleteIfExists(out.resolve(f));
    }
    AtomicFiles.deleteRecursively(out.resolve(CHECKPOINTS));
    AtomicFiles.deleteRecursively(out.resolve(WEIGHTS_CSR));
  }

  private static int epochOf(Path checkpoint) {
    String name = checkpoint.getFileName().toString();
    return Integer.parseInt(name.substring(name.indexOf('-') + 1));
  }

  /**
   * Removes what a killed process leaves half-written: temporary files ({@code .<name>.<random>.tmp}) of atomic
   * writes, and the checkpointer's hidden temporary directories ({@code checkpoints/.epoch-NNNN.<random>}). Only the
   * lock holder calls it, so none of them is still being written.
   */
  public static void removeStaleTemporaries(Path out) throws IOException {
    if (!Files.isDirectory(out)) {
      return;
    }
    List<Path> dirs = new java.util.ArrayList<>(List.of(out));
    Path checkpoints = out.resolve(CHECKPOINTS);
    if (Files.isDirectory(checkpoints)) {
      try (Stream<Path> s = Files.list(checkpoints)) {
        for (Path p : s.toList()) {
          if (Files.isDirectory(p) && p.getFileName().toString().startsWith(".")) {
            AtomicFiles.deleteRecursively(p);
          }
        }
      }
      try (Stream<Path> s = Files.walk(checkpoints)) {
        s.filter(Files::isDirectory).forEach(dirs::add);
      }
    }
    for (Path d : dirs) {
      try (Stream<Path> s = Files.list(d)) {
        for (Path p : s.toList()) {
          if (isTemporary(p)) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /**
   * Empty but for the lock file and temporaries of atomic writes ({@code .<name>.<random>.tmp}): a run killed while
   * writing its first file leaves one, and the next run on the directory removes it under the lock.
   */
  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.allMatch(p -> isLockFile(p) || isTemporary(p));
    }
  }

  private static boolean isTemporary(Path p) {
    String n = p.getFileName().toString();
    return n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p);
  }

  private static boolean isLockFile(Path p) {
    return p.getFileName().toString().equals(DirectoryLock.FILE);
  }

  private static String listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = s.filter(p -> !isLockFile(p) && !isTemporary(p)).map(p -> p.getFileName().toString())
          .sorted().toList();
      String shown = String.join(", ", names.subList(0, Math.min(5, names.size())));
      return "found " + shown + (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "");
    }
  }
}
