package dev.sparse4j.runner;

import dev.sparse4j.runner.report.Format;
import dev.sparse4j.train.EpochRecord;
import dev.sparse4j.train.TrainingListener;
import dev.sparse4j.train.TrainingPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Training progress on standard error. On a terminal: one bar per epoch that updates in place (loss, accuracy,
 * time per step, ETA of the whole run), replaced by a summary line when the epoch ends. Otherwise (a log file, CI):
 * one line per ~10 % of an epoch and one per epoch.
 */
public final class ProgressListener implements TrainingListener {
  private static final int BAR = 24;
  // Redraw the bar at most this often (nanoseconds); a terminal cannot show more.
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final boolean tty;
  private final String prefix;
  private TrainingPlan plan;
  private long runStart;
  private long stepsDone;
  private long lastDraw;
  private int lastDecile;
  private int width;

  /**
   * @param err where to write
   * @param tty whether {@code err} is a terminal (redraw in place) or a file (whole lines)
   * @param prefix put before every line, e.g. {@code "[dense] "}; may be empty
   */
  public ProgressListener(PrintWriter err, boolean tty, String prefix) {
    this.err = err;
    this.tty = tty;
    this.prefix = prefix;
  }

  /** Whether standard error looks like a terminal. */
  public static boolean stderrIsTerminal() {
    return System.console() != null;
  }

  @Override
  public void onStart(TrainingPlan p) {
    plan = p;
    runStart = System.nanoTime();
    stepsDone = 0;
    String what = p.completedEpochs() > 0
        ? "resuming after epoch " + p.completedEpochs() + " of " + p.epochs()
        : p.epochs() + " epoch" + (p.epochs() == 1 ? "" : "s");
    line(String.format(Locale.ROOT, "training %s on %s: %s, %d steps of %d per epoch (%d examples), test on %d",
        p.modelName(), p.backendId(), what, p.batchesPerEpoch(), p.config().batchSize(), p.trainSize(), p.testSize()));
  }

  @Override
  public void onBatch(int epoch, int batch, int batches, double loss, double accuracy, double elapsedSeconds) {
    stepsDone++;
    double perStep = elapsedSeconds / batch;
    if (tty) {
      long now = System.nanoTime();
      if (batch != batches && now - lastDraw < REDRAW_NANOS) {
        return;
      }
      lastDraw = now;
      int filled = (int) ((long) BAR * batch / batches);
      String bar = "#".repeat(filled) + ".".repeat(BAR - filled);
      String text = String.format(Locale.ROOT, "%sepoch %d/%d [%s] %d/%d loss %.4f acc %.4f %s/step ETA %s", prefix,
          epoch, plan.epochs(), bar, batch, batches, loss, accuracy, Format.duration(perStep), eta(perStep));
      int pad = Math.max(0, width - text.length());
      width = text.length();
      err.print("\r" + text + " ".repeat(pad));
      err.flush();
      return;
    }
    int decile = (int) (10L * batch / batches);
    if (batch == 1) {
      lastDecile = 0;
    }
    if (decile > lastDecile && batch < batches) {
      lastDecile = decile;
      line(String.format(Locale.ROOT, "epoch %d/%d %3d%% (%d/%d) loss %.4f acc %.4f %s/step ETA %s", epoch,
          plan.epochs(), 100L * batch / batches, batch, batches, loss, accuracy, Format.duration(perStep),
          eta(perStep)));
    }
  }

  @Override
  public void onEpoch(EpochRecord r) {
    clearBar();
    line(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.4f, test acc %s, lr %.4g, %s", r.epoch(),
        plan.epochs(), r.loss(), r.trainAccuracy(), r.hasTestAccuracy() ? Format.fraction(r.testAccuracy()) : "-",
        r.learningRate(), Format.duration(r.seconds()))
        + (r.hasItop() ? String.format(Locale.ROOT, ", ITOP %.4f (%d topology updates)", r.itop(),
            r.topologyUpdates()) : ""));
  }

  @Override
  public void onCheckpoint(int epoch, Path directory) {
    // A checkpoint per epoch is routine; not worth a line.
  }

  private String eta(double perStep) {
    long remaining = plan.remainingSteps() - stepsDone;
    return Format.duration(Math.max(0, remaining) * perStep);
  }

  private void clearBar() {
    if (tty && width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      width = 0;
    }
  }

  private void line(String text) {
    clearBar();
    err.println(prefix + text);
    err.flush();
  }

  /** Seconds since training started. */
  public double elapsedSeconds() {
    return (System.nanoTime() - runStart) / 1e9;
  }
}
