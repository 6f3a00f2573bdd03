package dev.sparse4j.prune.dst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateScheduleTest {
  @Test
  void updatesEveryIntervalFromTheFirstIntervalUntilTheEnd() {
    UpdateSchedule s = UpdateSchedule.of(100, 0.3, 0.75, 1000);
    assertEquals(750, s.endStep());
    List<Long> steps = new ArrayList<>();
    for (long t = 0; t < 1000; t++) {
      if (s.isUpdate(t)) {
        steps.add(t);
      }
    }
    assertEquals(List.of(100L, 200L, 300L, 400L, 500L, 600L, 700L), steps);
    assertEquals(7, s.updates());
  }

  @Test
  void fractionIsTheCosineDecay() {
    UpdateSchedule s = new UpdateSchedule(100, 0.3, 750);
    assertEquals(0.3, s.fraction(0), 0);
    assertEquals(0.15, s.fraction(375), 1e-15);            // cos(π/2) = 0
    assertEquals(0.15 * (1 + Math.cos(Math.PI * 100 / 750)), s.fraction(100), 1e-15);
    assertEquals(0.0, s.fraction(750), 1e-15);
  }

  @Test
  void badSettingsHaveClearMessages() {
    assertMessage("interval must be ≥ 1 step, got 0", () -> new UpdateSchedule(0, 0.3, 10));
    assertMessage("fraction must be in (0, 1], got 1.5", () -> new UpdateSchedule(1, 1.5, 10));
    assertMessage("fraction of the run in (0, 1], got 0.0", () -> UpdateSchedule.of(1, 0.3, 0, 10));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
  }
}
