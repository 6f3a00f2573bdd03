/**
 * Backend-neutral training: configuration, learning-rate schedules, the training loop, listeners and checkpoints.
 *
 * <pre>{@code
 * SparseModel model = backend.build(spec, seed);      // any backend
 * model.applyMasks(masks);                            // from a pruner
 * TrainingConfig config = TrainingConfig.builder()    // the paper's CIFAR defaults, changed where needed
 *     .epochs(160).schedule(TrainingConfig.Schedule.COSINE).seed(1).build();
 * Checkpointer checkpoints = Checkpointer.in(Path.of("runs/resnet20/checkpoints"));
 * TrainingResult result = new Trainer().fit(model, train, test, config, TrainingListener.logging(), checkpoints);
 * // after a crash, in a new process with a freshly built model of the same spec:
 * result = new Trainer().resume(model, train, test, checkpoints.directory(), TrainingListener.logging(), checkpoints);
 * }</pre>
 *
 * <p>Shuffles and augmentation are derived from {@code (seed, epoch, batch)} only, so a resumed run continues exactly
 * where the interrupted one stopped; see {@link dev.sparse4j.train.Trainer}.
 */
package dev.sparse4j.train;
