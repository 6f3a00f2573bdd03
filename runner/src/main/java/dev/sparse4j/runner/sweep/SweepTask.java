package dev.sparse4j.runner.sweep;

import dev.sparse4j.runner.EvalSettings;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.runner.report.RunConfig;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * One cell of a sweep as an executor ships it: everything a JVM needs to run the cell's {@code train} run, typed. It is
 * {@link Serializable} (a Spark task) and JSON-mappable (the local executor's child JVMs read it from a file).
 *
 * @param cellId the cell's id, also the name of its run directory
 * @param runDir the run directory (absolute; on a cluster, on a file system every worker sees)
 * @param config the run's configuration
 * @param eval the evaluation settings
 * @param resume whether the driver found an interrupted run to continue (for its plan; the worker decides again)
 * @param replace replace a run of another configuration in the run directory ({@code --force})
 * @param dataDir the data directory, or {@code null} for the worker's default resolution
 * @param threads backend threads, or {@code null} for the executor's choice
 * @param backendOptions other backend options ({@code --backend-option})
 */
public record SweepTask(String cellId, String runDir, RunConfig config, EvalSettings eval, boolean resume,
    boolean replace, String dataDir, Integer threads, Map<String, String> backendOptions) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Checks the required fields. */
  public SweepTask {
    Objects.requireNonNull(cellId, "cellId");
    Objects.requireNonNull(runDir, "runDir");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(eval, "eval");
    backendOptions = backendOptions == null ? Map.of() : Map.copyOf(backendOptions);
  }

  /** Without backend options besides {@code threads}. */
  public SweepTask(String cellId, String runDir, RunConfig config, EvalSettings eval, boolean resume, boolean replace,
      String dataDir, Integer threads) {
    this(cellId, runDir, config, eval, resume, replace, dataDir, threads, Map.of());
  }

  /** This task with another thread count (an executor matches it to the CPUs a task gets). */
  public SweepTask withThreads(Integer n) {
    return new SweepTask(cellId, runDir, config, eval, resume, replace, dataDir, n, backendOptions);
  }

  /**
   * Java serialisation (a Spark task) carries the task's JSON, the form a child JVM reads too: the configuration
   * holds objects (the training schedule) that are not {@link Serializable}.
   */
  private Object writeReplace() {
    return new Wire(Json.compact(this));
  }

  /** The serialised form of a task: its JSON. */
  private record Wire(String json) implements Serializable {
    private Object readResolve() {
      return Json.convert(Json.parse(json), SweepTask.class);
    }
  }
}
