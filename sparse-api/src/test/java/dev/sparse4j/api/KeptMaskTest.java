package dev.sparse4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kept-entry masks against hand-made compressed rows, and tensors too large for a bitmap. */
class KeptMaskTest {
  // Row 0 keeps columns 1, 3; row 1 nothing; row 2 keeps column 0 (a 3 × 4 weight).
  private static final boolean[] BITS = {
      false, true, false, true,
      false, false, false, false,
      true, false, false, false};

  @Test
  void bitmapsBecomeCompressedRowsAndBack() {
    Mask bitmap = Mask.ofBooleans(new int[] {3, 4}, BITS);
    KeptMask kept = KeptMask.of(bitmap);
    assertArrayEquals(new int[] {0, 2, 2, 3}, kept.rowStarts());
    assertArrayEquals(new int[] {1, 3, 0}, kept.columns());
    assertEquals(3, kept.kept());
    assertEquals(12, kept.size());
    assertEquals(0.25, kept.density());
    assertTrue(kept.isKept(0, 3));
    assertFalse(kept.isKept(1, 3));
    assertEquals(bitmap, kept.toMask());
    assertEquals(KeptMask.of(new int[] {3, 4}, new int[] {0, 2, 2, 3}, new int[] {1, 3, 0}), kept);
    float[] dense = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    assertArrayEquals(new float[] {1, 3, 8}, kept.gather(dense));
    assertArrayEquals(new float[] {0, 1, 0, 3, 0, 0, 0, 0, 8, 0, 0, 0}, kept.expand(new float[] {1, 3, 8}));
    assertThrows(IllegalArgumentException.class, () -> kept.expand(new float[2]));
  }

  @Test
  void aConvolutionIsItsFiltersTimesTheirTaps() {
    KeptMask full = KeptMask.dense(2, 3, 3, 3);
    assertEquals(2, full.rows());
    assertEquals(27, full.cols());
    assertEquals(54, full.kept());
    assertArrayEquals(new int[] {2, 3, 3, 3}, full.shape());
    assertEquals(Mask.dense(2, 3, 3, 3), full.toMask());
  }

  @Test
  void aLayerTooLargeForABitmapIsHeldByItsEntries() {
    int[] shape = {100_000, 100_000};
    int[] starts = new int[100_001];
    for (int r = 1; r <= 100_000; r++) {
      starts[r] = r == 100_000 ? 2 : (r > 7 ? 1 : 0);
    }
    KeptMask m = KeptMask.of(shape, starts, new int[] {99_999, 5});
    assertEquals(10_000_000_000L, m.size());
    assertEquals(2, m.kept());
    assertTrue(m.isKept(7, 99_999));
    assertTrue(m.isKept(99_999, 5));
    IllegalStateException e = assertThrows(IllegalStateException.class, m::toMask);
    assertTrue(e.getMessage().contains("10,000,000,000 positions"), e.getMessage());
    KeptMaskSet set = KeptMaskSet.of(Map.of("fc2.weight", m));
    assertEquals(10_000_000_000L, set.numel());
    assertEquals(2, set.kept("fc2.weight"));
    assertThrows(IllegalStateException.class, set::toMaskSet);
  }

  @Test
  void badRowsAreRefusedWithWhatIsWrong() {
    int[] shape = {2, 3};
    assertMessage("needs 3 row offsets", () -> KeptMask.of(shape, new int[] {0, 1}, new int[] {0}));
    assertMessage("from 0 to the column count 1", () -> KeptMask.of(shape, new int[] {0, 1, 2}, new int[] {0}));
    assertMessage("ascend within a row", () -> KeptMask.of(shape, new int[] {0, 2, 2}, new int[] {2, 1}));
    assertMessage("lie in [0, 3)", () -> KeptMask.of(shape, new int[] {0, 1, 1}, new int[] {3}));
    assertMessage("decrease at row 0", () -> KeptMask.of(shape, new int[] {0, -1, 0}, new int[0]));
    assertMessage("rank ≥ 2", () -> KeptMask.of(new int[] {4}, new int[] {0, 0, 0, 0, 0}, new int[0]));
  }

  @Test
  void setsCountLikeBitmapSets() {
    Map<String, Mask> bitmaps = new LinkedHashMap<>();
    bitmaps.put("a.weight", Mask.ofBooleans(new int[] {3, 4}, BITS));
    bitmaps.put("b.weight", Mask.dense(2, 2));
    MaskSet masks = MaskSet.of(bitmaps);
    KeptMaskSet kept = KeptMaskSet.of(masks);
    assertEquals(masks.kept(), kept.kept());
    assertEquals(masks.numel(), kept.numel());
    assertEquals(masks.densities(), kept.densities());
    assertEquals(masks.kept("a.weight"), kept.kept("a.weight"));
    assertEquals(masks, kept.toMaskSet());
    assertMessage("masked parameters: [a.weight, b.weight]", () -> kept.get("c.weight"));
  }

  @Test
  void parameterSpecsBeyondOneArrayCountAsLongs() {
    ParamSpec huge = ParamSpec.of("fc2.weight", ParamKind.WEIGHT, 100_000, 100_000);
    assertEquals(10_000_000_000L, huge.size());
    assertFalse(huge.fitsDense());
    IllegalStateException e = assertThrows(IllegalStateException.class, huge::numel);
    assertTrue(e.getMessage().contains("--kept-entries"), e.getMessage());
    assertEquals(6_000_000, new LayerDensity(huge, 0.0006).keptCount());
    assertThrows(IllegalStateException.class, () -> new LayerDensity(huge, 0.5).keptCount());
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void unionReplaceAndPrunedPositionsAgreeWithBitmapsOnRandomMasks() {
    java.util.Random random = new java.util.Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int rows = 1 + random.nextInt(6);
      int cols = 1 + random.nextInt(9);
      boolean[] a = new boolean[rows * cols];
      boolean[] b = new boolean[rows * cols];
      for (int i = 0; i < a.length; i++) {
        a[i] = random.nextInt(3) == 0;
        b[i] = random.nextInt(2) == 0;
      }
      KeptMask ka = KeptMask.of(Mask.ofBooleans(new int[] {rows, cols}, a));
      KeptMask kb = KeptMask.of(Mask.ofBooleans(new int[] {rows, cols}, b));
      boolean[] or = new boolean[a.length];
      for (int i = 0; i < a.length; i++) {
        or[i] = a[i] || b[i];
      }
      assertEquals(Mask.ofBooleans(new int[] {rows, cols}, or), ka.union(kb).toMask(), "union, trial " + trial);
      // The j-th pruned position, counted by hand.
      int j = 0;
      for (int i = 0; i < a.length; i++) {
        if (!a[i]) {
          assertEquals(i, ka.prunedPosition(j++), "pruned position " + (j - 1) + ", trial " + trial);
        }
      }
      // Drop every second kept entry, grow every third pruned position.
      boolean[] next = a.clone();
      java.util.List<Integer> dropped = new java.util.ArrayList<>();
      java.util.List<Long> grown = new java.util.ArrayList<>();
      for (int i = 0, entry = 0, pruned = 0; i < a.length; i++) {
        if (a[i] && entry++ % 2 == 0) {
          dropped.add(entry - 1);
          next[i] = false;
        } else if (!a[i] && pruned++ % 3 == 0) {
          grown.add((long) i);
          next[i] = true;
        }
      }
      KeptMask replaced = ka.replace(dropped.stream().mapToInt(Integer::intValue).toArray(),
          grown.stream().mapToLong(Long::longValue).toArray());
      assertEquals(Mask.ofBooleans(new int[] {rows, cols}, next), replaced.toMask(), "replace, trial " + trial);
    }
    KeptMask m = KeptMask.of(Mask.ofBooleans(new int[] {3, 4}, BITS));
    assertMessage("already kept", () -> m.replace(new int[0], new long[] {1}));
    assertMessage("must ascend", () -> m.replace(new int[] {1, 0}, new long[] {0, 2}));
    assertThrows(IndexOutOfBoundsException.class, () -> m.prunedPosition(9));
  }
}
