package dev.sparse4j.cli.sweep;

import dev.sparse4j.cli.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one sweep cell in a JVM of its own: {@code CellMain TASK.json OUTCOME.json}. The local executor starts one per
 * cell when cells run in parallel; the exit code is 0 when the cell finished.
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
    SweepTask task = Json.convert(Json.parse(Files.readString(Path.of(args[0]))), SweepTask.class);
    CellOutcome outcome = CellRunner.run(task, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    Json.write(Path.of(args[1]), outcome);
    System.exit(outcome.ok() ? 0 : 1);
  }
}
