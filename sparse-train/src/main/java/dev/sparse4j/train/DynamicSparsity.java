package dev.sparse4j.train;

import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.prune.dst.ItopTracker;
import dev.sparse4j.prune.dst.KeptTopology;
import dev.sparse4j.prune.dst.TopologyEngine;
import dev.sparse4j.prune.dst.TopologyEngine.UpdateReport;
import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.prune.dst.TopologyUpdater.UpdateContext;
import dev.sparse4j.prune.dst.TopologyUpdaters;
import dev.sparse4j.prune.dst.UpdateSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's side of dynamic sparse training: before each scheduled step, one {@link TopologyEngine} update on
 * the batch the step is about to train on, and the ITOP bookkeeping. Everything it draws is derived from the run
 * seed and the step, so a resumed run needs only the ever-active set from the checkpoint.
 */
final class DynamicSparsity {
  private static final Logger LOG = LoggerFactory.getLogger(DynamicSparsity.class);

  private final TopologyUpdater updater;
  private final UpdateSchedule schedule;
  private final ItopTracker tracker;
  private final long seed;
  private final boolean kept;
  private long updates;

  private DynamicSparsity(TopologyUpdater updater, UpdateSchedule schedule, ItopTracker tracker, long seed,
      long updates, boolean kept) {
    this.updater = updater;
    this.schedule = schedule;
    this.tracker = tracker;
    this.seed = seed;
    this.updates = updates;
    this.kept = kept;
  }

  /**
   * The updates of a run of {@code totalSteps} steps, {@code stepsDone} of which are done, on {@code model}'s current
   * masks; {@code everActive} is the ITOP set of a resumed run (empty for a new one).
   *
   * @throws IllegalArgumentException for an unknown updater or a model without sparse layers
   * @throws dev.sparse4j.api.spi.UnsupportedCapabilityException if the backend lacks what the updater needs
   */
  static DynamicSparsity start(SparseModel model, TrainingConfig config, long totalSteps, long stepsDone,
      KeptMaskSet everActive) {
    TopologyConfig c = config.topology();
    TopologyUpdater updater = TopologyUpdaters.get(c.updater(), c.options());
    TopologyEngine.checkBackend(model, updater);
    // SET on a backend that holds kept entries runs on them (the same choices, no bitmap: layers of any size).
    boolean kept = KeptTopology.supports(updater) && model.capabilities().contains(Capability.KEPT_ENTRIES);
    KeptMaskSet masks = model.keptMasks();
    if (masks.asMap().values().stream().noneMatch(m -> m.kept() < m.size())) {
      throw new IllegalArgumentException("dynamic sparse training (" + updater.name() + ") needs a sparse model, but "
          + "no layer of " + model.spec().name() + " is pruned; prune it first (e.g. --sparsity 0.9) or train "
          + "without --dst");
    }
    UpdateSchedule schedule = c.schedule(totalSteps);
    ItopTracker tracker = ItopTracker.of(model.spec().prunable(),
        everActive.size() > 0 ? everActive : masks);
    tracker.record(masks);
    long done = 0;
    for (long t = 0; t < stepsDone; t++) {
      done += schedule.isUpdate(t) ? 1 : 0;
    }
    LOG.info("dynamic sparse training: {} every {} steps until step {} of {} ({} updates), fraction {} "
        + "cosine-decayed", updater.name(), c.interval(), schedule.endStep(), totalSteps, schedule.updates(),
        c.fraction());
    return new DynamicSparsity(updater, schedule, tracker, config.seed(), done, kept);
  }

  /** Makes the update due before 0-based step {@code step}, if one is. */
  void beforeStep(SparseModel model, float[] inputs, int[] labels, int batchSize, long step) {
    if (!schedule.isUpdate(step)) {
      return;
    }
    UpdateContext context = new UpdateContext(updater.name(), step, schedule.fraction(step), seed);
    long grown;
    if (kept) {
      KeptTopology.Report r = KeptTopology.update(model, updater, context);
      tracker.record(r.masks());
      grown = r.grown();
    } else {
      UpdateReport r = TopologyEngine.update(model, updater, context, inputs, labels, batchSize);
      tracker.record(r.masks());
      grown = r.grown();
    }
    updates++;
    LOG.debug("topology update {} before step {}: {} weights moved, ITOP {}", updates, step, grown, tracker.rate());
  }

  /** An epoch's record with the ITOP rates and the update count. */
  EpochRecord annotate(EpochRecord r) {
    return new EpochRecord(r.epoch(), r.loss(), r.trainAccuracy(), r.testAccuracy(), r.learningRate(),
        r.seconds(), tracker.rate(), tracker.layerRates(), updates);
  }

  /** The ever-active positions, for the checkpoint. */
  KeptMaskSet everActive() {
    return tracker.everActiveKept();
  }
}
