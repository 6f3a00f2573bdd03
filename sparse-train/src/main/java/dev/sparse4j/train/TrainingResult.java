package dev.sparse4j.train;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link Trainer#fit} or {@link Trainer#resume}.
 *
 * @param history one record per epoch, including epochs restored from a checkpoint
 * @param resumedEpochs epochs taken over from a checkpoint (0 for a fresh run)
 * @param lastCheckpoint directory of the last checkpoint written by this run, or {@code null}
 * @param seconds wall-clock seconds of this run
 */
public record TrainingResult(List<EpochRecord> history, int resumedEpochs, Path lastCheckpoint, double seconds) {

  /** Copies the history. */
  public TrainingResult {
    history = List.copyOf(history);
  }

  /**
   * The record of the final epoch.
   *
   * @throws IllegalStateException if no epoch was run
   */
  public EpochRecord last() {
    if (history.isEmpty()) {
      throw new IllegalStateException("no epoch has been trained");
    }
    return history.get(history.size() - 1);
  }

  /** Test accuracy after the final epoch ({@code NaN} without a test set or without epochs). */
  public double finalTestAccuracy() {
    return history.isEmpty() ? Double.NaN : last().testAccuracy();
  }
}
