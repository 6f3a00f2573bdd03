package dev.sparse4j.train;

/**
 * What a training run is about to do; given to {@link TrainingListener#onStart(TrainingPlan)}.
 *
 * @param modelName the model spec's name
 * @param backendId the backend that trains it
 * @param trainSize training examples used per epoch (after {@link TrainingConfig#trainLimit()})
 * @param testSize test examples evaluated after each epoch (0 when there is no test set)
 * @param batchesPerEpoch optimizer steps per epoch, {@code ⌈trainSize / batchSize⌉}
 * @param completedEpochs epochs already done before this run (non-zero when resuming)
 * @param epochs total epochs of the run, including completed ones
 * @param config the configuration
 */
public record TrainingPlan(
    String modelName,
    String backendId,
    int trainSize,
    int testSize,
    int batchesPerEpoch,
    int completedEpochs,
    int epochs,
    TrainingConfig config) {

  /** Optimizer steps still to take in this run. */
  public long remainingSteps() {
    return (long) batchesPerEpoch * (epochs - completedEpochs);
  }
}
