package dev.sparse4j.runner.sweep;

import dev.sparse4j.runner.report.RunConfig;
import java.util.Objects;

/**
 * One cell of a sweep: a {@code train} run, identified by a readable id that is also its directory name under the
 * sweep's {@code cells/}.
 *
 * @param id e.g. {@code mlp-w4-erk-s0.9-seed0} or {@code mlp-w4-dense-seed0}
 * @param config the run's configuration
 */
public record SweepCell(String id, RunConfig config) {
  /** Checks the id: it names a directory. */
  public SweepCell {
    Objects.requireNonNull(config, "config");
    if (id == null || !id.matches("[A-Za-z0-9._+-]+")) {
      throw new IllegalArgumentException("cell id '" + id + "' must be letters, digits and . _ + - only");
    }
  }
}
