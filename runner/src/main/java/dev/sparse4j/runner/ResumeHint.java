package dev.sparse4j.runner;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * While open, a SIGTERM or Ctrl-C says how to continue the run (its checkpoints and lock are safe); closed when the
 * run finished or failed with its own message, so that no hint is printed at exit.
 */
final class ResumeHint implements AutoCloseable {
  private final AtomicBoolean finished = new AtomicBoolean();
  private final Thread hook;

  ResumeHint(RunOutput err, String label, Path out) {
    hook = new Thread(() -> {
      if (!finished.get()) {
        err.progress("");
        err.progress(label + "interrupted: the run in " + out + " continues from its last checkpoint when you run the"
            + " same train command again with --resume");
      }
    }, "sparse4j-resume-hint");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  @Override
  public void close() {
    finished.set(true);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting already
    }
  }
}
