package dev.sparse4j.backend.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.tck.BackendData;
import dev.sparse4j.train.Checkpointer;
import dev.sparse4j.train.EpochRecord;
import dev.sparse4j.train.Trainer;
import dev.sparse4j.train.TrainingConfig;
import dev.sparse4j.train.TrainingListener;
import dev.sparse4j.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A masked wide ResNet with dropout trained on sparse-cpu (two threads), killed after a checkpoint and resumed in a
 * fresh model, ends bit-identical to the uninterrupted run: every loop of the backend writes each value from one
 * thread in a fixed order, so the result does not depend on thread timing.
 */
class ResumeTest {
  private static final ModelSpec SPEC =
      Models.create("wrn-10-2-d0.3", ModelOptions.of(new int[] {3, 8, 8}, 5).withWidth(0.5));
  private static final Dataset TRAIN = new Dataset("random", BackendData.inputs(48 * SPEC.inputSize(), 1),
      BackendData.labels(48, 5, 1), SPEC.inputShape(), 5);

  @Test
  void aResumedMaskedDropoutRunEqualsTheUninterruptedRun(@TempDir Path dir) throws IOException {
    TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(16).learningRate(0.05).noAugmentation()
        .seed(4).build();
    try (SparseBackend backend = new SparseCpuProvider().create(new BackendOptions(Map.of("threads", "2")))) {
      var masks = BackendData.masks(SPEC.prunable(), 0.3, 6);
      SparseModel whole = backend.build(SPEC, 4);
      whole.applyMasks(masks);
      TrainingResult straight = new Trainer().fit(whole, TRAIN, TRAIN, config, null, null);

      SparseModel first = backend.build(SPEC, 4);
      first.applyMasks(masks);
      Checkpointer checkpoints = Checkpointer.in(dir.resolve("ckpt"));
      TrainingListener killAfterOne = killedAfterTheFirstCheckpoint();
      assertThrows(IllegalStateException.class,
          () -> new Trainer().fit(first, TRAIN, TRAIN, config, killAfterOne, checkpoints));

      SparseModel resumed = backend.build(SPEC, 999);
      TrainingResult rest = new Trainer().resume(resumed, TRAIN, TRAIN, dir.resolve("ckpt"), null, checkpoints);
      assertEquals(losses(straight.history()), losses(rest.history()), "epoch losses");
      assertEquals(whole.masks(), resumed.masks(), "masks after resume");
      Map<String, float[]> a = whole.state();
      Map<String, float[]> b = resumed.state();
      for (String name : a.keySet()) {
        assertArrayEquals(a.get(name), b.get(name), name + " after resume");
      }
    }
  }

  /**
   * The same for a model held as kept entries, with SET updates: the checkpoint holds kept values, kept optimizer
   * slots and compressed-row masks and ever-active sets ({@code Checkpointer.holdingKeptEntries()}), and a fresh kept
   * model built from the initial masks resumes from it bit-identically.
   */
  @Test
  void aResumedKeptEntriesRunWithSetEqualsTheUninterruptedRun(@TempDir Path dir) throws IOException {
    ModelSpec spec = Models.create("mlp-2x64", ModelOptions.of(new int[] {12}, 5));
    Dataset train = new Dataset("random", BackendData.inputs(48 * spec.inputSize(), 2), BackendData.labels(48, 5, 2),
        spec.inputShape(), 5);
    TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(16).learningRate(0.05).noAugmentation()
        .seed(4).optimizer(dev.sparse4j.api.spi.OptimizerConfig.adam(1e-4))
        .topology(new dev.sparse4j.train.TopologyConfig("set", Map.of(), 2, 0.3, 0.75)).build();
    var masks = dev.sparse4j.api.KeptMaskSet.of(BackendData.masks(spec.prunable(), 0.3, 6));
    try (SparseBackend backend = new SparseCpuProvider().create(new BackendOptions(Map.of("threads", "2")))) {
      SparseModel whole = backend.buildKept(spec, 4, masks);
      TrainingResult straight = new Trainer().fit(whole, train, train, config, null, null);

      SparseModel first = backend.buildKept(spec, 4, masks);
      Checkpointer checkpoints = Checkpointer.in(dir.resolve("ckpt")).holdingKeptEntries();
      TrainingListener killAfterOne = killedAfterTheFirstCheckpoint();
      assertThrows(IllegalStateException.class,
          () -> new Trainer().fit(first, train, train, config, killAfterOne, checkpoints));
      assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("ckpt/epoch-0001/itop.kept.npz")));

      SparseModel resumed = backend.buildKept(spec, 4, masks);
      TrainingResult rest = new Trainer().resume(resumed, train, train, dir.resolve("ckpt"), null, checkpoints);
      assertEquals(losses(straight.history()), losses(rest.history()), "epoch losses");
      assertEquals(straight.history().get(2).itop(), rest.history().get(2).itop(), "ITOP");
      assertEquals(whole.keptMasks(), resumed.keptMasks(), "masks after resume");
      Map<String, float[]> a = whole.keptState();
      Map<String, float[]> b = resumed.keptState();
      for (String name : a.keySet()) {
        assertArrayEquals(a.get(name), b.get(name), name + " after resume");
      }
      Map<String, float[]> oa = whole.keptOptimizerState();
      Map<String, float[]> ob = resumed.keptOptimizerState();
      for (String name : oa.keySet()) {
        assertArrayEquals(oa.get(name), ob.get(name), name + " (optimizer) after resume");
      }
    }
  }

  /** A listener that "kills" the run once the first epoch's checkpoint is written. */
  private static TrainingListener killedAfterTheFirstCheckpoint() {
    return new TrainingListener() {
      @Override
      public void onCheckpoint(int epoch, Path directory) {
        if (epoch == 1) {
          throw new IllegalStateException("killed");
        }
      }
    };
  }

  private static List<Double> losses(List<EpochRecord> history) {
    return history.stream().map(EpochRecord::loss).toList();
  }
}
