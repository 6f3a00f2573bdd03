package dev.sparse4j.backend.nd4j.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a block with {@code System.out} captured: SameDiff 1.0.0-M2.1 prints "Added differentiated op …" to
 * standard output while it builds a gradient function, which a library must not do to its user's output.
 * What was captured goes to the debug log. The swap is process-wide, so it is held only around graph construction.
 */
final class QuietStdout {
  private static final Logger LOG = LoggerFactory.getLogger(QuietStdout.class);
  private static final Object LOCK = new Object();

  private QuietStdout() {}

  static <T> T run(Supplier<T> body) {
    synchronized (LOCK) {
      PrintStream original = System.out;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        return body.get();
      } finally {
        System.setOut(original);
        if (captured.size() > 0 && LOG.isDebugEnabled()) {
          LOG.debug("SameDiff printed while building gradients: {}", captured.toString(StandardCharsets.UTF_8).trim());
        }
      }
    }
  }
}
