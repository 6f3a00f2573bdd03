/**
 * The training loop: {@code TrainingConfig}, {@code Trainer}, learning-rate schedules, augmentation, listeners and
 * crash-safe checkpoints.
 */
module dev.sparse4j.train {
  requires transitive dev.sparse4j.api;
  requires transitive dev.sparse4j.io;
  requires com.fasterxml.jackson.databind;

  exports dev.sparse4j.train;

  // Jackson reads and writes the checkpoint records reflectively.
  opens dev.sparse4j.train to com.fasterxml.jackson.databind;
}
