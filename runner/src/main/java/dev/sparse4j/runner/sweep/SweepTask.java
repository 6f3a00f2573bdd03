package dev.sparse4j.runner.sweep;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * One cell of a sweep as an executor ships it: everything a JVM needs to run the cell's {@code train} run, as plain
 * strings so that it serialises to a Spark task (or any other worker) without sparse4j's types.
 *
 * @param cellId the cell's id, also the name of its run directory
 * @param runDir the run directory (absolute; on a cluster, on a file system every worker sees)
 * @param configJson the run's configuration as {@code config.json} writes it
 * @param evalJson the evaluation settings
 * @param resume whether the driver found an interrupted run to continue (for its plan; the worker decides again)
 * @param replace replace a run of another configuration in the run directory ({@code --force})
 * @param dataDir the data directory, or {@code null} for the worker's default resolution
 * @param threads backend threads, or {@code null} for the executor's choice
 * @param backendOptions other backend options ({@code --backend-option})
 */
public record SweepTask(String cellId, String runDir, String configJson, String evalJson, boolean resume,
    boolean replace, String dataDir, Integer threads, Map<String, String> backendOptions) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Checks the required fields. */
  public SweepTask {
    Objects.requireNonNull(cellId, "cellId");
    Objects.requireNonNull(runDir, "runDir");
    Objects.requireNonNull(configJson, "configJson");
    Objects.requireNonNull(evalJson, "evalJson");
    backendOptions = backendOptions == null ? Map.of() : Map.copyOf(backendOptions);
  }

  /** Without backend options besides {@code threads}. */
  public SweepTask(String cellId, String runDir, String configJson, String evalJson, boolean resume, boolean replace,
      String dataDir, Integer threads) {
    this(cellId, runDir, configJson, evalJson, resume, replace, dataDir, threads, Map.of());
  }

  /** This task with another thread count (an executor matches it to the CPUs a task gets). */
  public SweepTask withThreads(Integer n) {
    return new SweepTask(cellId, runDir, configJson, evalJson, resume, replace, dataDir, n, backendOptions);
  }
}
