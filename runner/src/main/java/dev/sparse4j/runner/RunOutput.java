package dev.sparse4j.runner;

import dev.sparse4j.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run's human-readable lines go: what it is doing (loading, pruning, evaluating, warnings), its summary, and
 * the training progress. A library user gets {@link #logging()} (SLF4J, nothing printed); the command line passes
 * {@link #console} with its own stdout and stderr.
 */
public interface RunOutput {

  /** A line about what the run is doing or a warning (stderr on the console). */
  void progress(String line);

  /** A line of the run's result summary (stdout on the console). */
  void result(String line);

  /** The listener of the training loop for the run labelled {@code label} (e.g. {@code "[dense] "}, or empty). */
  TrainingListener training(String label);

  /** Every line to SLF4J (logger {@code dev.sparse4j.runner}, level INFO); the training loop logs per epoch. */
  static RunOutput logging() {
    Logger log = LoggerFactory.getLogger("dev.sparse4j.runner");
    return new RunOutput() {
      @Override
      public void progress(String line) {
        if (!line.isBlank()) {
          log.info("{}", line.strip());
        }
      }

      @Override
      public void result(String line) {
        progress(line);
      }

      @Override
      public TrainingListener training(String label) {
        return TrainingListener.logging();
      }
    };
  }

  /**
   * Lines to the caller's writers, flushed at once; on a terminal ({@code tty}) the training progress is a bar that
   * redraws in place.
   */
  static RunOutput console(PrintWriter out, PrintWriter err, boolean tty) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    return new RunOutput() {
      @Override
      public void progress(String line) {
        err.println(line);
        err.flush();
      }

      @Override
      public void result(String line) {
        out.println(line);
        out.flush();
      }

      @Override
      public TrainingListener training(String label) {
        return new ProgressListener(err, tty, label);
      }
    };
  }
}
