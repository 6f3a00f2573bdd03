package dev.sparse4j.train;

import dev.sparse4j.api.spi.StepResult;

import dev.sparse4j.api.Logits;
import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.data.Batches;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.SplitMix64;
import dev.sparse4j.api.spi.SparseModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend-neutral training loop: shuffles, batches, augments, steps a {@link SparseModel}, evaluates, reports
 * and checkpoints.
 *
 * <p><b>Determinism.</b> Epoch {@code e} (0-based) visits the training examples in the order of
 * {@link #permutation(long, int, int)}, and batch {@code b} is augmented from its own stream (see
 * {@link Augmentation}); both use the project's documented {@link SplitMix64} generator. Both depend only on the seed and the
 * epoch/batch coordinates, never on earlier draws, so a run resumed from a checkpoint needs no generator state and
 * sees exactly the batches the uninterrupted run would have seen. With a deterministic backend, a resumed run ends
 * with the same weights and masks as an uninterrupted one.
 *
 * <p><b>Epoch.</b> Batches of {@link TrainingConfig#batchSize()} (the last, partial batch is kept), each one
 * {@link SparseModel#trainStep} at the epoch's rate from {@link TrainingConfig#learningRateSchedule()}; then, if a
 * test set is given, accuracy over it via {@link SparseModel#logits} in batches of the same size; then an
 * {@link EpochRecord}, the listener, and a checkpoint if one is due.
 *
 * <p><b>Dynamic sparse training.</b> With {@link TrainingConfig#topology()} set, a topology update
 * ({@link dev.sparse4j.prune.dst.TopologyEngine}) runs before each scheduled step, on the batch that step trains on;
 * each epoch's record carries the ITOP rate, and checkpoints store the ever-active positions.
 *
 * <p>A non-finite training loss stops the run with an {@link IllegalStateException} (before that epoch's
 * checkpoint), since every later step would only carry NaN weights forward.
 *
 * <p>Stateless and thread-safe; the model is not (train one model on one thread).
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  /** A trainer. */
  public Trainer() {}

  /**
   * Trains {@code model} from its current weights and masks for {@code config.epochs()} epochs. The optimizer is
   * set from the configuration (fresh state).
   *
   * @param model the model, with its masks already installed
   * @param train the training set
   * @param test the test set evaluated after every epoch, or {@code null}
   * @param config the configuration
   * @param listener progress receiver, or {@code null}
   * @param checkpointer where to write checkpoints, or {@code null} for none
   * @return the history
   * @throws IllegalArgumentException if the data do not fit the model or the configuration
   * @throws IOException if a checkpoint cannot be written
   */
  public TrainingResult fit(SparseModel model, Dataset train, Dataset test, TrainingConfig config,
      TrainingListener listener, Checkpointer checkpointer) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(config, "config");
    Run run = Run.plan(model, train, test, config);
    DynamicSparsity dst = config.topology() == null ? null
        : DynamicSparsity.start(model, config, run.totalSteps(), 0, KeptMaskSet.of(MaskSet.empty()));
    model.setOptimizer(config.optimizer());
    return run.execute(0, List.of(), listener, checkpointer, dst);
  }

  /**
   * Continues a run from the checkpoint at {@code checkpoint} (a checkpoint directory, or a checkpoint root whose
   * newest checkpoint is taken) until the epochs of its stored configuration are done. Weights, optimizer state,
   * masks and history are restored into {@code model}, which must have been built from the same model spec.
   *
   * @param checkpointer where to write further checkpoints (usually the same directory), or {@code null}
   * @throws java.io.FileNotFoundException if there is no checkpoint there
   * @throws dev.sparse4j.io.CorruptFileException if the checkpoint is damaged or incomplete
   * @throws IllegalArgumentException if the checkpoint does not fit the model or the training set
   */
  public TrainingResult resume(SparseModel model, Dataset train, Dataset test, Path checkpoint,
      TrainingListener listener, Checkpointer checkpointer) throws IOException {
    return resume(model, train, test, Checkpointer.load(checkpoint), listener, checkpointer);
  }

  /** Continues a run from a loaded checkpoint; see {@link #resume(SparseModel, Dataset, Dataset, Path, TrainingListener, Checkpointer)}. */
  public TrainingResult resume(SparseModel model, Dataset train, Dataset test, Checkpoint checkpoint,
      TrainingListener listener, Checkpointer checkpointer) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(checkpoint, "checkpoint");
    TrainingConfig config = checkpoint.config();
    Run run = Run.plan(model, train, test, config);
    String where = "checkpoint " + checkpoint.directory();
    if (run.trainSize != checkpoint.trainSize()) {
      throw new IllegalArgumentException(where + " was trained on " + checkpoint.trainSize() + " examples of '"
          + checkpoint.trainName() + "' but the training set now has " + run.trainSize + " ('" + train.name()
          + "'); resume with the same training data");
    }
    if (!checkpoint.trainName().equals(train.name())) {
      LOG.warn("{} was trained on '{}'; resuming on '{}' of the same size", where, checkpoint.trainName(),
          train.name());
    }
    if (!checkpoint.modelName().equals(model.spec().name())) {
      throw new IllegalArgumentException(where + " holds model '" + checkpoint.modelName()
          + "' but the model to resume is '" + model.spec().name() + "'; build the same model spec");
    }
    if (!checkpoint.backendId().equals(model.backendId())) {
      LOG.warn("{} was written by backend '{}'; resuming on '{}' (results will not be bit-identical)", where,
          checkpoint.backendId(), model.backendId());
    }
    boolean kept = checkpoint.keptMasks() != null;
    KeptMaskSet current = model.keptMasks();
    KeptMaskSet saved = kept ? checkpoint.keptMasks() : KeptMaskSet.of(checkpoint.masks());
    if (current.size() > 0 && !current.equals(saved) && config.topology() == null) {
      // (With dynamic sparse training the masks have moved since initialisation: no surprise.)
      LOG.warn("the model's masks differ from those in {}; using the checkpoint's", where);
    }
    model.setOptimizer(config.optimizer());
    try {
      if (kept) {
        model.applyKeptMasks(checkpoint.keptMasks());
        model.loadKeptState(checkpoint.state());
        model.loadKeptOptimizerState(checkpoint.optimizerState());
      } else {
        model.applyMasks(checkpoint.masks());
        model.loadState(checkpoint.state());
        model.loadOptimizerState(checkpoint.optimizerState());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " does not fit model '" + model.spec().name() + "': "
          + e.getMessage(), e);
    }
    KeptMaskSet everActive = kept ? (checkpoint.keptEverActive() == null ? KeptMaskSet.of(MaskSet.empty())
        : checkpoint.keptEverActive()) : KeptMaskSet.of(checkpoint.everActive());
    DynamicSparsity dst = config.topology() == null ? null : DynamicSparsity.start(model, config,
        run.totalSteps(), (long) checkpoint.epochsCompleted() * run.batches, everActive);
    LOG.info("resuming from {} after epoch {} of {}", checkpoint.directory(), checkpoint.epochsCompleted(),
        config.epochs());
    return run.execute(checkpoint.epochsCompleted(), checkpoint.history(), listener, checkpointer, dst);
  }

  /**
   * The order in which epoch {@code epochIndex} (0-based) visits {@code n} examples: starting from
   * {@code 0, 1, …, n−1}, for {@code i = n−1} down to 1 swap positions {@code i} and {@code r.nextInt(i + 1)}
   * (Fisher–Yates), with {@code r = SplitMix64.forStream(seed, "train/permutation/" + epochIndex)}.
   */
  public static int[] permutation(long seed, int epochIndex, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplitMix64 r = SplitMix64.forStream(seed, "train/permutation/" + epochIndex);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * Top-1 accuracy of {@code model} (evaluation mode) on the first {@code limit} examples of {@code data}
   * (all if {@code limit} is 0), in batches of {@code batchSize}, with the one arg-max rule of {@link Logits} (ties go
   * to the lowest class index, a NaN logit to the first NaN), as the final evaluation counts it.
   */
  public static double accuracy(SparseModel model, Dataset data, int limit, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
    }
    int n = limit == 0 ? data.size() : Math.min(limit, data.size());
    if (n == 0) {
      return Double.NaN;
    }
    int classes = model.spec().numClasses();
    long correct = Logits.correct(Batches.logits(model, data, n, batchSize), classes, data.labels(), n);
    return (double) correct / n;
  }

  /** One planned run: the checked inputs and derived sizes. */
  private static final class Run {
    final SparseModel model;
    final Dataset train;
    final Dataset test;
    final TrainingConfig config;
    final int trainSize;
    final int testSize;
    final int batches;
    final Augmentation augmentation;

    private Run(SparseModel model, Dataset train, Dataset test, TrainingConfig config, Augmentation augmentation) {
      this.model = model;
      this.train = train;
      this.test = test;
      this.config = config;
      this.trainSize = limit(train.size(), config.trainLimit());
      this.testSize = test == null ? 0 : limit(test.size(), config.testLimit());
      this.batches = (trainSize + config.batchSize() - 1) / config.batchSize();
      this.augmentation = augmentation;
    }

    static Run plan(SparseModel model, Dataset train, Dataset test, TrainingConfig config) {
      Objects.requireNonNull(train, "training set");
      if (train.size() == 0) {
        throw new IllegalArgumentException("training set '" + train.name() + "' is empty");
      }
      checkFits(model, train, "training");
      if (test != null) {
        checkFits(model, test, "test");
      }
      Augmentation aug = config.augments()
          ? new Augmentation(config.horizontalFlip(), config.cropPadding(), train.shape())
          : null;
      return new Run(model, train, test, config, aug);
    }

    private static void checkFits(SparseModel model, Dataset data, String role) {
      int inputSize = model.spec().inputSize();
      if (data.exampleSize() != inputSize) {
        throw new IllegalArgumentException(role + " set '" + data.name() + "' has examples of shape "
            + Arrays.toString(data.shape()) + " (" + data.exampleSize() + " values) but model '"
            + model.spec().name() + "' takes " + Arrays.toString(model.spec().inputShape()) + " (" + inputSize
            + " values)");
      }
      if (data.numClasses() > model.spec().numClasses()) {
        throw new IllegalArgumentException(role + " set '" + data.name() + "' has " + data.numClasses()
            + " classes but model '" + model.spec().name() + "' has only " + model.spec().numClasses()
            + " outputs");
      }
    }

    /** Optimizer steps of the whole run. */
    long totalSteps() {
      return (long) batches * config.epochs();
    }

    private static int limit(int size, int limit) {
      return limit == 0 ? size : Math.min(limit, size);
    }

    TrainingResult execute(int completed, List<EpochRecord> restored, TrainingListener listenerOrNull,
        Checkpointer checkpointer, DynamicSparsity dst) throws IOException {
      TrainingListener listener = listenerOrNull == null ? TrainingListener.NONE : listenerOrNull;
      long runStart = System.nanoTime();
      int epochs = config.epochs();
      List<EpochRecord> history = new ArrayList<>(restored);
      LearningRateSchedule schedule = config.learningRateSchedule();
      listener.onStart(new TrainingPlan(model.spec().name(), model.backendId(), trainSize, testSize, batches,
          completed, epochs, config));
      if (completed >= epochs) {
        LOG.info("nothing to do: all {} epochs are already completed", epochs);
      }
      int per = train.exampleSize();
      int b = config.batchSize();
      float[] x = new float[Math.min(b, trainSize) * per];
      int[] y = new int[Math.min(b, trainSize)];
      Path lastCheckpoint = null;
      for (int e = completed; e < epochs; e++) {
        long epochStart = System.nanoTime();
        double lr = schedule.learningRate(e);
        int[] order = permutation(config.seed(), e, trainSize);
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        for (int batch = 0; batch < batches; batch++) {
          int from = batch * b;
          int count = Math.min(b, trainSize - from);
          train.gather(order, from, count, x, y);
          if (augmentation != null) {
            augmentation.apply(x, count, config.seed(), e, batch);
          }
          float[] in = count * per == x.length ? x : Arrays.copyOf(x, count * per);
          int[] labels = count == y.length ? y : Arrays.copyOf(y, count);
          // Dropout noise from (seed, epoch, batch): a resumed run draws the same masks as an uninterrupted one.
          long noise = SplitMix64.forStream(config.seed(), "dropout/" + e + "/" + batch).nextLong();
          if (dst != null) {
            dst.beforeStep(model, in, labels, count, (long) e * batches + batch);
          }
          StepResult r = model.trainStep(in, labels, count, lr, noise);
          if (!Double.isFinite(r.loss())) {
            throw new TrainingDivergedException("training diverged: loss is " + r.loss() + " at epoch " + (e + 1)
                + ", batch " + (batch + 1) + " (learning rate " + lr + "); lower the learning rate or check the "
                + "data");
          }
          lossSum += r.loss() * count;
          correct += r.correct();
          seen += count;
          listener.onBatch(e + 1, batch + 1, batches, lossSum / seen, (double) correct / seen,
              (System.nanoTime() - epochStart) / 1e9);
        }
        double testAccuracy = testSize > 0 ? accuracy(model, test, testSize, b) : Double.NaN;
        EpochRecord record = new EpochRecord(e + 1, lossSum / trainSize, (double) correct / trainSize,
            testAccuracy, lr, (System.nanoTime() - epochStart) / 1e9);
        if (dst != null) {
          record = dst.annotate(record);
        }
        history.add(record);
        LOG.debug("{}", record);
        listener.onEpoch(record);
        if (checkpointer != null && checkpointer.isDue(e + 1, epochs)) {
          lastCheckpoint = checkpointer.save(model, e + 1, config, history, train.name(), trainSize,
              dst == null ? KeptMaskSet.of(MaskSet.empty()) : dst.everActive());
          listener.onCheckpoint(e + 1, lastCheckpoint);
        }
      }
      TrainingResult result =
          new TrainingResult(history, completed, lastCheckpoint, (System.nanoTime() - runStart) / 1e9);
      listener.onEnd(result);
      return result;
    }
  }
}
