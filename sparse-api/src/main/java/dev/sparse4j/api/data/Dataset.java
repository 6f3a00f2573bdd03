package dev.sparse4j.api.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An in-memory labelled image set: {@code size} examples of shape {@code [C, H, W]}, pixels as floats in [0, 1]
 * stored row-major example after example, integer labels in {@code [0, numClasses)}.
 *
 * @param name where it came from, e.g. {@code fashion-mnist/train}
 * @param pixels {@code size · C · H · W} values in [0, 1]
 * @param labels {@code size} labels
 * @param shape per-example shape {@code [C, H, W]}
 * @param numClasses number of classes
 */
public record Dataset(String name, float[] pixels, int[] labels, int[] shape, int numClasses) {

  /** Checks sizes and label range (the arrays are not copied: datasets are large). */
  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    shape = shape.clone();
    int per = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("dataset " + name + " has a non-positive dimension in " + Arrays.toString(shape));
      }
      per *= d;
    }
    if ((long) per * labels.length != pixels.length) {
      throw new IllegalArgumentException("dataset " + name + ": " + labels.length + " labels × " + per
          + " values per example ≠ " + pixels.length + " pixel values");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("dataset " + name + ": label " + labels[i] + " of example " + i
            + " is outside [0, " + numClasses + ")");
      }
    }
  }

  /** Number of examples. */
  public int size() {
    return labels.length;
  }

  /** A copy of the per-example shape. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Values per example, {@code C · H · W}. */
  public int exampleSize() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The first {@code n} examples (copies), or all if fewer. */
  public Dataset head(int n) {
    int k = Math.min(n, size());
    return new Dataset(name, Arrays.copyOf(pixels, k * exampleSize()), Arrays.copyOf(labels, k), shape, numClasses);
  }

  /** Copies the pixels of examples {@code indices} into {@code out} (which must hold them all). */
  public void gather(int[] indices, int from, int count, float[] out, int[] outLabels) {
    int per = exampleSize();
    for (int i = 0; i < count; i++) {
      int idx = indices[from + i];
      System.arraycopy(pixels, idx * per, out, i * per, per);
      outLabels[i] = labels[idx];
    }
  }

  @Override
  public String toString() {
    return "Dataset[" + name + ", " + size() + " × " + Arrays.toString(shape) + ", " + numClasses + " classes]";
  }
}
