package dev.sparse4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunOutputTest {

  @Test
  void theConsoleSendsProgressToErrAndResultsToOut() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    RunOutput o = RunOutput.console(new PrintWriter(out), new PrintWriter(err), false);
    o.progress("loading fashion-mnist");
    o.result("test accuracy 0.8457");
    assertEquals("loading fashion-mnist" + System.lineSeparator(), err.toString());
    assertEquals("test accuracy 0.8457" + System.lineSeparator(), out.toString());
    assertInstanceOf(ProgressListener.class, o.training("[dense] "));
    assertThrows(NullPointerException.class, () -> RunOutput.console(null, new PrintWriter(err), false));
  }

  @Test
  void loggingPrintsNothingToStandardOut() {
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      RunOutput o = RunOutput.logging();
      o.progress("pruning with random");
      o.progress("   ");
      o.result("files: report.json");
      assertNotNull(o.training(""));
    } finally {
      System.setOut(saved);
    }
    // A library never prints: the lines went to SLF4J (slf4j-simple writes to stderr in tests).
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }
}
