package dev.sparse4j.backend.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
      TrainingListener killAfterOne = new TrainingListener() {
        @Override
        public void onCheckpoint(int epoch, Path directory) {
          if (epoch == 1) {
            throw new IllegalStateException("killed");
          }
        }
      };
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

  private static List<Double> losses(List<EpochRecord> history) {
    return history.stream().map(EpochRecord::loss).toList();
  }
}
