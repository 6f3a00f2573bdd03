package dev.sparse4j.prune.dst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItopTrackerTest {
  private static final ParamSpec A = new ParamSpec("a.weight", new int[] {2, 4}, ParamKind.WEIGHT);
  // Prunable tensors have rank ≥ 2 (ParamSpec.prunable); the tracker holds them as compressed rows.
  private static final ParamSpec B = new ParamSpec("b.weight", new int[] {1, 2}, ParamKind.WEIGHT);

  private static Mask a(boolean... keep) {
    return Mask.ofBooleans(new int[] {2, 4}, keep);
  }

  @Test
  void countsEveryPositionThatWasEverActive() {
    // a keeps 2 of 8; b has no mask (dense: 2 of 2).
    ItopTracker t = ItopTracker.of(List.of(A, B),
        MaskSet.of(Map.of("a.weight", a(true, true, false, false, false, false, false, false))));
    assertEquals(4.0 / 10, t.rate(), 1e-15);
    t.record(MaskSet.of(Map.of("a.weight", a(false, true, true, false, false, false, false, false))));
    t.record(MaskSet.of(Map.of("a.weight", a(true, false, false, false, false, false, false, true))));
    assertEquals(6.0 / 10, t.rate(), 1e-15);
    assertEquals(Map.of("a.weight", 4.0 / 8, "b.weight", 1.0), t.layerRates());
    assertEquals(a(true, true, true, false, false, false, false, true), t.everActive().get("a.weight"));
    // Restoring from the saved set gives the same rate.
    assertEquals(t.rate(), ItopTracker.of(List.of(A, B), t.everActive()).rate(), 0);
  }

  @Test
  void refusesAMaskOfAnUnknownTensor() {
    ItopTracker t = ItopTracker.of(List.of(A), MaskSet.empty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.record(MaskSet.of(Map.of("b.weight", Mask.dense(2)))));
    assertEquals(true, e.getMessage().contains("mask for 'b.weight'"), e.getMessage());
  }
}
