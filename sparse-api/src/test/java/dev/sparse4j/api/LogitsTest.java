package dev.sparse4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Hand-computed cases of the one arg-max rule (that of {@code torch.argmax}: NaN is the maximum, first wins). */
class LogitsTest {
  private static final float NAN = Float.NaN;
  private static final float INF = Float.POSITIVE_INFINITY;

  private static int argmax(float... row) {
    return Logits.argmax(row, 0, row.length);
  }

  @Test
  void largestLogitWins() {
    assertEquals(2, argmax(0.1f, -3f, 7f, 6.9f));
    assertEquals(0, argmax(5f));
    assertEquals(1, argmax(-2f, -1f, -3f));
  }

  @Test
  void tiesGoToTheFirstIndex() {
    assertEquals(0, argmax(1f, 1f, 1f));
    assertEquals(1, argmax(0f, 3f, 3f, 2f));
    assertEquals(0, argmax(0f, -0f), "0.0 and -0.0 tie");
    assertEquals(0, argmax(-0f, 0f), "-0.0 and 0.0 tie");
  }

  @Test
  void nanIsTheMaximumAndTheFirstNanWins() {
    assertEquals(0, argmax(NAN, 1f, 2f), "NaN first");
    assertEquals(1, argmax(5f, NAN, 9f), "NaN in the middle beats a larger number after it");
    assertEquals(2, argmax(5f, 9f, NAN), "NaN last");
    assertEquals(1, argmax(INF, NAN, NAN), "NaN beats +Inf; the first NaN wins");
    assertEquals(0, argmax(NAN, NAN, NAN), "all NaN");
  }

  @Test
  void infinitiesCompareAsNumbers() {
    assertEquals(1, argmax(3f, INF, 4f));
    assertEquals(0, argmax(INF, INF));
    assertEquals(2, argmax(-INF, -INF, -1e30f));
    assertEquals(0, argmax(-INF, -INF, -INF), "all -Inf");
    assertEquals(1, argmax(-INF, Float.MAX_VALUE, -INF));
  }

  @Test
  void rowsAreRowMajor() {
    float[] z = {
        1f, 2f, 0f, // row 0 → 1
        9f, 2f, 9f, // row 1 → 0 (tie)
        0f, NAN, 5f, // row 2 → 1 (NaN)
    };
    assertEquals(1, Logits.argmax(z, 0, 3));
    assertEquals(0, Logits.argmax(z, 1, 3));
    assertEquals(1, Logits.argmax(z, 2, 3));
  }

  @Test
  void correctCountsTheRowsThatPredictTheirLabel() {
    float[] z = {1f, 2f, 0f, 9f, 2f, 9f, 0f, NAN, 5f};
    assertEquals(3, Logits.correct(z, 3, new int[] {1, 0, 1}, 3));
    assertEquals(1, Logits.correct(z, 3, new int[] {1, 2, 2}, 3));
    assertEquals(2, Logits.correct(z, 3, new int[] {1, 0, 0, 7}, 2), "only the first rows are counted");
    assertEquals(0, Logits.correct(z, 3, new int[0], 0));
  }

  @Test
  void badArgumentsAreRejected() {
    float[] z = {1f, 2f, 3f, 4f};
    assertThrows(IllegalArgumentException.class, () -> Logits.argmax(z, 2, 2), "row past the end");
    assertThrows(IllegalArgumentException.class, () -> Logits.argmax(z, -1, 2));
    assertThrows(IllegalArgumentException.class, () -> Logits.argmax(z, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Logits.argmax(z, 0, 5));
    assertThrows(IllegalArgumentException.class, () -> Logits.correct(z, 2, new int[] {0}, 2), "too few labels");
    assertThrows(IllegalArgumentException.class, () -> Logits.correct(z, 2, new int[] {0, 0, 0}, 3), "too few rows");
  }
}
