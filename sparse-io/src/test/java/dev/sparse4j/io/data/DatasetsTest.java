package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatasetsTest {
  @Test
  void perChannelMeanAndPopulationStd() {
    // Two examples of shape [2, 1, 2]: channel 0 holds 0, 1 | 1, 0 ; channel 1 holds 0.5, 0.5 | 0.25, 0.75.
    float[] px = {0f, 1f, 0.5f, 0.5f, 1f, 0f, 0.25f, 0.75f};
    Dataset d = new Dataset("toy", px, new int[] {0, 1}, new int[] {2, 1, 2}, 2);
    assertArrayEquals(new double[] {0.5, 0.5}, Datasets.channelMean(d), 1e-12);
    // channel 0: deviations ±0.5 → std 0.5; channel 1: 0, 0, -0.25, 0.25 → sqrt(0.125 / 4).
    assertArrayEquals(new double[] {0.5, Math.sqrt(0.03125)}, Datasets.channelStd(d), 1e-12);
    assertArrayEquals(new int[] {1, 1}, Datasets.classCounts(d));
  }

  @Test
  void emptyDatasetHasNoStatistics() {
    Dataset d = new Dataset("empty", new float[0], new int[0], new int[] {1, 2, 2}, 2);
    assertThrows(IllegalArgumentException.class, () -> Datasets.channelMean(d));
    assertEquals(2, Datasets.classCounts(d).length);
  }
}
