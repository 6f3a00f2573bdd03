package dev.sparse4j.prune.dst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.SplitMix64;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The selections on hand-made arrays whose answers are read off by eye. */
class DropGrowTest {
  // keep positions 0, 2, 3, 5, 6 of 8
  private static final Mask MASK = Mask.ofBooleans(new int[] {2, 4},
      new boolean[] {true, false, true, true, false, true, true, false});

  @Test
  void countRoundsHalfUp() {
    assertEquals(0, DropGrow.count(0.3, 1));   // 0.3 → 0
    assertEquals(3, DropGrow.count(0.25, 10)); // 2.5 → 3 (half up)
    assertEquals(2, DropGrow.count(0.15, 10)); // 1.5 → 2
    assertEquals(30, DropGrow.count(0.3, 100));
  }

  @Test
  void dropsTheSmallestMagnitudesTiesToTheLowerIndex() {
    float[] w = {-0.5f, 0, 0.2f, -0.1f, 0, 0.1f, -0.0f, 0};
    // active: 0 (0.5), 2 (0.2), 3 (0.1), 5 (0.1), 6 (-0.0 = 0.0)
    assertArrayEquals(new int[] {6}, DropGrow.smallestActive(w, MASK, 1));
    assertArrayEquals(new int[] {3, 6}, DropGrow.smallestActive(w, MASK, 2)); // 3 before 5 on the tie
    assertArrayEquals(new int[] {2, 3, 5, 6}, DropGrow.smallestActive(w, MASK, 4));
  }

  @Test
  void growsTheLargestMagnitudesAmongInactiveAndJustDropped() {
    float[] g = {9, -0.3f, 8, 7, 0.3f, 6, 5, -0.1f};
    // inactive: 1 (0.3), 4 (0.3), 7 (0.1); just dropped 6 (5.0)
    assertArrayEquals(new int[] {6}, DropGrow.largestInactive(g, MASK, new int[] {6}, 1));
    assertArrayEquals(new int[] {1, 6}, DropGrow.largestInactive(g, MASK, new int[] {6}, 2)); // 1 before 4
    assertArrayEquals(new int[] {1, 4}, DropGrow.largestInactive(g, MASK, new int[0], 2));
  }

  @Test
  void uniformDrawIsAPartialFisherYatesOverInactivePositions() {
    SplitMix64 a = SplitMix64.forStream(7, "dst/set/100/fc1.weight");
    int[] grown = DropGrow.uniformInactive(MASK, 2, a);
    // inactive in index order: [1, 4, 7]; the same draws by hand:
    SplitMix64 b = SplitMix64.forStream(7, "dst/set/100/fc1.weight");
    int[] c = {1, 4, 7};
    for (int j = 0; j < 2; j++) {
      int s = j + b.nextInt(3 - j);
      int t = c[j];
      c[j] = c[s];
      c[s] = t;
    }
    int[] expected = Arrays.copyOf(c, 2);
    Arrays.sort(expected);
    assertArrayEquals(expected, grown);
    for (int p : grown) {
      assertTrue(!MASK.isKept(p), "grows only pruned positions");
    }
  }

  @Test
  void differentStreamsDrawDifferently() {
    Mask sparse = Mask.ofBooleans(new int[] {100}, new boolean[100]);
    int[] a = DropGrow.uniformInactive(sparse, 10, SplitMix64.forStream(1, "dst/set/1/w"));
    int[] b = DropGrow.uniformInactive(sparse, 10, SplitMix64.forStream(1, "dst/set/2/w"));
    assertNotEquals(Arrays.toString(a), Arrays.toString(b));
  }

  @Test
  void refusesNaNAndImpossibleCounts() {
    float[] w = {Float.NaN, 0, 0, 0, 0, 0, 0, 0};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DropGrow.smallestActive(w, MASK, 1));
    assertTrue(e.getMessage().contains("weight at position 0 is NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DropGrow.smallestActive(new float[8], MASK, 6));
    assertTrue(e.getMessage().contains("cannot select 6 of 5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DropGrow.uniformInactive(MASK, 4, new SplitMix64(1)));
    assertTrue(e.getMessage().contains("cannot draw 4 of 3"), e.getMessage());
  }

  @Test
  void quickselectPicksTheSameSetAsASort() {
    SplitMix64 r = new SplitMix64(3);
    for (int n : new int[] {1, 2, 3, 17, 1000, 50_000}) {
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        // few distinct magnitudes (many ties broken by index), as in a layer of zero-initialised grown weights
        keys[i] = (long) r.nextInt(7) << 32 | i;
      }
      long[] sorted = keys.clone();
      Arrays.sort(sorted);
      for (int k : new int[] {1, n / 3 + 1, n}) {
        long[] a = keys.clone();
        DropGrow.selectSmallest(a, n, k);
        long[] picked = Arrays.copyOf(a, k);
        Arrays.sort(picked);
        assertArrayEquals(Arrays.copyOf(sorted, k), picked, "n=" + n + " k=" + k);
      }
    }
    long[] ascending = new long[100_000];
    for (int i = 0; i < ascending.length; i++) {
      ascending[i] = i;
    }
    long[] a = ascending.clone();
    DropGrow.selectSmallest(a, a.length, 10);
    long[] picked = Arrays.copyOf(a, 10);
    Arrays.sort(picked);
    assertArrayEquals(Arrays.copyOf(ascending, 10), picked);
  }

  @Test
  void keptEntrySelectionsAreTheBitmapSelections() {
    java.util.Random random = new java.util.Random(11);
    for (int trial = 0; trial < 30; trial++) {
      int rows = 1 + random.nextInt(20);
      int cols = 1 + random.nextInt(40);
      boolean[] keep = new boolean[rows * cols];
      float[] weights = new float[keep.length];
      for (int i = 0; i < keep.length; i++) {
        keep[i] = random.nextInt(4) == 0;
        // Few distinct magnitudes, so ties decide often.
        weights[i] = keep[i] ? (random.nextInt(5) - 2) * 0.5f : 0f;
      }
      dev.sparse4j.api.Mask mask = dev.sparse4j.api.Mask.ofBooleans(new int[] {rows, cols}, keep);
      dev.sparse4j.api.KeptMask kept = dev.sparse4j.api.KeptMask.of(mask);
      int k = kept.kept() / 3;
      int[] dense = DropGrow.smallestActive(weights, mask, k);
      int[] entries = DropGrow.smallestKept(kept.gather(weights), kept, k);
      int[] positions = new int[entries.length];
      for (int j = 0; j < entries.length; j++) {
        int e = entries[j];
        int r = 0;
        while (kept.rowStart(r + 1) <= e) {
          r++;
        }
        positions[j] = r * cols + kept.column(e);
      }
      org.junit.jupiter.api.Assertions.assertArrayEquals(dense, positions, "drops, trial " + trial);
      int grow = Math.min(k + 1, keep.length - kept.kept());
      int[] bitmap = DropGrow.uniformInactive(mask, grow, dev.sparse4j.api.SplitMix64.forStream(trial, "g"));
      long[] virtual = DropGrow.uniformInactive(kept, grow, dev.sparse4j.api.SplitMix64.forStream(trial, "g"));
      org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.stream(bitmap).asLongStream().toArray(),
          virtual, "grows, trial " + trial);
    }
  }

  @Test
  void growsOnALayerOfTenBillionPositionsAreDistinctAndPruned() {
    dev.sparse4j.api.ParamSpec huge = dev.sparse4j.api.ParamSpec.of("fc2.weight", dev.sparse4j.api.ParamKind.WEIGHT,
        100_000, 100_000);
    dev.sparse4j.api.KeptMask mask = dev.sparse4j.prune.RandomPruner.exactKeptMask(huge, 50_000, 1);
    long[] grown = DropGrow.uniformInactive(mask, 20_000, dev.sparse4j.api.SplitMix64.forStream(1, "set"));
    assertEquals(20_000, java.util.Arrays.stream(grown).distinct().count());
    for (long p : grown) {
      org.junit.jupiter.api.Assertions.assertFalse(mask.isKept((int) (p / 100_000), (int) (p % 100_000)), "" + p);
    }
    dev.sparse4j.api.KeptMask next = mask.replace(java.util.stream.IntStream.range(0, 20_000).toArray(), grown);
    assertEquals(50_000, next.kept());
  }
}
