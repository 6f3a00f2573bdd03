package dev.sparse4j.backend.sparse.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Mask;
import org.junit.jupiter.api.Test;

/** The compressed rows of a weight, by hand on a 3 × 4 mask. */
class KeptIndexTest {
  // Row 0 keeps columns 1 and 3, row 1 nothing, row 2 columns 0, 1 and 3.
  private static final boolean[] KEEP = {
    false, true, false, true,
    false, false, false, false,
    true, true, false, true};

  private static KeptIndex index() {
    return KeptIndex.of(Mask.ofBooleans(new int[] {3, 4}, KEEP), 3, 4);
  }

  @Test
  void rowsListTheirKeptColumnsInOrder() {
    KeptIndex idx = index();
    assertEquals(5, idx.kept());
    assertFalse(idx.isFull());
    assertArrayEquals(new int[] {0, 2, 2, 5}, idx.start());
    assertArrayEquals(new int[] {1, 3, 0, 1, 3}, idx.cols());
  }

  @Test
  void theColumnViewGroupsEntriesByColumnWithRowsAscending() {
    KeptIndex idx = index();
    // column 0: entry 2 (row 2); column 1: entries 0 (row 0), 3 (row 2); column 2: none; column 3: 1 (row 0), 4.
    assertArrayEquals(new int[] {0, 1, 3, 3, 5}, idx.colStart());
    assertArrayEquals(new int[] {2, 0, 3, 1, 4}, idx.colEntries());
    assertArrayEquals(new int[] {2, 0, 2, 0, 2}, idx.colRows());
  }

  @Test
  void expandAndGatherAreInverseOnKeptEntries() {
    KeptIndex idx = index();
    float[] kept = {1, 2, 3, 4, 5};
    float[] dense = idx.expand(kept);
    assertArrayEquals(new float[] {0, 1, 0, 2, 0, 0, 0, 0, 3, 4, 0, 5}, dense);
    dense[0] = 9; // a pruned position: not read back
    assertArrayEquals(kept, idx.gather(dense));
  }

  @Test
  void aFullIndexKeepsEverything() {
    KeptIndex full = KeptIndex.full(2, 3);
    assertTrue(full.isFull());
    assertArrayEquals(new int[] {0, 3, 6}, full.start());
    assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, full.cols());
  }

  @Test
  void aMaskOfAnotherSizeIsRefused() {
    Mask mask = Mask.dense(3, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeptIndex.of(mask, 4, 4));
    assertTrue(e.getMessage().contains("12 entries") && e.getMessage().contains("4 rows of 4"), e.getMessage());
  }

  @Test
  void retargetingCarriesValuesAndOptimizerStateOfEntriesKeptBeforeAndAfter() {
    ParamTensor p = new ParamTensor("w", new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3);
    p.resetSlots(java.util.List.of(".momentum"));
    p.slot(".momentum")[1] = 0.5f; // entry (0, 1)
    p.retarget(index());
    assertArrayEquals(new float[] {2, 4, 9, 10, 12}, p.values());
    assertArrayEquals(new float[] {0.5f, 0, 0, 0, 0}, p.slot(".momentum"));
    p.retarget(KeptIndex.full(3, 4)); // pruned entries come back at 0
    assertArrayEquals(new float[] {0, 2, 0, 4, 0, 0, 0, 0, 9, 10, 0, 12}, p.values());
  }
}
