package dev.sparse4j.train;

import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.MaskSet;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to continue a run after {@code epochsCompleted} epochs: weights, optimizer state, masks, the
 * configuration and the history so far. No generator state is needed: shuffles and augmentation are derived from
 * {@code (seed, epoch, batch)} alone. Read with {@link Checkpointer#load(Path)}.
 *
 * @param directory the checkpoint's directory
 * @param epochsCompleted epochs finished when it was written (≥ 1)
 * @param config the run's configuration
 * @param history one record per completed epoch
 * @param state model parameters and buffers by name ({@code SparseModel#state()})
 * @param optimizerState optimizer state by name ({@code SparseModel#optimizerState()})
 * @param masks the installed masks (empty for a dense model)
 * @param modelName the model spec's name
 * @param backendId the backend that wrote it
 * @param trainName name of the training set
 * @param trainSize training examples used per epoch
 * @param everActive with dynamic sparse training, every position active at some point so far (the ITOP set);
 *     empty otherwise (and in a kept-entries checkpoint: see {@code keptEverActive})
 * @param keptMasks for a checkpoint of a model held as kept entries ({@link Checkpointer#holdingKeptEntries()}): its
 *     masks, while {@code state} and {@code optimizerState} hold masked weights and their slots as kept values
 *     ({@code SparseModel#keptState()}'s form) and {@code masks} is empty; {@code null} otherwise
 * @param keptEverActive the ITOP set of such a checkpoint with dynamic sparse training, else {@code null}
 */
public record Checkpoint(
    Path directory,
    int epochsCompleted,
    TrainingConfig config,
    List<EpochRecord> history,
    Map<String, float[]> state,
    Map<String, float[]> optimizerState,
    MaskSet masks,
    String modelName,
    String backendId,
    String trainName,
    int trainSize,
    MaskSet everActive,
    KeptMaskSet keptMasks,
    KeptMaskSet keptEverActive) {

  /** Checks the fields and makes the collections unmodifiable (the arrays are not copied). */
  public Checkpoint {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(masks, "masks");
    Objects.requireNonNull(everActive, "everActive (MaskSet.empty() for static training)");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(backendId, "backendId");
    Objects.requireNonNull(trainName, "trainName");
    if (epochsCompleted < 1) {
      throw new IllegalArgumentException("a checkpoint is written after at least 1 epoch, got " + epochsCompleted);
    }
    history = List.copyOf(history);
    if (history.size() != epochsCompleted) {
      throw new IllegalArgumentException(
          "checkpoint after " + epochsCompleted + " epochs has " + history.size() + " history records");
    }
    state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
    optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState));
  }

  /** A checkpoint of a model held as bitmaps and dense arrays. */
  public Checkpoint(Path directory, int epochsCompleted, TrainingConfig config, List<EpochRecord> history,
      Map<String, float[]> state, Map<String, float[]> optimizerState, MaskSet masks, String modelName,
      String backendId, String trainName, int trainSize, MaskSet everActive) {
    this(directory, epochsCompleted, config, history, state, optimizerState, masks, modelName, backendId, trainName,
        trainSize, everActive, null, null);
  }

  /** Whether the run this checkpoint belongs to has already trained all its epochs. */
  public boolean finished() {
    return epochsCompleted >= config.epochs();
  }
}
