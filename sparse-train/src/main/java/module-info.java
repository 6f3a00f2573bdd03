/**
 * The training loop: {@code TrainingConfig}, {@code Trainer}, learning-rate schedules, augmentation, listeners,
 * crash-safe checkpoints and the trainer's side of dynamic sparse training.
 */
module dev.sparse4j.train {
  requires transitive dev.sparse4j.api;
  requires transitive dev.sparse4j.io;
  requires transitive dev.sparse4j.prune;
  requires com.fasterxml.jackson.databind;

  exports dev.sparse4j.train;

  // Jackson reads and writes the checkpoint records reflectively.
  opens dev.sparse4j.train to com.fasterxml.jackson.databind;
}
