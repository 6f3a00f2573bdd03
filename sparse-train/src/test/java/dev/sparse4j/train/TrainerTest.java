package dev.sparse4j.train;

import dev.sparse4j.api.spi.StepResult;

import static dev.sparse4j.train.LearningRateScheduleTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.tck.LinearSoftmaxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  private static final Dataset TRAIN = TestData.quadrants("quad/train", 200, 4, 1);
  private static final Dataset TEST = TestData.quadrants("quad/test", 80, 4, 2);

  private static TrainingConfig.Builder quick() {
    return TrainingConfig.builder().epochs(4).batchSize(16).learningRate(0.1).noAugmentation().seed(99);
  }

  @Test
  void learnsASeparableProblem() throws IOException {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 5);
    TrainingResult r = new Trainer().fit(m, TRAIN, TEST, quick().epochs(8).schedule(TrainingConfig.Schedule.CONSTANT)
        .build(), null, null);
    assertEquals(8, r.history().size());
    assertTrue(r.finalTestAccuracy() >= 0.95, "test accuracy " + r.finalTestAccuracy());
    assertTrue(r.last().trainAccuracy() >= 0.9);
    assertTrue(r.history().get(7).loss() < r.history().get(0).loss());
    assertEquals(0, r.resumedEpochs());
    assertNull(r.lastCheckpoint());
    assertEquals(r.finalTestAccuracy(), Trainer.accuracy(m, TEST, 0, 7), 0);
  }

  @Test
  void prunedWeightsStayExactlyZeroWithAugmentation() throws IOException {
    LinearSoftmaxModel m = TestData.maskedModel(4, 3);
    new Trainer().fit(m, TRAIN, TEST, quick().horizontalFlip(true).cropPadding(1).build(), null, null);
    float[] w = m.state().get("fc.weight");
    float[] buf = m.optimizerState().get("fc.weight.momentum");
    for (int i = 0; i < w.length; i++) {
      if (i % 2 == 1) {
        assertEquals(0f, w[i], "pruned weight " + i);
        assertEquals(0f, buf[i], "momentum of pruned weight " + i);
      } else {
        assertTrue(w[i] != 0f);
      }
    }
    assertEquals(TestData.halfMask(4), m.masks());
  }

  @Test
  void sameSeedGivesIdenticalWeights() throws IOException {
    TrainingConfig c = quick().horizontalFlip(true).cropPadding(1).build();
    LinearSoftmaxModel a = TestData.maskedModel(4, 3);
    LinearSoftmaxModel b = TestData.maskedModel(4, 3);
    TrainingResult ra = new Trainer().fit(a, TRAIN, TEST, c, null, null);
    TrainingResult rb = new Trainer().fit(b, TRAIN, TEST, c, null, null);
    assertArrayEquals(a.state().get("fc.weight"), b.state().get("fc.weight"));
    assertArrayEquals(a.state().get("fc.bias"), b.state().get("fc.bias"));
    assertEquals(losses(ra), losses(rb));
    LinearSoftmaxModel other = TestData.maskedModel(4, 3);
    new Trainer().fit(other, TRAIN, TEST, c.toBuilder().seed(100).build(), null, null);
    assertFalse(Arrays.equals(a.state().get("fc.weight"), other.state().get("fc.weight")));
  }

  @Test
  void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws IOException {
    // Step schedule over 4 epochs: milestones 2 and 3, so the rate changes right at the resume point.
    TrainingConfig c = quick().horizontalFlip(true).cropPadding(1).schedule(TrainingConfig.Schedule.STEP).build();
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

    // A fresh process: new model (different initial weights, no masks), state comes from the checkpoint.
    LinearSoftmaxModel resumed = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 12345);
    List<Integer> epochsSeen = new ArrayList<>();
    TrainingResult rest = new Trainer().resume(resumed, TRAIN, TEST, dir.resolve("ckpt"), new TrainingListener() {
      @Override
      public void onStart(TrainingPlan plan) {
        assertEquals(2, plan.completedEpochs());
        assertEquals(4, plan.epochs());
      }

      @Override
      public void onEpoch(EpochRecord r) {
        epochsSeen.add(r.epoch());
      }
    }, cp);
    assertEquals(List.of(3, 4), epochsSeen);
    assertEquals(2, rest.resumedEpochs());
    assertArrayEquals(full.state().get("fc.weight"), resumed.state().get("fc.weight"));
    assertArrayEquals(full.state().get("fc.bias"), resumed.state().get("fc.bias"));
    assertEquals(full.masks(), resumed.masks());
    assertArrayEquals(full.optimizerState().get("fc.weight.momentum"),
        resumed.optimizerState().get("fc.weight.momentum"));
    assertEquals(losses(whole), losses(rest));
    for (int i = 0; i < 4; i++) {
      EpochRecord a = whole.history().get(i);
      EpochRecord b = rest.history().get(i);
      assertEquals(a.epoch(), b.epoch());
      assertEquals(a.trainAccuracy(), b.trainAccuracy(), 0);
      assertEquals(a.testAccuracy(), b.testAccuracy(), 0);
      assertEquals(a.learningRate(), b.learningRate(), 0);
    }
    assertEquals(dir.resolve("ckpt").resolve("epoch-0004"), rest.lastCheckpoint());

    // Resuming a finished run does nothing and keeps the weights.
    float[] before = resumed.state().get("fc.weight");
    TrainingResult again = new Trainer().resume(resumed, TRAIN, TEST, dir.resolve("ckpt"), null, null);
    assertEquals(4, again.history().size());
    assertArrayEquals(before, resumed.state().get("fc.weight"));
  }

  @Test
  void listenerSeesEveryCall(@TempDir Path dir) throws IOException {
    List<String> calls = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override
      public void onStart(TrainingPlan plan) {
        calls.add("start " + plan.trainSize() + " " + plan.testSize() + " " + plan.batchesPerEpoch() + " "
            + plan.epochs() + " " + plan.remainingSteps() + " " + plan.modelName() + " " + plan.backendId());
      }

      @Override
      public void onBatch(int epoch, int batch, int batches, double loss, double accuracy, double elapsed) {
        assertTrue(loss > 0 && accuracy >= 0 && accuracy <= 1 && elapsed >= 0);
        calls.add("batch " + epoch + " " + batch + "/" + batches);
      }

      @Override
      public void onEpoch(EpochRecord r) {
        calls.add("epoch " + r.epoch() + " " + r.hasTestAccuracy());
      }

      @Override
      public void onCheckpoint(int epoch, Path directory) {
        calls.add("checkpoint " + epoch + " " + directory.getFileName());
      }

      @Override
      public void onEnd(TrainingResult result) {
        calls.add("end " + result.history().size());
      }
    };
    // 50 examples in batches of 16: 16 + 16 + 16 + 2.
    TrainingConfig c = quick().epochs(2).trainLimit(50).build();
    new Trainer().fit(new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 1), TRAIN, null, c, l,
        Checkpointer.in(dir));
    assertEquals(List.of("start 50 0 4 2 8 linear-softmax java-reference",
        "batch 1 1/4", "batch 1 2/4", "batch 1 3/4", "batch 1 4/4", "epoch 1 false", "checkpoint 1 epoch-0001",
        "batch 2 1/4", "batch 2 2/4", "batch 2 3/4", "batch 2 4/4", "epoch 2 false", "checkpoint 2 epoch-0002",
        "end 2"), calls);
  }

  @Test
  void everyExampleIsVisitedOncePerEpochAndLastBatchIsKept() throws IOException {
    List<Integer> sizes = new ArrayList<>();
    List<Float> firstPixels = new ArrayList<>();
    // Example i has first pixel i / 1000, so the visited examples can be told apart.
    int n = 37;
    float[] px = new float[n * 16];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      px[i * 16] = i / 1000f;
      labels[i] = i % 4;
    }
    Dataset data = new Dataset("ids", px, labels, new int[] {1, 4, 4}, 4);
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 1) {
      @Override
      protected StepOutput step(TrainingBatch batch) {
        sizes.add(batch.batchSize());
        for (int i = 0; i < batch.batchSize(); i++) {
          firstPixels.add(batch.inputs()[i * 16]);
          assertEquals(Math.round(batch.inputs()[i * 16] * 1000) % 4, batch.labels()[i]);
        }
        return super.step(batch);
      }
    };
    new Trainer().fit(m, data, null, quick().epochs(2).batchSize(10).build(), null, null);
    assertEquals(List.of(10, 10, 10, 7, 10, 10, 10, 7), sizes);
    List<Float> epoch1 = new ArrayList<>(firstPixels.subList(0, n));
    List<Float> epoch2 = new ArrayList<>(firstPixels.subList(n, 2 * n));
    assertFalse(epoch1.equals(epoch2), "each epoch has its own order");
    epoch1.sort(null);
    epoch2.sort(null);
    List<Float> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i / 1000f);
    }
    assertEquals(all, epoch1);
    assertEquals(all, epoch2);
  }

  @Test
  void permutationDependsOnlyOnSeedAndEpoch() {
    assertArrayEquals(Trainer.permutation(1, 3, 50), Trainer.permutation(1, 3, 50));
    assertFalse(Arrays.equals(Trainer.permutation(1, 3, 50), Trainer.permutation(1, 4, 50)));
    assertFalse(Arrays.equals(Trainer.permutation(1, 3, 50), Trainer.permutation(2, 3, 50)));
    int[] p = Trainer.permutation(7, 0, 1000);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
  }

  @Test
  void permutationFollowsItsDocumentedDefinition() {
    // Pins the stream key and the swap order, which resumed runs and other implementations rely on.
    int[] expected = {0, 1, 2, 3, 4, 5};
    var r = dev.sparse4j.api.SplitMix64.forStream(42, "train/permutation/3");
    for (int i = 5; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = expected[i];
      expected[i] = expected[j];
      expected[j] = t;
    }
    assertArrayEquals(expected, Trainer.permutation(42, 3, 6));
  }

  @Test
  void recordsTheScheduledLearningRate() throws IOException {
    TrainingResult r = new Trainer().fit(new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 1), TRAIN, null,
        quick().epochs(4).schedule(TrainingConfig.Schedule.COSINE).build(), null, null);
    LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 4, 0);
    for (int e = 0; e < 4; e++) {
      assertEquals(s.learningRate(e), r.history().get(e).learningRate(), 0);
      assertTrue(Double.isNaN(r.history().get(e).testAccuracy()));
    }
  }

  @Test
  void dataThatDoesNotFitTheModelIsExplained() {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 1);
    Dataset flat = new Dataset("flat", new float[2 * 9], new int[] {0, 1}, new int[] {9}, 2);
    assertMessage("training set 'flat' has examples of shape [9] (9 values) but model 'linear-softmax' takes "
        + "[1, 4, 4] (16 values)", () -> new Trainer().fit(m, flat, null, quick().build(), null, null));
    Dataset tooMany = new Dataset("ten", new float[16], new int[] {9}, new int[] {1, 4, 4}, 10);
    assertMessage("training set 'ten' has 10 classes but model 'linear-softmax' has only 4 outputs",
        () -> new Trainer().fit(m, tooMany, null, quick().build(), null, null));
    assertMessage("test set 'ten' has 10 classes",
        () -> new Trainer().fit(m, TRAIN, tooMany, quick().build(), null, null));
    LinearSoftmaxModel flatModel = new LinearSoftmaxModel(new int[] {9}, 2, 1);
    assertMessage("switch augmentation off",
        () -> new Trainer().fit(flatModel, flat, null, TrainingConfig.builder().epochs(1).build(), null, null));
  }

  @Test
  void divergenceStopsTheRun() {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 1) {
      @Override
      protected StepOutput step(TrainingBatch batch) {
        return new StepOutput(Double.NaN, new float[batch.batchSize() * 4]);
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Trainer().fit(m, TRAIN, null, quick().build(), null, null));
    assertTrue(e.getMessage().contains("training diverged: loss is NaN at epoch 1, batch 1"), e.getMessage());
  }

  @Test
  void loggingListenerDoesNotFail() throws IOException {
    new Trainer().fit(new LinearSoftmaxModel(new int[] {1, 4, 4}, 4, 1), TRAIN, TEST, quick().epochs(1).build(),
        TrainingListener.logging(), null);
  }

  static List<Double> losses(TrainingResult r) {
    return r.history().stream().map(EpochRecord::loss).toList();
  }

  static Map<String, float[]> copy(Map<String, float[]> m) {
    return Map.copyOf(m);
  }
}
