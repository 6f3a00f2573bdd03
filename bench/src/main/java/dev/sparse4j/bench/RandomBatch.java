package dev.sparse4j.bench;

import java.util.SplittableRandom;

/**
 * One batch of seeded random pixels in [0, 1) and labels, the input every step benchmark trains on.
 *
 * @param inputs {@code batch × exampleSize} values
 * @param labels {@code batch} class indices
 */
record RandomBatch(float[] inputs, int[] labels) {

  /** {@code batch} examples of {@code exampleSize} values and labels in {@code [0, classes)}, from {@code seed}. */
  static RandomBatch of(int exampleSize, int batch, int classes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[batch * exampleSize];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = rng.nextInt(classes);
    }
    return new RandomBatch(x, y);
  }
}
