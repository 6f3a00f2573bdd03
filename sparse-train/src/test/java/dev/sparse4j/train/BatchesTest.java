package dev.sparse4j.train;

import dev.sparse4j.api.data.Batches;
import dev.sparse4j.api.data.Dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparse4j.tck.LinearSoftmaxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

  @Test
  void batchesCoverEveryExampleOnceTheLastOneShorter() {
    List<String> seen = new ArrayList<>();
    Batches.forEach(7, 3, (from, count) -> seen.add(from + "+" + count));
    assertEquals(List.of("0+3", "3+3", "6+1"), seen);
    seen.clear();
    Batches.forEach(0, 3, (from, count) -> seen.add(from + "+" + count));
    assertEquals(List.of(), seen);
    assertEquals("batch size must be ≥ 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> Batches.forEach(5, 0, (f, c) -> { })).getMessage());
  }

  @Test
  void logitsInBatchesEqualOneCallOverTheFirstNExamples() {
    LinearSoftmaxModel model = new LinearSoftmaxModel(new int[] {4}, 3, 1);
    float[] x = new float[7 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i * 37 % 11) / 10f;
    }
    Dataset data = new Dataset("toy", x, new int[] {0, 1, 2, 0, 1, 2, 0}, new int[] {4}, 3);
    float[] all = model.logits(Arrays.copyOf(x, 5 * 4), 5);
    assertArrayEquals(all, Batches.logits(model, data, 5, 2));
    String tooMany = assertThrows(IllegalArgumentException.class, () -> Batches.logits(model, data, 8, 2))
        .getMessage();
    assertEquals("asked for the logits of 8 examples of 'toy', which has 7", tooMany);
  }
}
