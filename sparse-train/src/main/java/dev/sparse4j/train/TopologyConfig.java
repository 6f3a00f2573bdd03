package dev.sparse4j.train;

import dev.sparse4j.prune.dst.TopologyUpdater;
import dev.sparse4j.prune.dst.UpdateSchedule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Dynamic sparse training settings of a run (none: static sparse training): which {@link TopologyUpdater} and
 * RigL's schedule — an update every {@code interval} steps from step {@code interval} until {@code end} of all
 * steps, dropping and growing {@code f(t) = fraction/2 · (1 + cos(π t / T_end))} of each sparse layer's kept weights.
 *
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().epochs(5).noAugmentation()
 *     .topology(TopologyConfig.of("rigl")).build();
 * }</pre>
 *
 * @param updater the updater's name ({@code set}, {@code rigl} or a plug-in's)
 * @param options the updater's options (empty for the built-ins)
 * @param interval {@code ΔT}, steps between updates, ≥ 1 (default 100)
 * @param fraction {@code α}, the initial drop fraction, in (0, 1] (default 0.3)
 * @param end {@code T_end} as a fraction of all steps, in (0, 1] (default 0.75)
 */
public record TopologyConfig(String updater, Map<String, String> options, int interval, double fraction,
    double end) {
  /** Default {@code ΔT}. */
  public static final int DEFAULT_INTERVAL = 100;
  /** Default {@code α}. */
  public static final double DEFAULT_FRACTION = 0.3;
  /** Default {@code T_end}. */
  public static final double DEFAULT_END = 0.75;

  /** Validates the settings; messages name the setting and its range. */
  public TopologyConfig {
    Objects.requireNonNull(updater, "updater");
    if (updater.isBlank() || updater.equals(TopologyUpdater.STATIC)) {
      throw new IllegalArgumentException("a topology updater needs a name such as set or rigl, got '" + updater
          + "' (static training has no TopologyConfig)");
    }
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options == null ? Map.of() : options));
    // The schedule's own checks give the messages for interval and fraction.
    new UpdateSchedule(interval, fraction, 0);
    if (!(end > 0 && end <= 1)) {
      throw new IllegalArgumentException("the end of topology updates must be a fraction of the run in (0, 1], got "
          + end);
    }
  }

  /** {@code updater} with the default schedule (every 100 steps, fraction 0.3, until 75 % of the run). */
  public static TopologyConfig of(String updater) {
    return new TopologyConfig(updater, Map.of(), DEFAULT_INTERVAL, DEFAULT_FRACTION, DEFAULT_END);
  }

  /** The schedule for a run of {@code totalSteps} steps. */
  public UpdateSchedule schedule(long totalSteps) {
    return UpdateSchedule.of(interval, fraction, end, totalSteps);
  }
}
