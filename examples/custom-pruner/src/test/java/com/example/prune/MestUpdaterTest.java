package com.example.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.dst.TopologyUpdater.LayerChange;
import dev.sparse4j.prune.dst.TopologyUpdater.LayerState;
import dev.sparse4j.prune.dst.TopologyUpdater.UpdateContext;
import dev.sparse4j.prune.dst.TopologyUpdaters;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The updater on a hand-made layer, its option, and its registration. */
class MestUpdaterTest {
  // keep 0, 1, 2, 3 of 8
  private static final Mask MASK = Mask.ofBooleans(new int[] {2, 4},
      new boolean[] {true, true, true, true, false, false, false, false});
  private static final float[] W = {0.1f, 0.2f, 0.3f, 0.4f, 0, 0, 0, 0};
  private static final float[] G = {1.0f, 0.0f, 0.0f, 0.0f, 9, 9, 9, 9};

  private static LayerChange update(MestUpdater u) {
    ParamSpec p = ParamSpec.of("fc.weight", ParamKind.WEIGHT, 2, 4);
    return u.update(new LayerState(p, MASK, W, G, 2), new UpdateContext("mest", 100, 0.5, 7));
  }

  @Test
  void theGradientKeepsASmallWeightThatIsStillLearning() {
    // λ = 0: |w| drops 0 and 1; λ = 1: scores 1.1, 0.2, 0.3, 0.4 drop 1 and 2.
    assertArrayEquals(new int[] {0, 1}, update(new MestUpdater(0)).dropped());
    LayerChange c = update(new MestUpdater(1));
    assertArrayEquals(new int[] {1, 2}, c.dropped());
    assertEquals(2, c.grown().length);
    assertTrue(Arrays.stream(c.grown()).allMatch(i -> i >= 4), Arrays.toString(c.grown()));
  }

  @Test
  void itIsFoundByNameAndChecksItsOption() {
    TopologyUpdaters.get("mest");
    assertEquals("0.5", new MestUpdater().configure(Map.of("lambda", "0.5")).config().get("lambda"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MestUpdater().configure(Map.of("lambda", "-1")));
    assertTrue(e.getMessage().contains("must be ≥ 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MestUpdater().configure(Map.of("alpha", "1")));
    assertTrue(e.getMessage().contains("known options: lambda"), e.getMessage());
  }
}
