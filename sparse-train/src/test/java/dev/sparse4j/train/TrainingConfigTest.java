package dev.sparse4j.train;

import dev.sparse4j.api.spi.OptimizerConfig;

import static dev.sparse4j.train.LearningRateScheduleTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

  @Test
  void defaultsAreThePapersCifarSettings() {
    TrainingConfig c = TrainingConfig.defaults();
    assertEquals(160, c.epochs());
    assertEquals(128, c.batchSize());
    assertEquals(0.1, c.learningRate());
    assertEquals(OptimizerConfig.Kind.SGD, c.optimizer().kind());
    assertEquals(0.9, c.optimizer().momentum());
    assertTrue(c.optimizer().nesterov());
    assertEquals(5e-4, c.optimizer().weightDecay());
    assertEquals(TrainingConfig.Schedule.STEP, c.schedule());
    assertTrue(c.horizontalFlip());
    assertEquals(4, c.cropPadding());
    assertEquals(0, c.trainLimit());
    assertEquals(0, c.testLimit());
    assertTrue(c.augments());
  }

  @Test
  void builderRoundTrip() {
    TrainingConfig c = TrainingConfig.builder().epochs(3).batchSize(7).learningRate(0.05).seed(-9)
        .schedule(TrainingConfig.Schedule.COSINE).noAugmentation().trainLimit(100).testLimit(10)
        .optimizer(OptimizerConfig.adam(0)).build();
    assertEquals(c, c.toBuilder().build());
    assertFalse(c.augments());
    assertEquals(-9, c.seed());
    assertEquals(OptimizerConfig.Kind.ADAM, c.optimizer().kind());
  }

  @Test
  void everyFieldIsValidated() {
    assertMessage("epochs must be ≥ 1, got 0", () -> TrainingConfig.builder().epochs(0).build());
    assertMessage("batch size must be ≥ 1, got -2", () -> TrainingConfig.builder().batchSize(-2).build());
    assertMessage("learning rate must be a finite number > 0, got 0.0",
        () -> TrainingConfig.builder().learningRate(0).build());
    assertMessage("got Infinity", () -> TrainingConfig.builder().learningRate(Double.POSITIVE_INFINITY).build());
    assertMessage("got NaN", () -> TrainingConfig.builder().learningRate(Double.NaN).build());
    assertMessage("optimizer is required", () -> TrainingConfig.builder().optimizer(null).build());
    assertMessage("schedule is required", () -> TrainingConfig.builder().schedule(null).build());
    assertMessage("crop padding must be ≥ 0", () -> TrainingConfig.builder().cropPadding(-1).build());
    assertMessage("train limit must be ≥ 0", () -> TrainingConfig.builder().trainLimit(-1).build());
    assertMessage("test limit must be ≥ 0", () -> TrainingConfig.builder().testLimit(-5).build());
  }

  @Test
  void scheduleNamesParse() {
    assertEquals(TrainingConfig.Schedule.COSINE, TrainingConfig.Schedule.parse(" Cosine "));
    assertEquals("step", TrainingConfig.Schedule.STEP.id());
    assertMessage("unknown learning-rate schedule 'linear'; use one of step, cosine, constant",
        () -> TrainingConfig.Schedule.parse("linear"));
  }
}
