package dev.sparse4j.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {
  /** Three 1×2×2 examples with byte values 0, 1, …, 254, 255 spread over them. */
  private static Dataset bytes() {
    byte[] px = {0, 1, 2, 3, (byte) 127, (byte) 128, (byte) 200, (byte) 255, 10, 20, 30, 40};
    return Dataset.ofUint8("b", px, new int[] {0, 1, 2}, new int[] {1, 2, 2}, 3);
  }

  @Test
  void bytesReadAsByteOver255AsAnEightBitReaderWritesThem() {
    Dataset d = bytes();
    assertTrue(d.isUint8());
    float[] all = d.pixels();
    float[] expected = {0f, 1 / 255f, 2 / 255f, 3 / 255f, 127 / 255f, 128 / 255f, 200 / 255f, 1f, 10 / 255f,
        20 / 255f, 30 / 255f, 40 / 255f};
    assertArrayEquals(expected, all);
    assertEquals(200 / 255f, d.pixel(6));
    assertArrayEquals(new float[] {127 / 255f, 128 / 255f, 200 / 255f, 1f}, d.pixels(1, 1));
  }

  @Test
  void bytesAndFloatsGiveTheSameBatches() {
    Dataset b = bytes();
    Dataset f = new Dataset("f", b.pixels(), b.labels().clone(), b.shape(), 3);
    assertFalse(f.isUint8());
    int[] idx = {2, 0};
    float[] ob = new float[8];
    float[] of = new float[8];
    int[] lb = new int[2];
    int[] lf = new int[2];
    b.gather(idx, 0, 2, ob, lb);
    f.gather(idx, 0, 2, of, lf);
    assertArrayEquals(of, ob);
    assertArrayEquals(new int[] {2, 0}, lb);
    assertArrayEquals(f.pixels(1, 2), b.pixels(1, 2));
  }

  @Test
  void aFloatSetHandsOutItsOwnArrayAndHeadKeepsTheStorage() {
    float[] px = new float[8];
    Dataset f = new Dataset("f", px, new int[] {0, 1}, new int[] {1, 2, 2}, 2);
    assertSame(px, f.pixels());
    Dataset h = bytes().head(2);
    assertTrue(h.isUint8());
    assertEquals(2, h.size());
    assertArrayEquals(bytes().pixels(0, 2), h.pixels());
    assertEquals(1, f.head(1).size());
  }

  @Test
  void badInputsSayWhatIsWrong() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> Dataset.ofUint8("x", new byte[7], new int[] {0, 0}, new int[] {1, 2, 2}, 1));
    assertEquals("dataset x: 2 labels × 4 values per example ≠ 7 pixel values", size.getMessage());
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> Dataset.ofUint8("x", new byte[4], new int[] {3}, new int[] {1, 2, 2}, 3));
    assertEquals("dataset x: label 3 of example 0 is outside [0, 3)", label.getMessage());
    IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
        () -> new Dataset("x", new float[0], new int[0], new int[] {1, 0, 2}, 3));
    assertTrue(dim.getMessage().contains("non-positive dimension"), dim.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> bytes().pixels(2, 2));
  }
}
