package dev.sparse4j.runner.sweep;

import dev.sparse4j.runner.report.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one sweep cell in a JVM of its own: {@code CellMain TASK.json OUTCOME.json}. The local executor starts one per
 * cell when cells run in parallel; the exit code is 0 when the cell finished. Its standard input is a pipe from the
 * sweep's JVM: when that closes — the sweep ended, was interrupted or killed, even by {@code kill -9} — the cell
 * stops at once, as if killed, and the next run of the sweep resumes it from its last checkpoint.
 */
public final class CellMain {
  private CellMain() {}

  /**
   * Reads the task, runs it, writes the outcome.
   *
   * @param args the task file and the outcome file
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: CellMain TASK.json OUTCOME.json");
      System.exit(2);
    }
    dieWithTheParent();
    SweepTask task = Json.convert(Json.parse(Files.readString(Path.of(args[0]))), SweepTask.class);
    CellOutcome outcome = CellRunner.run(task, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    Json.write(Path.of(args[1]), outcome);
    System.exit(outcome.ok() ? 0 : 1);
  }

  /** Exits when standard input reaches its end: the parent, which holds the other end of the pipe, is gone. */
  private static void dieWithTheParent() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // the parent writes nothing; anything read is ignored
        }
      } catch (IOException e) {
        // a broken pipe is the same news
      }
      System.err.println("sparse4j sweep cell: the sweep's process is gone; stopping (the next run resumes it)");
      System.err.flush();
      Runtime.getRuntime().halt(143);
    }, "sparse4j-cell-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
