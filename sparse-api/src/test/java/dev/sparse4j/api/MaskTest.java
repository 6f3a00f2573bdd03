package dev.sparse4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The word-wise conversions against the position-by-position definition, on masks with empty, full and mixed words. */
class MaskTest {
  /** 200 positions: word 0 empty, word 1 full, word 2 every third position, word 3 the 8-position tail. */
  private static boolean[] flags() {
    boolean[] keep = new boolean[200];
    for (int i = 64; i < 128; i++) {
      keep[i] = true;
    }
    for (int i = 128; i < 192; i += 3) {
      keep[i] = true;
    }
    keep[193] = true;
    keep[199] = true;
    return keep;
  }

  @Test
  void conversionsAgreeWithTheFlags() {
    boolean[] keep = flags();
    Mask m = Mask.ofBooleans(new int[] {10, 20}, keep);
    assertArrayEquals(keep, m.toBooleans());
    float[] f = m.toFloats();
    float[] values = new float[200];
    for (int i = 0; i < 200; i++) {
      assertEquals(keep[i], m.isKept(i), "isKept " + i);
      assertEquals(keep[i] ? 1f : 0f, f[i], "toFloats " + i);
      values[i] = i + 1;
    }
    m.apply(values);
    for (int i = 0; i < 200; i++) {
      assertEquals(keep[i] ? i + 1 : 0f, values[i], "apply " + i);
    }
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    assertEquals(kept, m.kept());
  }

  @Test
  void applyRefusesAnArrayOfTheWrongLength() {
    Mask m = Mask.dense(3, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.apply(new float[8]));
    assertTrue(e.getMessage().contains("mask has 9 positions but the array has 8 values"), e.getMessage());
  }
}
