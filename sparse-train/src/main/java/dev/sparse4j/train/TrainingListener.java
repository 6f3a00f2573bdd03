package dev.sparse4j.train;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives progress from a {@link Trainer}, on the training thread. Every method does nothing by default. Epoch and
 * batch numbers are 1-based. An exception thrown here stops the run (after the last completed checkpoint).
 */
public interface TrainingListener {

  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /** Called once before the first step. */
  default void onStart(TrainingPlan plan) {}

  /**
   * Called after every optimizer step; enough to draw a progress bar with an ETA.
   *
   * @param epoch 1-based epoch number
   * @param batch 1-based batch number within the epoch
   * @param batches batches in the epoch
   * @param loss mean training loss of the epoch so far
   * @param accuracy training accuracy of the epoch so far
   * @param elapsedSeconds seconds since the epoch started
   */
  default void onBatch(int epoch, int batch, int batches, double loss, double accuracy, double elapsedSeconds) {}

  /** Called after each epoch's evaluation, before its checkpoint. */
  default void onEpoch(EpochRecord record) {}

  /** Called after a checkpoint for {@code epoch} (1-based) has been written to {@code directory}. */
  default void onCheckpoint(int epoch, Path directory) {}

  /** Called once after the last epoch. */
  default void onEnd(TrainingResult result) {}

  /** A listener that logs one SLF4J INFO line per epoch (logger {@code dev.sparse4j.train.Trainer}). */
  static TrainingListener logging() {
    Logger log = LoggerFactory.getLogger(Trainer.class);
    return new TrainingListener() {
      private int epochs;

      @Override
      public void onStart(TrainingPlan plan) {
        epochs = plan.epochs();
      }

      @Override
      public void onEpoch(EpochRecord r) {
        if (r.hasTestAccuracy()) {
          log.info(String.format(java.util.Locale.ROOT,
              "epoch %d/%d: loss %.4f, train acc %.4f, test acc %.4f, lr %.5g, %.1f s",
              r.epoch(), epochs, r.loss(), r.trainAccuracy(), r.testAccuracy(), r.learningRate(), r.seconds()));
        } else {
          log.info(String.format(java.util.Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.4f, lr %.5g, %.1f s",
              r.epoch(), epochs, r.loss(), r.trainAccuracy(), r.learningRate(), r.seconds()));
        }
      }
    };
  }
}
