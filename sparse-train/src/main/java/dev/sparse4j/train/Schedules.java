package dev.sparse4j.train;

import java.util.Arrays;

/** The built-in {@link LearningRateSchedule}s; created through that interface's factories, which validate. */
final class Schedules {
  private Schedules() {}

  static void checkIndex(int e) {
    if (e < 0) {
      throw new IllegalArgumentException("epoch index must be ≥ 0, got " + e);
    }
  }

  /** The same rate every epoch. */
  record Constant(double base) implements LearningRateSchedule {
    @Override
    public double learningRate(int epochIndex) {
      checkIndex(epochIndex);
      return base;
    }
  }

  /** Multiply by {@code gamma} at each milestone. */
  static final class Step implements LearningRateSchedule {
    private final double base;
    private final double gamma;
    private final int[] milestones;

    Step(double base, double gamma, int[] milestones) {
      this.base = base;
      this.gamma = gamma;
      this.milestones = milestones.clone();
    }

    @Override
    public double learningRate(int epochIndex) {
      checkIndex(epochIndex);
      double lr = base;
      for (int m : milestones) {
        if (m <= epochIndex) {
          lr *= gamma;
        }
      }
      return lr;
    }

    @Override
    public String toString() {
      return "Step[base=" + base + ", gamma=" + gamma + ", milestones=" + Arrays.toString(milestones) + "]";
    }
  }

  /** Closed-form cosine annealing per epoch. */
  record Cosine(double base, int epochs, double min) implements LearningRateSchedule {
    @Override
    public double learningRate(int epochIndex) {
      checkIndex(epochIndex);
      if (epochIndex >= epochs) {
        return min;
      }
      return min + (base - min) * (1 + Math.cos(Math.PI * epochIndex / epochs)) / 2;
    }
  }
}
