package dev.sparse4j.prune.dst;

/**
 * When topology updates happen and how much they change (RigL's schedule, Evci et al. 2020): an update before every
 * step {@code t} with {@code t ≥ ΔT}, {@code t mod ΔT = 0} and {@code t < T_end}, with drop fraction
 * {@code f(t) = α/2 · (1 + cos(π t / T_end))}. Steps are 0-based counts of steps already taken; the cosine is
 * {@link StrictMath#cos} so every CPU and the PyTorch reference get the same bits.
 *
 * @param interval {@code ΔT} ≥ 1, steps between updates
 * @param alpha {@code α} in (0, 1], the initial drop fraction
 * @param endStep {@code T_end} ≥ 0, the step from which no update happens
 */
public record UpdateSchedule(int interval, double alpha, long endStep) {
  /** Validates the arguments. */
  public UpdateSchedule {
    if (interval < 1) {
      throw new IllegalArgumentException("the topology update interval must be ≥ 1 step, got " + interval);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("the topology update fraction must be in (0, 1], got " + alpha);
    }
    if (endStep < 0) {
      throw new IllegalArgumentException("the last topology update step must be ≥ 0, got " + endStep);
    }
  }

  /**
   * The schedule of a run of {@code totalSteps} steps that stops updating at {@code end · totalSteps}.
   *
   * @param end {@code T_end} as a fraction of the run, in (0, 1]
   */
  public static UpdateSchedule of(int interval, double alpha, double end, long totalSteps) {
    if (!(end > 0 && end <= 1)) {
      throw new IllegalArgumentException("the end of topology updates must be a fraction of the run in (0, 1], got "
          + end);
    }
    return new UpdateSchedule(interval, alpha, (long) Math.floor(end * totalSteps));
  }

  /** Whether an update comes before step {@code step}. */
  public boolean isUpdate(long step) {
    return step >= interval && step % interval == 0 && step < endStep;
  }

  /** The drop fraction {@code f(step)}. */
  public double fraction(long step) {
    return alpha / 2 * (1 + StrictMath.cos(Math.PI * step / endStep));
  }

  /** How many updates the run makes. */
  public long updates() {
    return endStep <= interval ? 0 : (endStep - 1) / interval;
  }
}
