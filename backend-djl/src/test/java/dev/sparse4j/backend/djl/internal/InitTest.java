package dev.sparse4j.backend.djl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.Relu;
import org.junit.jupiter.api.Test;

class InitTest {

  @Test
  void fnvAndSplitMixMatchPublishedValues() {
    // FNV-1a 64: offset basis for "", and the published value for "a".
    assertEquals(0xcbf29ce484222325L, Init.fnv1a64(""));
    assertEquals(0xaf63dc4c8601ec8cL, Init.fnv1a64("a"));
    // SplitMix64 from state 0: first output 0xE220A8397B1DCDAF (Vigna's reference implementation).
    assertEquals(0xE220A8397B1DCDAFL, Init.mix64(0x9E3779B97F4A7C15L));
  }

  @Test
  void streamsDependOnSeedAndName() {
    Conv2d conv = new Conv2d("c", 3, 8, 3, 1, 1, false);
    ParamSpec w = ParamSpec.of("c.weight", ParamKind.WEIGHT, 8, 3, 3, 3);
    ParamSpec other = ParamSpec.of("d.weight", ParamKind.WEIGHT, 8, 3, 3, 3);
    assertArrayEquals(Init.values(conv, w, 1), Init.values(conv, w, 1));
    assertFalse(java.util.Arrays.equals(Init.values(conv, w, 1), Init.values(conv, w, 2)));
    assertFalse(java.util.Arrays.equals(Init.values(conv, w, 1), Init.values(conv, other, 1)));
  }

  @Test
  void convBiasAndLinearUseTheFanInBound() {
    Conv2d conv = new Conv2d("c", 4, 2, 3, 1, 1, true);
    double convBound = 1 / Math.sqrt(4 * 9);
    for (float v : Init.values(conv, ParamSpec.of("c.bias", ParamKind.BIAS, 2), 5)) {
      assertTrue(Math.abs(v) <= convBound);
    }
    Linear fc = new Linear("fc", 400, 10, true);
    float[] w = Init.values(fc, ParamSpec.of("fc.weight", ParamKind.WEIGHT, 10, 400), 5);
    double max = 0;
    for (float v : w) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= 0.05 && max > 0.049, "max |w| " + max + " should approach 1/sqrt(400)");
  }

  @Test
  void refusesLayersWithoutParameters() {
    assertThrows(IllegalArgumentException.class,
        () -> Init.values(new Relu("r"), ParamSpec.of("r.weight", ParamKind.OTHER, 1), 0));
  }
}
