package dev.sparse4j.train;

import java.util.Arrays;

/**
 * Learning rate per epoch. Rates change only between epochs, like PyTorch's {@code MultiStepLR} and
 * {@code CosineAnnealingLR} stepped once per epoch, so a run resumed at an epoch boundary sees the same rates.
 *
 * <p>Epoch indices here are 0-based: {@code learningRate(0)} is the rate of the first epoch.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /**
   * The learning rate of epoch {@code epochIndex} (0-based).
   *
   * @throws IllegalArgumentException if {@code epochIndex} is negative
   */
  double learningRate(int epochIndex);

  /** The same rate every epoch. */
  static LearningRateSchedule constant(double learningRate) {
    checkRate(learningRate);
    return new Schedules.Constant(learningRate);
  }

  /**
   * Step decay ({@code MultiStepLR}): {@code lr(e) = base · gamma^m(e)}, {@code m(e)} = number of milestones
   * {@code ≤ e}. With milestones {@code {80, 120}} epochs 0–79 use {@code base}, 80–119 {@code base·γ}, 120+
   * {@code base·γ²}.
   *
   * @param milestones 0-based epoch indices at which the rate is multiplied by {@code gamma}; must be positive and
   *     non-decreasing (a repeated milestone multiplies twice, as in {@code MultiStepLR})
   * @throws IllegalArgumentException on a bad rate, gamma or milestone list
   */
  static LearningRateSchedule step(double learningRate, double gamma, int... milestones) {
    checkRate(learningRate);
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("step decay factor gamma must be in (0, 1], got " + gamma);
    }
    int[] m = milestones.clone();
    for (int i = 0; i < m.length; i++) {
      if (m[i] < 1) {
        throw new IllegalArgumentException("step milestones must be epoch indices ≥ 1, got " + Arrays.toString(m));
      }
      if (i > 0 && m[i] < m[i - 1]) {
        throw new IllegalArgumentException("step milestones must be in increasing order, got " + Arrays.toString(m));
      }
    }
    return new Schedules.Step(learningRate, gamma, m);
  }

  /**
   * The paper's step schedule: ×{@code 0.1} at 50 % and 75 % of {@code epochs}, i.e. milestones
   * {@code ⌊epochs/2⌋} and {@code ⌊3·epochs/4⌋} (as {@code int(...)} in the paper's PyTorch code; 160 epochs give
   * 80 and 120). A milestone that falls on epoch 0 (a 1-epoch run) is dropped, so every run starts at the base rate;
   * milestones that coincide (2 epochs) both apply, as in PyTorch.
   */
  static LearningRateSchedule paperStep(double learningRate, int epochs) {
    checkEpochs(epochs);
    int[] m = Arrays.stream(new int[] {epochs / 2, (3 * epochs) / 4}).filter(x -> x >= 1).toArray();
    return step(learningRate, 0.1, m);
  }

  /**
   * Cosine annealing per epoch (closed form of {@code CosineAnnealingLR(T_max = epochs, eta_min = minRate)}):
   * {@code lr(e) = min + (base − min)·(1 + cos(π·e / epochs)) / 2}. Epoch 0 uses {@code base}; epochs at or past
   * {@code epochs} use {@code min}.
   *
   * @throws IllegalArgumentException unless {@code 0 ≤ minRate ≤ base} and {@code epochs ≥ 1}
   */
  static LearningRateSchedule cosine(double learningRate, int epochs, double minRate) {
    checkRate(learningRate);
    checkEpochs(epochs);
    if (!(minRate >= 0 && minRate <= learningRate)) {
      throw new IllegalArgumentException(
          "cosine minimum learning rate must be in [0, " + learningRate + "], got " + minRate);
    }
    return new Schedules.Cosine(learningRate, epochs, minRate);
  }

  private static void checkRate(double lr) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + lr);
    }
  }

  private static void checkEpochs(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
    }
  }
}
