package dev.sparse4j.runner.sweep;

import dev.sparse4j.runner.RunDirectory;
import dev.sparse4j.runner.RunReevaluation;
import dev.sparse4j.runner.report.Format;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The whole grid's progress on standard error, one line per finished cell: how many cells are done, the cell's
 * accuracy (read from its report), elapsed time and an ETA from the mean time of the cells trained so far.
 */
public final class SweepProgress {
  private final int total;
  private final int skipped;
  private final int toRun;
  private final int parallel;
  private final Path cellsDir;
  private final PrintWriter err;
  private final long start = System.nanoTime();
  private int finished;
  private int failed;
  private double cellSeconds;

  /**
   * @param total cells in the grid
   * @param skipped cells finished before this sweep started
   * @param toRun cells this sweep trains or resumes
   * @param parallel how many run at a time, for the ETA
   * @param cellsDir where the cells' run directories are
   * @param err where the lines go
   */
  public SweepProgress(int total, int skipped, int toRun, int parallel, Path cellsDir, PrintWriter err) {
    this.total = total;
    this.skipped = skipped;
    this.toRun = toRun;
    this.parallel = Math.max(1, parallel);
    this.cellsDir = cellsDir;
    this.err = err;
  }

  /** Records one outcome and prints the progress line (thread-safe). */
  public synchronized void finished(CellOutcome o) {
    finished++;
    cellSeconds += o.seconds();
    if (!o.ok()) {
      failed++;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    int left = toRun - finished;
    double eta = left * (cellSeconds / finished) / parallel;
    String result = o.ok() ? accuracy(o.cellId()) : "FAILED: " + o.message();
    err.println(String.format(Locale.ROOT, "[sweep] %d/%d cells done (%d skipped, %d failed) · %s %s in %s · "
            + "elapsed %s%s", skipped + finished, total, skipped, failed, o.cellId(), result,
        Format.duration(o.seconds()), Format.duration(elapsed), left > 0 ? " · ETA " + Format.duration(eta) : ""));
    err.flush();
  }

  private String accuracy(String cell) {
    try {
      Path report = cellsDir.resolve(cell).resolve(RunDirectory.REPORT);
      double acc = RunReevaluation.readReport(report).metrics().accuracy(); // the one reader of report.json
      return String.format(Locale.ROOT, "accuracy %.4f", acc);
    } catch (Exception e) {
      return "finished";
    }
  }
}
