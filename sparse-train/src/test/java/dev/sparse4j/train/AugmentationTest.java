package dev.sparse4j.train;

import static dev.sparse4j.train.LearningRateScheduleTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmentationTest {

  @Test
  void flipReversesEveryRowOfEveryChannel() {
    // [C=2, H=2, W=3]
    float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    Augmentation.flipHorizontal(img, 0, 2, 2, 3);
    assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, img);
  }

  @Test
  void flipRespectsOffset() {
    float[] batch = {9, 9, 1, 2, 3, 4};
    Augmentation.flipHorizontal(batch, 2, 1, 2, 2);
    assertArrayEquals(new float[] {9, 9, 2, 1, 4, 3}, batch);
  }

  @Test
  void cropAtCentreIsIdentityAndCornersShiftInZeros() {
    // [1, 3, 3], padding 1.
    float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] out = new float[9];
    Augmentation.crop(img, 0, 1, 3, 3, 1, 1, 1, out, 0);
    assertArrayEquals(img, out);
    // Top-left window of the padded image: content moves down-right, a zero row and column come in.
    Augmentation.crop(img, 0, 1, 3, 3, 1, 0, 0, out, 0);
    assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 0, 4, 5}, out);
    // Bottom-right window: content moves up-left.
    Augmentation.crop(img, 0, 1, 3, 3, 1, 2, 2, out, 0);
    assertArrayEquals(new float[] {5, 6, 0, 8, 9, 0, 0, 0, 0}, out);
    // dy = 0, dx = 2 with padding 2: down by 2, unchanged columns.
    float[] out2 = new float[9];
    Augmentation.crop(img, 0, 1, 3, 3, 2, 0, 2, out2, 0);
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1, 2, 3}, out2);
    assertMessage("crop offsets (3, 0) must lie in [0, 2]", () -> Augmentation.crop(img, 0, 1, 3, 3, 1, 3, 0, out, 0));
  }

  @Test
  void applyKeepsShapeIsDeterministicAndVaries() {
    int per = 3 * 8 * 8;
    float[] batch = new float[10 * per];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = (i % 97) / 97f;
    }
    Augmentation aug = new Augmentation(true, 2, new int[] {3, 8, 8});
    float[] a = batch.clone();
    float[] b = batch.clone();
    float[] c = batch.clone();
    aug.apply(a, 10, 5, 0, 0);
    aug.apply(b, 10, 5, 0, 0);
    aug.apply(c, 10, 5, 0, 1);
    assertEquals(batch.length, a.length);
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
    assertFalse(Arrays.equals(a, batch));
    for (float v : a) {
      assertTrue(v >= 0 && v <= 1);
    }
  }

  @Test
  void applyOnlyTouchesTheFirstCountExamples() {
    float[] batch = new float[3 * 4];
    Arrays.fill(batch, 1f);
    new Augmentation(false, 1, new int[] {1, 2, 2}).apply(batch, 1, 0, 0, 0);
    for (int i = 4; i < 12; i++) {
      assertEquals(1f, batch[i]);
    }
  }

  @Test
  void flipOnlyFlipsAboutHalfTheExamples() {
    int n = 2000;
    float[] batch = new float[n * 2];
    for (int i = 0; i < n; i++) {
      batch[2 * i] = 0;
      batch[2 * i + 1] = 1;
    }
    new Augmentation(true, 0, new int[] {1, 1, 2}).apply(batch, n, 11, 3, 4);
    int flipped = 0;
    for (int i = 0; i < n; i++) {
      if (batch[2 * i] == 1) {
        flipped++;
      }
    }
    assertTrue(flipped > 900 && flipped < 1100, "flipped " + flipped);
  }

  @Test
  void flatExamplesAreRejected() {
    assertMessage("need [C, H, W] image examples, but the examples have shape [784]",
        () -> new Augmentation(true, 0, new int[] {784}));
  }
}
