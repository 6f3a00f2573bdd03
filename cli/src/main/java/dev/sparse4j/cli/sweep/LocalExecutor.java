package dev.sparse4j.cli.sweep;

import dev.sparse4j.api.spi.BackendRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code --executor local}: the cells run in this JVM, one after another, or {@code parallel} at a time on a thread
 * pool with the cores split between them (each cell's backend gets {@code cores / parallel} threads unless
 * {@code --threads} is given).
 */
public final class LocalExecutor implements SweepExecutor {
  /** The executor's id. */
  public static final String ID = "local";

  private final BackendRegistry registry;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * An executor running cells on {@code registry}'s backends, printing the runs' summaries to {@code out} and their
   * progress to {@code err}.
   */
  public LocalExecutor(BackendRegistry registry, PrintWriter out, PrintWriter err) {
    this.registry = registry;
    this.out = out;
    this.err = err;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void execute(List<SweepTask> tasks, Map<String, String> settings, Listener done) throws Exception {
    int parallel = Integer.parseInt(settings.getOrDefault("parallel", "1"));
    if (parallel <= 1) {
      for (SweepTask t : tasks) {
        done.finished(CellRunner.run(t, registry, out, err));
      }
      return;
    }
    int threadsPerCell = Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread th = new Thread(r, "sparse4j-sweep-cell");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (SweepTask t : tasks) {
        SweepTask task = t.threads() == null ? t.withThreads(threadsPerCell) : t;
        running.add(pool.submit(() -> done.finished(CellRunner.run(task, registry, out, err))));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
