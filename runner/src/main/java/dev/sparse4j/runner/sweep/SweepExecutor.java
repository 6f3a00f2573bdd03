package dev.sparse4j.runner.sweep;

import java.util.List;
import java.util.Map;

/**
 * Runs the cells of a sweep: {@code local} (in this JVM, one after another or {@code --parallel N}) is built in;
 * {@code spark} comes with the {@code dev.sparse4j:sweep-spark} module, found through {@link java.util.ServiceLoader}.
 * An executor runs each task with {@link CellRunner#run} in some JVM and reports every outcome; the driver alone
 * writes the results table, from the run directories.
 */
public interface SweepExecutor {

  /** The name given to {@code --executor}. */
  String id();

  /**
   * Checks the settings before anything is planned or written (e.g. that a cluster executor has a master URL).
   *
   * @throws IllegalArgumentException saying what is missing or wrong
   */
  default void check(Map<String, String> settings) {}

  /**
   * Runs {@code tasks}, calling {@code done} once per task as it ends (from any thread).
   *
   * @param settings executor settings from the command line: {@code master}, {@code parallel}, and
   *     {@code conf.<key>} entries for the executor
   * @throws Exception if the executor itself fails (a failed cell is an outcome, not an exception)
   */
  void execute(List<SweepTask> tasks, Map<String, String> settings, Listener done) throws Exception;

  /** Receives the outcome of each task. */
  @FunctionalInterface
  interface Listener {
    /** Called once per task, from any thread. */
    void finished(CellOutcome outcome);
  }
}
