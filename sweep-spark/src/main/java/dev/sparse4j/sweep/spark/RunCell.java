package dev.sparse4j.sweep.spark;

import dev.sparse4j.runner.sweep.CellOutcome;
import dev.sparse4j.runner.sweep.CellRunner;
import dev.sparse4j.runner.sweep.SweepTask;
import java.io.PrintWriter;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark task of one cell, run in an executor: {@link CellRunner} with the backend's threads matched to the
 * task's {@code spark.task.cpus}; progress goes to the executor's log.
 */
final class RunCell implements Function<SweepTask, CellOutcome> {
  private static final long serialVersionUID = 1L;

  @Override
  public CellOutcome call(SweepTask task) {
    TaskContext tc = TaskContext.get();
    SweepTask t = task.threads() == null && tc != null ? task.withThreads(Math.max(1, tc.cpus())) : task;
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    if (tc != null && tc.attemptNumber() > 0) {
      err.println("[" + t.cellId() + "] attempt " + (tc.attemptNumber() + 1) + ": continuing the cell from its run "
          + "directory");
    }
    return CellRunner.run(t, out, err);
  }
}
