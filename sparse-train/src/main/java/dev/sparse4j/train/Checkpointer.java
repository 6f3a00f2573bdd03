package dev.sparse4j.train;

import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.io.JsonMapper;
import dev.sparse4j.api.spi.AtomicFiles;
import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.io.CsrNpz;
import dev.sparse4j.io.MaskFile;
import dev.sparse4j.io.MaskMetadata;
import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.Npz;
import dev.sparse4j.api.Versions;
import dev.sparse4j.api.spi.SparseModel;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads training checkpoints in one directory:
 *
 * <pre>
 * dir/
 *   latest                 name of the newest complete checkpoint, e.g. "epoch-0007"
 *   epoch-0007/
 *     checkpoint.json      epochs completed, configuration, history, model/backend/data names
 *     state.npz            parameters and buffers ({@code SparseModel#state()}), PyTorch names and shapes
 *     optimizer.npz        optimizer state ({@code SparseModel#optimizerState()})
 *     masks.s4jm           the masks (absent for a dense model)
 * </pre>
 *
 * <p>A checkpoint is written into a hidden temporary directory and renamed into place when complete; then
 * {@code latest} is replaced atomically. A run killed at any moment therefore leaves the previous checkpoint intact
 * and {@code latest} pointing at a complete one. Older checkpoints beyond {@link #keepLast(int)} are deleted.
 *
 * <p>Immutable; {@link #every(int)} and {@link #keepLast(int)} return new instances.
 */
public final class Checkpointer {
  /** Name of the pointer file. */
  public static final String LATEST = "latest";
  /** Name of the JSON manifest inside a checkpoint directory. */
  public static final String MANIFEST = "checkpoint.json";
  /** Name of the weights archive inside a checkpoint directory. */
  public static final String STATE = "state.npz";
  /** Name of the optimizer-state archive inside a checkpoint directory. */
  public static final String OPTIMIZER = "optimizer.npz";
  /** Name of the mask file inside a checkpoint directory. */
  public static final String MASKS = "masks.s4jm";
  /** File of the ever-active positions of dynamic sparse training (the ITOP set), in the mask file format. */
  public static final String ITOP = "itop.s4jm";
  /** Masks of a kept-entries checkpoint, as compressed rows ({@link CsrNpz#writeMasks}). */
  public static final String KEPT_MASKS = "masks.kept.npz";
  /** The ever-active set of a kept-entries checkpoint, as compressed rows. */
  public static final String KEPT_ITOP = "itop.kept.npz";

  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  private static final Pattern EPOCH_DIR = Pattern.compile("epoch-(\\d{4,9})");

  private final Path directory;
  private final int every;
  private final int keepLast;
  private final boolean kept;

  private Checkpointer(Path directory, int every, int keepLast, boolean kept) {
    this.directory = directory;
    this.every = every;
    this.keepLast = keepLast;
    this.kept = kept;
  }

  /** Checkpoints into {@code directory} after every epoch, keeping only the newest. */
  public static Checkpointer in(Path directory) {
    if (directory == null) {
      throw new IllegalArgumentException("checkpoint directory is required");
    }
    return new Checkpointer(directory, 1, 1, false);
  }

  /**
   * Checkpoints after every {@code epochs}-th epoch (and always after the last one).
   *
   * @throws IllegalArgumentException if {@code epochs < 1}
   */
  public Checkpointer every(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("checkpoint interval must be ≥ 1 epoch, got " + epochs);
    }
    return new Checkpointer(directory, epochs, keepLast, kept);
  }

  /**
   * Keeps the newest {@code n} checkpoints and deletes older ones.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public Checkpointer keepLast(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("must keep at least 1 checkpoint, got " + n);
    }
    return new Checkpointer(directory, every, n, kept);
  }

  /**
   * A checkpointer that writes the model's kept entries ({@code SparseModel#keptState()},
   * {@code keptOptimizerState()}, {@code keptMasks()}; masks as compressed rows in {@value #KEPT_MASKS}) instead of
   * its dense state and bitmaps: for models held as kept entries only, which may be too large to be dense.
   * {@link Trainer#resume} reads either form.
   */
  public Checkpointer holdingKeptEntries() {
    return new Checkpointer(directory, every, keepLast, true);
  }

  /** The checkpoint directory. */
  public Path directory() {
    return directory;
  }

  /** Whether a checkpoint is due after 1-based epoch {@code epoch} of {@code totalEpochs}. */
  public boolean isDue(int epoch, int totalEpochs) {
    return epoch % every == 0 || epoch == totalEpochs;
  }

  /**
   * Writes a checkpoint of {@code model} after {@code epochsCompleted} epochs and points {@code latest} at it.
   *
   * @return the new checkpoint's directory
   * @throws IOException if writing fails; earlier checkpoints are then left as they were
   */
  public Path save(SparseModel model, int epochsCompleted, TrainingConfig config, List<EpochRecord> history,
      String trainName, int trainSize) throws IOException {
    return save(model, epochsCompleted, config, history, trainName, trainSize, MaskSet.empty());
  }

  /**
   * Writes a checkpoint as {@link #save(SparseModel, int, TrainingConfig, List, String, int)} does, with the
   * ever-active positions of dynamic sparse training ({@code itop.s4jm}) when {@code everActive} is not empty.
   */
  public Path save(SparseModel model, int epochsCompleted, TrainingConfig config, List<EpochRecord> history,
      String trainName, int trainSize, MaskSet everActive) throws IOException {
    return save(model, epochsCompleted, config, history, trainName, trainSize, KeptMaskSet.of(everActive));
  }

  /**
   * {@link #save(SparseModel, int, TrainingConfig, List, String, int, MaskSet)} with the ever-active set as kept
   * entries (written as a bitmap mask file unless this checkpointer {@linkplain #holdingKeptEntries() holds kept
   * entries}).
   */
  public Path save(SparseModel model, int epochsCompleted, TrainingConfig config, List<EpochRecord> history,
      String trainName, int trainSize, KeptMaskSet everActive) throws IOException {
    if (history.size() != epochsCompleted) {
      throw new IllegalArgumentException(
          "history has " + history.size() + " records but " + epochsCompleted + " epochs are completed");
    }
    Files.createDirectories(directory);
    String name = String.format("epoch-%04d", epochsCompleted);
    Path tmp = Files.createTempDirectory(directory, "." + name + ".");
    try {
      Map<String, int[]> shapes = new HashMap<>();
      for (ParamSpec p : model.spec().stateTensors()) {
        shapes.put(p.name(), p.shape());
      }
      boolean itop = everActive.size() > 0;
      boolean masked;
      if (kept) {
        // Masked weights and their slots as 1-D arrays of kept values; the masks as compressed rows.
        KeptMaskSet masks = model.keptMasks();
        masks.names().forEach(shapes::remove);
        Npz.write(tmp.resolve(STATE), arrays(model.keptState(), shapes));
        Npz.write(tmp.resolve(OPTIMIZER), arrays(model.keptOptimizerState(), shapes));
        CsrNpz.writeMasks(tmp.resolve(KEPT_MASKS), masks);
        if (itop) {
          CsrNpz.writeMasks(tmp.resolve(KEPT_ITOP), everActive);
        }
        masked = masks.size() > 0;
      } else {
        Npz.write(tmp.resolve(STATE), arrays(model.state(), shapes));
        Npz.write(tmp.resolve(OPTIMIZER), arrays(model.optimizerState(), shapes));
        MaskSet masks = model.masks();
        if (masks.size() > 0) {
          // The masks' origin is not known here; the mask file written by the pruner keeps the full provenance.
          MaskFile.write(tmp.resolve(MASKS), masks,
              MaskMetadata.imported(masks, "checkpoint").withExtra("model", model.spec().name())
                  .withExtra("epochsCompleted", Integer.toString(epochsCompleted)));
        }
        if (itop) {
          MaskSet ever = everActive.toMaskSet();
          MaskFile.write(tmp.resolve(ITOP), ever, MaskMetadata.imported(ever, "ever-active positions")
              .withExtra("model", model.spec().name())
              .withExtra("epochsCompleted", Integer.toString(epochsCompleted)));
        }
        masked = masks.size() > 0;
      }
      CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT, CheckpointManifest.VERSION,
          config, history, epochsCompleted, model.spec().name(), model.backendId(), trainName, trainSize,
          masked, itop ? Boolean.TRUE : null, kept ? Boolean.TRUE : null, Versions.runtime());
      // The manifest is written last: a directory with a manifest has all its files.
      AtomicFiles.writeString(tmp.resolve(MANIFEST), JsonMapper.MAPPER.writeValueAsString(manifest));
      Path target = directory.resolve(name);
      if (Files.exists(target)) {
        // Re-running an epoch (e.g. resumed from an older checkpoint): move the old copy aside first.
        Path old = Files.createTempDirectory(directory, "." + name + ".old.");
        Files.delete(old);
        move(target, old);
        move(tmp, target);
        AtomicFiles.deleteRecursively(old);
      } else {
        move(tmp, target);
      }
      AtomicFiles.writeString(directory.resolve(LATEST), name + "\n");
      prune(epochsCompleted);
      LOG.debug("wrote checkpoint {}", target);
      return target;
    } finally {
      if (Files.exists(tmp)) {
        AtomicFiles.deleteRecursively(tmp);
      }
    }
  }

  /**
   * The newest complete checkpoint in {@code directory}: the one {@code latest} names, or — if that file is
   * missing or stale — the highest-numbered {@code epoch-NNNN} directory holding a manifest.
   *
   * @return empty if there is none (or the directory does not exist)
   */
  public static Optional<Path> latest(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    Path pointer = directory.resolve(LATEST);
    if (Files.isRegularFile(pointer)) {
      String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
      if (!EPOCH_DIR.matcher(name).matches()) {
        throw new CorruptFileException(pointer, -1,
            "should name a checkpoint directory like epoch-0007 but holds '" + abbreviate(name) + "'");
      }
      Path dir = directory.resolve(name);
      if (Files.isRegularFile(dir.resolve(MANIFEST))) {
        return Optional.of(dir);
      }
      LOG.warn("{} names {}, which is missing or incomplete; looking for the newest complete checkpoint", pointer,
          dir);
    }
    return epochDirs(directory).stream()
        .filter(d -> Files.isRegularFile(d.resolve(MANIFEST)))
        .max(Comparator.comparingInt(Checkpointer::epochOf));
  }

  /**
   * Reads a checkpoint: {@code path} is either a checkpoint directory ({@code epoch-NNNN}, holding
   * {@code checkpoint.json}) or a checkpoint root whose newest checkpoint is taken ({@link #latest(Path)}).
   *
   * @throws FileNotFoundException if there is no checkpoint at {@code path}
   * @throws CorruptFileException if a file is damaged or a required file is missing
   */
  public static Checkpoint load(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new FileNotFoundException("checkpoint " + path + " does not exist; train without resuming first");
    }
    Path dir;
    if (Files.isRegularFile(path.resolve(MANIFEST))) {
      dir = path;
    } else {
      dir = latest(path).orElseThrow(() -> new FileNotFoundException("no checkpoint in " + path + ": no '" + LATEST
          + "' file, no '" + MANIFEST + "' and no complete epoch-NNNN directory; train without resuming first"));
    }
    return read(dir);
  }

  private static Checkpoint read(Path dir) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    CheckpointManifest m = JsonMapper.read(manifest, CheckpointManifest.class, CheckpointManifest.FORMAT,
        CheckpointManifest.VERSION, "sparse4j checkpoint");
    int epochs = m.epochsCompleted();
    List<EpochRecord> history = m.history();
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).epoch() != i + 1) {
        throw new CorruptFileException(manifest, -1,
            "history record " + (i + 1) + " is for epoch " + history.get(i).epoch());
      }
    }
    if (epochs < 1 || history.size() != epochs) {
      throw new CorruptFileException(manifest, -1,
          "says " + epochs + " epochs are completed but holds " + history.size() + " history records");
    }
    Map<String, float[]> state = floats(dir.resolve(STATE));
    Map<String, float[]> optimizer = floats(dir.resolve(OPTIMIZER));
    if (Boolean.TRUE.equals(m.keptEntries())) {
      KeptMaskSet kept = CsrNpz.readMasks(required(dir, KEPT_MASKS, "the kept-entry masks"));
      KeptMaskSet ever = Boolean.TRUE.equals(m.itop())
          ? CsrNpz.readMasks(required(dir, KEPT_ITOP, "the ever-active set of dynamic sparse training")) : null;
      return new Checkpoint(dir, epochs, m.config(), history, state, optimizer, MaskSet.empty(), m.model(),
          m.backend(), m.trainName(), m.trainSize(), MaskSet.empty(), kept, ever);
    }
    MaskSet masks = MaskSet.empty();
    if (m.masks()) {
      Path maskFile = dir.resolve(MASKS);
      if (!Files.exists(maskFile)) {
        throw new CorruptFileException(maskFile, -1, "checkpoint " + dir + " is incomplete: the mask file is missing");
      }
      masks = MaskFile.read(maskFile).masks();
    }
    MaskSet everActive = MaskSet.empty();
    if (Boolean.TRUE.equals(m.itop())) {
      Path itopFile = dir.resolve(ITOP);
      if (!Files.exists(itopFile)) {
        throw new CorruptFileException(itopFile, -1, "checkpoint " + dir + " is incomplete: the ever-active set of "
            + "dynamic sparse training is missing");
      }
      everActive = MaskFile.read(itopFile).masks();
    }
    return new Checkpoint(dir, epochs, m.config(), history, state, optimizer, masks, m.model(), m.backend(),
        m.trainName(), m.trainSize(), everActive);
  }

  private static Path required(Path dir, String name, String what) throws CorruptFileException {
    Path file = dir.resolve(name);
    if (!Files.exists(file)) {
      throw new CorruptFileException(file, -1, "checkpoint " + dir + " is incomplete: " + what + " is missing");
    }
    return file;
  }

  private static Map<String, float[]> floats(Path file) throws IOException {
    Map<String, NpyArray> arrays;
    try {
      arrays = Npz.read(file);
    } catch (NoSuchFileException e) {
      throw new CorruptFileException(file, -1,
          "checkpoint " + file.getParent() + " is incomplete: " + file.getFileName() + " is missing");
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      try {
        out.put(e.getKey(), e.getValue().floats());
      } catch (RuntimeException ex) {
        throw new CorruptFileException(file, -1, "array '" + e.getKey() + "' is not float: " + ex.getMessage());
      }
    }
    return out;
  }

  private static Map<String, NpyArray> arrays(Map<String, float[]> tensors, Map<String, int[]> shapes) {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    tensors.forEach((name, values) -> out.put(name, NpyArray.ofFloats(shapeOf(name, values.length, shapes), values)));
    return out;
  }

  /** The spec's shape for a state tensor; optimizer entries {@code <param>.<slot>} take their parameter's shape. */
  private static int[] shapeOf(String name, int length, Map<String, int[]> shapes) {
    int[] s = shapes.get(name);
    if (s == null) {
      int dot = name.lastIndexOf('.');
      s = dot > 0 ? shapes.get(name.substring(0, dot)) : null;
    }
    if (s != null) {
      long n = 1;
      for (int d : s) {
        n *= d;
      }
      if (n == length) {
        return s;
      }
    }
    return new int[] {length};
  }

  private void prune(int current) throws IOException {
    List<Path> older = new ArrayList<>();
    for (Path d : epochDirs(directory)) {
      if (epochOf(d) <= current) {
        older.add(d);
      }
    }
    older.sort(Comparator.comparingInt(Checkpointer::epochOf).reversed());
    for (int i = keepLast; i < older.size(); i++) {
      AtomicFiles.deleteRecursively(older.get(i));
    }
    // Leftovers of runs killed while writing.
    try (Stream<Path> s = Files.list(directory)) {
      for (Path p : s.toList()) {
        String f = p.getFileName().toString();
        if (f.startsWith(".epoch-") && Files.isDirectory(p)) {
          AtomicFiles.deleteRecursively(p);
        }
      }
    }
  }

  private static List<Path> epochDirs(Path directory) throws IOException {
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(p -> Files.isDirectory(p) && EPOCH_DIR.matcher(p.getFileName().toString()).matches())
          .toList();
    }
  }

  private static int epochOf(Path dir) {
    Matcher m = EPOCH_DIR.matcher(dir.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  @Override
  public String toString() {
    return "Checkpointer[" + directory + ", every " + every + " epoch(s), keep " + keepLast + "]";
  }
}
