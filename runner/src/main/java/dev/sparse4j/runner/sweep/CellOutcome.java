package dev.sparse4j.runner.sweep;

import java.io.Serializable;

/**
 * How one cell ended. A finished cell's results are in its run directory's {@code report.json}; the sweep's table is
 * derived from those files, never from these objects, so a lost outcome loses nothing.
 *
 * @param cellId the cell
 * @param ok whether the run finished and wrote its report
 * @param message the error, when it failed
 * @param seconds wall time of the cell
 * @param worker where it ran (host and process), for the log
 */
public record CellOutcome(String cellId, boolean ok, String message, double seconds, String worker)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
