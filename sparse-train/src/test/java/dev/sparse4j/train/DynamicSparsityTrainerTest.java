package dev.sparse4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.UnsupportedCapabilityException;
import dev.sparse4j.tck.LinearSoftmaxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SET and RigL through the trainer: updates happen, the ITOP rate is reported, and a resumed run is identical. */
class DynamicSparsityTrainerTest {
  private static final Dataset TRAIN = TestData.quadrants("quad/train", 200, 4, 1);
  private static final Dataset TEST = TestData.quadrants("quad/test", 80, 4, 2);

  /** 13 batches × 4 epochs = 52 steps; an update every 5 steps until step 39: steps 5, 10, …, 35 (7 updates). */
  private static TrainingConfig config(String updater) {
    return TrainingConfig.builder().epochs(4).batchSize(16).learningRate(0.1).noAugmentation().seed(99)
        .topology(new TopologyConfig(updater, Map.of(), 5, 0.3, 0.75)).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"set", "rigl"})
  void updatesMoveTheMaskAndTheItopRateGrows(String updater) throws IOException {
    LinearSoftmaxModel m = TestData.maskedModel(4, 3);
    MaskSet initial = m.masks();
    TrainingResult r = new Trainer().fit(m, TRAIN, TEST, config(updater), null, null);
    assertNotEquals(initial, m.masks(), "the topology must have changed");
    assertEquals(initial.kept(), m.masks().kept(), "the kept count must not change");
    List<EpochRecord> h = r.history();
    assertEquals(List.of(2L, 5L, 7L, 7L), h.stream().map(EpochRecord::topologyUpdates).toList(),
        "updates before steps 5, 10 | 15, 20, 25 | 30, 35 | none (13 steps per epoch, steps 0-based)");
    double start = 0.5; // half the weights kept
    assertTrue(h.get(0).itop() > start, "ITOP after epoch 1: " + h.get(0).itop());
    for (int i = 1; i < h.size(); i++) {
      assertTrue(h.get(i).itop() >= h.get(i - 1).itop(), "the ITOP rate never decreases");
    }
    assertEquals(h.get(3).itop(), h.get(3).itopLayers().get(LinearSoftmaxModel.WEIGHT), 0);
    float[] w = m.state().get(LinearSoftmaxModel.WEIGHT);
    for (int i = 0; i < w.length; i++) {
      if (!m.masks().get(LinearSoftmaxModel.WEIGHT).isKept(i)) {
        assertEquals(0f, w[i], "pruned weight " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"set", "rigl"})
  void resumedRunEqualsUninterruptedRun(String updater, @TempDir Path dir) throws IOException {
    TrainingConfig c = config(updater);
    LinearSoftmaxModel full = TestData.maskedModel(4, 8);
    TrainingResult whole = new Trainer().fit(full, TRAIN, TEST, c, null, null);

    LinearSoftmaxModel first = TestData.maskedModel(4, 8);
    Checkpointer cp = Checkpointer.in(dir.resolve("ckpt"));
    TrainingListener killAfterTwo = new TrainingListener() {
      @Override
      public void onCheckpoint(int epoch, Path directory) {
        if (epoch == 2) {
          throw new IllegalStateException("killed");
        }
      }
    };
    assertThrows(IllegalStateException.class, () -> new Trainer().fit(first, TRAIN, TEST, c, killAfterTwo, cp));
    assertTrue(Files.isRegularFile(dir.resolve("ckpt/epoch-0002").resolve(Checkpointer.ITOP)));
    Checkpoint saved = Checkpointer.load(dir.resolve("ckpt"));
    assertEquals(c.topology(), saved.config().topology());

    LinearSoftmaxModel resumed = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 12345);
    TrainingResult rest = new Trainer().resume(resumed, TRAIN, TEST, dir.resolve("ckpt"), null, cp);
    assertEquals(full.masks(), resumed.masks());
    assertArrayEquals(full.state().get(LinearSoftmaxModel.WEIGHT), resumed.state().get(LinearSoftmaxModel.WEIGHT));
    assertArrayEquals(full.optimizerState().get("fc.weight.momentum"),
        resumed.optimizerState().get("fc.weight.momentum"));
    assertEquals(whole.history().stream().map(EpochRecord::itop).toList(),
        rest.history().stream().map(EpochRecord::itop).toList());
    assertEquals(whole.history().stream().map(EpochRecord::topologyUpdates).toList(),
        rest.history().stream().map(EpochRecord::topologyUpdates).toList());
  }

  @Test
  void staticRunsCarryNoItop() throws IOException {
    TrainingResult r = new Trainer().fit(TestData.maskedModel(4, 3), TRAIN, TEST,
        config("set").toBuilder().topology(null).build(), null, null);
    assertNull(r.last().itop());
    assertTrue(r.last().itopLayers().isEmpty());
  }

  @Test
  void badSettingsFailBeforeTraining() {
    // A dense model has nothing to move.
    LinearSoftmaxModel dense = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer().fit(dense, TRAIN, TEST, config("rigl"), null, null));
    assertTrue(e.getMessage().contains("needs a sparse model"), e.getMessage());
    // RigL needs gradients.
    LinearSoftmaxModel trainOnly = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 1, Set.of(Capability.TRAIN));
    trainOnly.applyMasks(TestData.halfMask(4));
    UnsupportedCapabilityException u = assertThrows(UnsupportedCapabilityException.class,
        () -> new Trainer().fit(trainOnly, TRAIN, TEST, config("rigl"), null, null));
    assertTrue(u.getMessage().contains("PARAM_GRADIENTS"), u.getMessage());
    // Bad schedules and unknown updaters.
    e = assertThrows(IllegalArgumentException.class, () -> new TopologyConfig("static", Map.of(), 100, 0.3, 0.75));
    assertTrue(e.getMessage().contains("static training has no TopologyConfig"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TopologyConfig("set", Map.of(), 0, 0.3, 0.75));
    assertTrue(e.getMessage().contains("interval must be ≥ 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TopologyConfig("set", Map.of(), 10, 0.3, 1.5));
    assertTrue(e.getMessage().contains("fraction of the run in (0, 1], got 1.5"), e.getMessage());
    LinearSoftmaxModel sparse = TestData.maskedModel(4, 3);
    e = assertThrows(IllegalArgumentException.class, () -> new Trainer().fit(sparse, TRAIN, TEST,
        config("set").toBuilder().topology(TopologyConfig.of("sett")).build(), null, null));
    assertTrue(e.getMessage().contains("sett") && e.getMessage().contains("rigl"), e.getMessage());
  }
}
