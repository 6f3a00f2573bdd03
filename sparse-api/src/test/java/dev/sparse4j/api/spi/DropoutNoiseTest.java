package dev.sparse4j.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.SplitMix64;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutNoiseTest {

  @Test
  void dropsWhereTheDocumentedStreamFallsBelowP() {
    float[] m = DropoutNoise.mask(42, "block.drop", 1000, 0.3);
    SplitMix64 r = SplitMix64.forStream(42, "block.drop");
    int dropped = 0;
    for (float v : m) {
      boolean drop = r.nextDouble() < 0.3;
      assertEquals(drop ? 0f : (float) (1 / 0.7), v, 0f);
      dropped += drop ? 1 : 0;
    }
    assertTrue(dropped > 240 && dropped < 360, "about 30 % dropped, got " + dropped);
  }

  @Test
  void aSeedAndPathGiveOneMaskAndOthersAnother() {
    assertArrayEquals(DropoutNoise.mask(1, "a", 64, 0.5), DropoutNoise.mask(1, "a", 64, 0.5));
    assertFalse(Arrays.equals(DropoutNoise.mask(1, "a", 64, 0.5), DropoutNoise.mask(2, "a", 64, 0.5)));
    assertFalse(Arrays.equals(DropoutNoise.mask(1, "a", 64, 0.5), DropoutNoise.mask(1, "b", 64, 0.5)));
  }

  @Test
  void zeroProbabilityKeepsEverythingAndBadArgumentsAreRejected() {
    float[] ones = new float[5];
    Arrays.fill(ones, 1f);
    assertArrayEquals(ones, DropoutNoise.mask(3, "d", 5, 0.0));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DropoutNoise.mask(3, "d", 5, 1.0)).getMessage()
        .contains("[0, 1)"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DropoutNoise.mask(3, "d", -1, 0.5)).getMessage()
        .contains("numel"));
  }
}
