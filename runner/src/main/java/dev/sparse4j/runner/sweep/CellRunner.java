package dev.sparse4j.runner.sweep;

import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.api.spi.Backends;
import dev.sparse4j.runner.CompareResume;
import dev.sparse4j.runner.EvalSettings;
import dev.sparse4j.runner.TrainingRun;
import dev.sparse4j.runner.report.RunConfig;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Runs one sweep cell in this JVM: exactly the {@code train} run of the cell's configuration, into its run
 * directory (which the run locks, so two workers never write one directory). What to do is decided when the cell
 * runs: a finished run of the cell is kept, an interrupted one resumes from its last checkpoint, anything else is
 * trained. Every executor, local or on a cluster, runs cells through it.
 */
public final class CellRunner {
  private CellRunner() {}

  /**
   * Runs {@code task} with the backends found on this JVM's class path; never throws for a failed run.
   *
   * @param out where the run's summary goes
   * @param err where its progress goes (lines start with {@code [cellId]})
   * @return the outcome; a failure carries its message
   */
  public static CellOutcome run(SweepTask task, PrintWriter out, PrintWriter err) {
    return run(task, Backends.registry(), out, err);
  }

  /** {@link #run(SweepTask, PrintWriter, PrintWriter)} with a given registry (tests). */
  public static CellOutcome run(SweepTask task, BackendRegistry registry, PrintWriter out, PrintWriter err) {
    long start = System.nanoTime();
    try {
      RunConfig config = task.config();
      EvalSettings eval = task.eval();
      Path dir = Path.of(task.runDir());
      // Decided again here, not where the task was made: a retried task (its worker died) finds the checkpoints of
      // the attempt before it, or even its finished run.
      CompareResume.Action action = CompareResume.decide(dir, config, task.replace());
      if (action == CompareResume.Action.SKIP) {
        return new CellOutcome(task.cellId(), true, null, seconds(start), worker());
      }
      TrainingRun.Options options = new TrainingRun.Options(dir, action == CompareResume.Action.RESUME,
          task.replace() && action == CompareResume.Action.TRAIN,
          task.dataDir() == null ? null : Path.of(task.dataDir()), task.threads(), false, eval,
          "[" + task.cellId() + "] ", task.backendOptions());
      new TrainingRun(registry, out, err, false).run(config, options);
      return new CellOutcome(task.cellId(), true, null, seconds(start), worker());
    } catch (Exception | LinkageError e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      err.println("[" + task.cellId() + "] failed: " + message);
      err.flush();
      return new CellOutcome(task.cellId(), false, message, seconds(start), worker());
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** {@code pid@host} of this JVM. */
  static String worker() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    return ProcessHandle.current().pid() + "@" + host;
  }
}
