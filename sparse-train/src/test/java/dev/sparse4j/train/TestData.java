package dev.sparse4j.train;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.data.Dataset;
import dev.sparse4j.tck.LinearSoftmaxModel;
import java.util.SplittableRandom;

/** Small generated data sets and masks for the training tests. */
final class TestData {
  private TestData() {}

  /**
   * {@code n} linearly separable images of shape {@code [1, 4, 4]} in {@code classes ≤ 4} classes: class {@code c}
   * lights up quadrant {@code c} (values near 0.9) over a dim background (near 0.1), with uniform noise ±0.1.
   */
  static Dataset quadrants(String name, int n, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] pixels = new float[n * 16];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % classes;
      labels[i] = c;
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          int quadrant = (y / 2) * 2 + (x / 2);
          double v = (quadrant == c ? 0.9 : 0.1) + (r.nextDouble() * 0.2 - 0.1);
          pixels[i * 16 + y * 4 + x] = (float) v;
        }
      }
    }
    return new Dataset(name, pixels, labels, new int[] {1, 4, 4}, classes);
  }

  /** A mask over {@code fc.weight [classes, 16]} keeping every position whose index is even. */
  static MaskSet halfMask(int classes) {
    boolean[] keep = new boolean[classes * 16];
    for (int i = 0; i < keep.length; i += 2) {
      keep[i] = true;
    }
    return MaskSet.of(java.util.Map.of(LinearSoftmaxModel.WEIGHT, Mask.ofBooleans(new int[] {classes, 16}, keep)));
  }

  /** A fresh reference model for the quadrant data, with {@link #halfMask(int)} installed. */
  static LinearSoftmaxModel maskedModel(int classes, long initSeed) {
    LinearSoftmaxModel m = new LinearSoftmaxModel(new int[] {1, 4, 4}, classes, initSeed);
    m.applyMasks(halfMask(classes));
    return m;
  }
}
