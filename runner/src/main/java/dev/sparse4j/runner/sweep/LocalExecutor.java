package dev.sparse4j.runner.sweep;

import dev.sparse4j.api.spi.BackendRegistry;
import dev.sparse4j.runner.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code --executor local}: the cells run one after another in this JVM, or, with {@code parallel > 1}, that many at
 * a time, each in a JVM of its own ({@link CellMain}, started like this one) with the cores split between them (each
 * cell's backend gets {@code cores / parallel} threads unless {@code --threads} is given). Separate JVMs because an
 * engine may train only one model per process at a time (djl-pytorch's gradient collector is process-wide).
 */
public final class LocalExecutor implements SweepExecutor {
  /** The executor's id. */
  public static final String ID = "local";

  private final BackendRegistry registry;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * An executor running cells on {@code registry}'s backends (in this JVM; child JVMs find their backends on the
   * class path), printing the runs' summaries to {@code out} and their progress to {@code err}.
   */
  public LocalExecutor(BackendRegistry registry, PrintWriter out, PrintWriter err) {
    this.registry = registry;
    this.out = out;
    this.err = err;
  }

  /** The cells' JVMs now running. */
  private final Set<Process> children = ConcurrentHashMap.newKeySet();

  /** Ends a cell's JVM and whatever it started, giving it 5 s to go. */
  private static void destroy(Process p) {
    ChildJvm.stop(p, 5);
  }

  @Override
  public String id() {
    return ID;
  }

  /** Refuses settings meant for another executor ({@code --master}, {@code --conf}) instead of ignoring them. */
  @Override
  public void check(Map<String, String> settings) {
    List<String> foreign = settings.keySet().stream().filter(k -> k.equals("master") || k.startsWith("conf."))
        .map(k -> k.equals("master") ? "--master" : "--conf " + k.substring("conf.".length())).toList();
    if (!foreign.isEmpty()) {
      throw new IllegalArgumentException(String.join(", ", foreign) + ": options of the Spark executor, but this"
          + " sweep runs on the local executor (--executor local, the default); add --executor spark, or drop "
          + (foreign.size() == 1 ? "it" : "them"));
    }
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
    Path work = Files.createTempDirectory("sparse4j-sweep-");
    // SIGTERM or Ctrl-C to the sweep stops its cells too, instead of leaving them training and writing.
    Thread killChildren = new Thread(() -> children.forEach(LocalExecutor::destroy), "sparse4j-sweep-stop-cells");
    Runtime.getRuntime().addShutdownHook(killChildren);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (SweepTask t : tasks) {
        SweepTask task = t.threads() == null ? t.withThreads(threadsPerCell) : t;
        running.add(pool.submit(() -> {
          done.finished(inChildJvm(task, work));
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      children.forEach(LocalExecutor::destroy);
      try {
        Runtime.getRuntime().removeShutdownHook(killChildren);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
      try (var files = Files.list(work)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  /** Runs {@code task} in a child JVM whose output goes to this one's; its outcome comes back in a file. */
  private CellOutcome inChildJvm(SweepTask task, Path work) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Path taskFile = work.resolve(task.cellId() + ".task.json");
    Path outcomeFile = work.resolve(task.cellId() + ".outcome.json");
    Json.write(taskFile, task);
    // Standard input stays a pipe from this JVM (CellMain stops when it closes, i.e. when this JVM is gone).
    Process p = new ProcessBuilder(ChildJvm.command(CellMain.class, taskFile.toString(), outcomeFile.toString()))
        .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    children.add(p);
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      destroy(p);
      throw e;
    } finally {
      children.remove(p);
    }
    if (Files.isRegularFile(outcomeFile)) {
      return Json.convert(Json.parse(Files.readString(outcomeFile)), CellOutcome.class);
    }
    String message = "the cell's JVM exited with code " + code + " without an outcome";
    err.println("[" + task.cellId() + "] " + message);
    err.flush();
    return new CellOutcome(task.cellId(), false, message, (System.nanoTime() - start) / 1e9, "pid " + p.pid());
  }
}
