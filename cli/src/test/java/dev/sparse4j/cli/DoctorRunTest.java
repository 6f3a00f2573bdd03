package dev.sparse4j.cli;



import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.cli.DoctorRun.Outcome;
import dev.sparse4j.cli.DoctorRun.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backend check in a child JVM ends in one of five ways, and the doctor's JVM survives each: real child JVMs that
 * pass, fail a check, die mid-way (as a native crash does) or hang, and one whose backend cannot start.
 */
class DoctorRunTest {
  /** A child that behaves as its first argument says. */
  public static final class FakeChild {
    public static void main(String[] args) throws InterruptedException {
      String mode = args[0];
      if (mode.equals("unavailable")) {
        System.out.println("ERROR\tbackend x is not available: no natives");
        return;
      }
      System.out.println("VERSIONS\tengine=1.0\tstrided-1x1=native");
      System.out.println("CHECK\tPASS\tgolden initial logits\t");
      switch (mode) {
        case "wrong" -> System.out.println("CHECK\tFAIL\tgolden trajectory residual sgd dense\tresidual/sgd/dense/step0"
            + " layer1.0.shortcut.0.weight[8]: PyTorch has 0.1 but the backend 0.7");
        case "crash" -> {
          System.out.flush();
          Runtime.getRuntime().halt(134); // no DONE, as after a SIGABRT inside native code
        }
        case "hang" -> Thread.sleep(600_000);
        default -> { }
      }
      System.out.println("DONE");
    }
  }

  private static Outcome run(String mode, Duration timeout) {
    return DoctorRun.run(FakeChild.class, mode, Map.of("k", "v"), Map.of(), timeout);
  }

  @Test
  void aChildThatPassesEveryCheckIsOk() {
    Outcome o = run("ok", Duration.ofSeconds(60));
    assertEquals(Status.OK, o.status());
    assertEquals(1, o.checks().size());
    assertEquals(Map.of("engine", "1.0", "strided-1x1", "native"), o.versions());
  }

  @Test
  void aFailedCheckMakesTheBackendWrongAndKeepsItsMessage() {
    Outcome o = run("wrong", Duration.ofSeconds(60));
    assertEquals(Status.WRONG, o.status());
    assertEquals(1, o.failed().size());
    assertTrue(o.failed().get(0).problem().contains("layer1.0.shortcut.0.weight[8]"), o.failed().toString());
  }

  @Test
  void aChildThatDiesIsACrashWithItsExitCode() {
    Outcome o = run("crash", Duration.ofSeconds(60));
    assertEquals(Status.CRASHED, o.status());
    assertTrue(o.detail().startsWith("the JVM died with exit code 134 (signal 6) after 1 checks"), o.detail());
  }

  @Test
  void aChildThatHangsIsKilledAtTheTimeLimit() {
    long start = System.nanoTime();
    Outcome o = run("hang", Duration.ofSeconds(3));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(Status.HUNG, o.status());
    assertEquals("no answer within 3 s (killed) after 1 checks", o.detail());
    assertTrue(seconds < 30, "took " + seconds + " s");
  }

  @Test
  void aBackendThatCannotStartIsUnavailableWithTheReason() {
    Outcome o = run("unavailable", Duration.ofSeconds(60));
    assertEquals(Status.UNAVAILABLE, o.status());
    assertEquals("backend x is not available: no natives", o.detail());
  }

}
