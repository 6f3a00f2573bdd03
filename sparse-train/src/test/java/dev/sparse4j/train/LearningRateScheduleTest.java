package dev.sparse4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private static final double EPS = 1e-15;

  @Test
  void paperStepFor160EpochsDecaysAt80And120() {
    LearningRateSchedule s = LearningRateSchedule.paperStep(0.1, 160);
    assertEquals(0.1, s.learningRate(0), EPS);
    assertEquals(0.1, s.learningRate(79), EPS);
    assertEquals(0.01, s.learningRate(80), EPS);
    assertEquals(0.01, s.learningRate(119), EPS);
    assertEquals(0.001, s.learningRate(120), EPS);
    assertEquals(0.001, s.learningRate(159), EPS);
  }

  @Test
  void paperStepTruncatesMilestonesLikeIntInPython() {
    // 10 epochs: int(10/2) = 5, int(30/4) = 7.
    LearningRateSchedule s = LearningRateSchedule.paperStep(1.0, 10);
    double[] expected = {1, 1, 1, 1, 1, 0.1, 0.1, 0.01, 0.01, 0.01};
    for (int e = 0; e < 10; e++) {
      assertEquals(expected[e], s.learningRate(e), EPS, "epoch " + e);
    }
  }

  @Test
  void paperStepShortRuns() {
    // 1 epoch: both milestones are 0 and dropped.
    assertEquals(0.1, LearningRateSchedule.paperStep(0.1, 1).learningRate(0), EPS);
    // 2 epochs: both milestones are 1 and both apply, as with MultiStepLR's Counter.
    LearningRateSchedule two = LearningRateSchedule.paperStep(0.1, 2);
    assertEquals(0.1, two.learningRate(0), EPS);
    assertEquals(0.001, two.learningRate(1), EPS);
    // 4 epochs: milestones 2 and 3.
    LearningRateSchedule four = LearningRateSchedule.paperStep(0.1, 4);
    assertEquals(0.1, four.learningRate(1), EPS);
    assertEquals(0.01, four.learningRate(2), EPS);
    assertEquals(0.001, four.learningRate(3), EPS);
  }

  @Test
  void customStep() {
    LearningRateSchedule s = LearningRateSchedule.step(0.5, 0.5, 1, 3);
    assertEquals(0.5, s.learningRate(0), EPS);
    assertEquals(0.25, s.learningRate(1), EPS);
    assertEquals(0.25, s.learningRate(2), EPS);
    assertEquals(0.125, s.learningRate(3), EPS);
  }

  @Test
  void cosineByHand() {
    LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 4, 0);
    assertEquals(0.1, s.learningRate(0), EPS);
    assertEquals(0.05 * (1 + Math.sqrt(0.5)), s.learningRate(1), EPS); // cos(π/4) = √½
    assertEquals(0.05, s.learningRate(2), EPS);
    assertEquals(0.05 * (1 - Math.sqrt(0.5)), s.learningRate(3), EPS);
    assertEquals(0.0, s.learningRate(4), EPS);
    assertEquals(0.0, s.learningRate(99), EPS);
    LearningRateSchedule withMin = LearningRateSchedule.cosine(0.1, 4, 0.01);
    assertEquals(0.055, withMin.learningRate(2), EPS);
    assertEquals(0.01, withMin.learningRate(4), EPS);
  }

  @Test
  void cosineIsNonIncreasing() {
    LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 200, 0);
    for (int e = 1; e < 200; e++) {
      assertTrue(s.learningRate(e) <= s.learningRate(e - 1));
    }
  }

  @Test
  void constant() {
    assertEquals(0.3, LearningRateSchedule.constant(0.3).learningRate(1000), 0);
  }

  @Test
  void configMapsScheduleKinds() {
    TrainingConfig c = TrainingConfig.builder().epochs(160).build();
    assertEquals(0.01, c.learningRateSchedule().learningRate(80), EPS);
    TrainingConfig cos = c.toBuilder().schedule(TrainingConfig.Schedule.COSINE).epochs(4).build();
    assertEquals(0.05, cos.learningRateSchedule().learningRate(2), EPS);
    TrainingConfig con = c.toBuilder().schedule(TrainingConfig.Schedule.CONSTANT).build();
    assertEquals(0.1, con.learningRateSchedule().learningRate(159), 0);
  }

  @Test
  void badArgumentsAreExplained() {
    assertMessage("learning rate must be a finite number > 0, got 0.0",
        () -> LearningRateSchedule.constant(0));
    assertMessage("learning rate must be a finite number > 0, got NaN",
        () -> LearningRateSchedule.constant(Double.NaN));
    assertMessage("gamma must be in (0, 1], got 2.0", () -> LearningRateSchedule.step(0.1, 2, 5));
    assertMessage("milestones must be epoch indices ≥ 1, got [0, 5]", () -> LearningRateSchedule.step(0.1, 0.1, 0, 5));
    assertMessage("increasing order, got [5, 3]", () -> LearningRateSchedule.step(0.1, 0.1, 5, 3));
    assertMessage("epochs must be ≥ 1, got 0", () -> LearningRateSchedule.cosine(0.1, 0, 0));
    assertMessage("minimum learning rate must be in [0, 0.1], got 0.5", () -> LearningRateSchedule.cosine(0.1, 5, 0.5));
    assertMessage("epoch index must be ≥ 0, got -1", () -> LearningRateSchedule.constant(0.1).learningRate(-1));
  }

  static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
  }
}
