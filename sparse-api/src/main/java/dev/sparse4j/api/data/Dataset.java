package dev.sparse4j.api.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An in-memory labelled image set: {@code size} examples of shape {@code [C, H, W]}, pixels in [0, 1] stored
 * row-major example after example, integer labels in {@code [0, numClasses)}.
 *
 * <p>Pixels are held either as floats ({@link #Dataset(String, float[], int[], int[], int)}) or, for images read
 * from 8-bit files, as their bytes ({@link #ofUint8}), a quarter of the memory: Fashion-MNIST's training set is 47 MB
 * instead of 188 MB, as in Python, where the datasets stay {@code uint8} until a batch is taken. A byte {@code b}
 * reads as {@code b / 255f}, the value an 8-bit image file's reader writes as a float, so both forms give the same
 * batches. Take pixels by batch ({@link #gather}, {@link #pixels(int, int)}); {@link #pixels()} of a byte set decodes
 * all of it.
 */
public final class Dataset {
  /** {@code b / 255f} for every byte value: what a byte pixel reads as. */
  private static final float[] BYTE_VALUES = new float[256];

  static {
    for (int b = 0; b < 256; b++) {
      BYTE_VALUES[b] = b / 255f;
    }
  }

  private final String name;
  /** The pixels as floats, or null where they are held as {@link #bytes}. */
  private final float[] floats;
  /** The pixels as unsigned bytes ({@code b / 255f}), or null where they are held as {@link #floats}. */
  private final byte[] bytes;
  private final int[] labels;
  private final int[] shape;
  private final int numClasses;

  /**
   * A data set holding its pixels as floats (the arrays are not copied: datasets are large).
   *
   * @param name where it came from, e.g. {@code fashion-mnist/train}
   * @param pixels {@code size · C · H · W} values in [0, 1]
   * @param labels {@code size} labels
   * @param shape per-example shape {@code [C, H, W]}
   * @param numClasses number of classes
   * @throws IllegalArgumentException if the sizes disagree, a dimension is not positive or a label is out of range
   */
  public Dataset(String name, float[] pixels, int[] labels, int[] shape, int numClasses) {
    this(name, Objects.requireNonNull(pixels, "pixels"), null, pixels.length, labels, shape, numClasses);
  }

  private Dataset(String name, float[] floats, byte[] bytes, long values, int[] labels, int[] shape,
      int numClasses) {
    this.name = Objects.requireNonNull(name, "name");
    this.floats = floats;
    this.bytes = bytes;
    this.labels = Objects.requireNonNull(labels, "labels");
    this.shape = Objects.requireNonNull(shape, "shape").clone();
    this.numClasses = numClasses;
    int per = 1;
    for (int d : this.shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("dataset " + name + " has a non-positive dimension in "
            + Arrays.toString(shape));
      }
      per *= d;
    }
    if ((long) per * labels.length != values) {
      throw new IllegalArgumentException("dataset " + name + ": " + labels.length + " labels × " + per
          + " values per example ≠ " + values + " pixel values");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("dataset " + name + ": label " + labels[i] + " of example " + i
            + " is outside [0, " + numClasses + ")");
      }
    }
  }

  /**
   * A data set holding its pixels as unsigned bytes, pixel value {@code (b & 0xff) / 255f} (the array is not copied).
   *
   * @param pixels {@code size · C · H · W} bytes, each an 8-bit intensity 0–255
   * @throws IllegalArgumentException as for the float form
   */
  public static Dataset ofUint8(String name, byte[] pixels, int[] labels, int[] shape, int numClasses) {
    Objects.requireNonNull(pixels, "pixels");
    return new Dataset(name, null, pixels, pixels.length, labels, shape, numClasses);
  }

  /** Where it came from, e.g. {@code fashion-mnist/train}. */
  public String name() {
    return name;
  }

  /** The labels, one per example (the array itself, not a copy). */
  public int[] labels() {
    return labels;
  }

  /** The number of classes; labels lie in {@code [0, numClasses)}. */
  public int numClasses() {
    return numClasses;
  }

  /** Whether the pixels are held as bytes ({@link #ofUint8}) rather than floats. */
  public boolean isUint8() {
    return bytes != null;
  }

  /**
   * All pixels as floats, {@code size · C · H · W} values: the array itself for a float set, a decoded copy for a
   * byte set (four times its memory; take batches with {@link #pixels(int, int)} or {@link #gather} instead).
   */
  public float[] pixels() {
    return floats != null ? floats : pixels(0, size());
  }

  /**
   * The pixels of examples {@code [from, from + count)} as a new float array.
   *
   * @throws IndexOutOfBoundsException if the range is not within the data set
   */
  public float[] pixels(int from, int count) {
    Objects.checkFromIndexSize(from, count, size());
    int per = exampleSize();
    float[] out = new float[Math.multiplyExact(count, per)];
    copyPixels(from * per, out, 0, out.length);
    return out;
  }

  /** The value of pixel {@code i} of the whole row-major array (example {@code i / exampleSize()}). */
  public float pixel(int i) {
    return floats != null ? floats[i] : BYTE_VALUES[bytes[i] & 0xff];
  }

  /** Number of examples. */
  public int size() {
    return labels.length;
  }

  /** A copy of the per-example shape. */
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

  /** The first {@code n} examples (copies, in the same storage), or all if fewer. */
  public Dataset head(int n) {
    int k = Math.min(n, size());
    int values = k * exampleSize();
    int[] lab = Arrays.copyOf(labels, k);
    return floats != null
        ? new Dataset(name, Arrays.copyOf(floats, values), lab, shape, numClasses)
        : ofUint8(name, Arrays.copyOf(bytes, values), lab, shape, numClasses);
  }

  /** Copies the pixels of examples {@code indices} into {@code out} (which must hold them all). */
  public void gather(int[] indices, int from, int count, float[] out, int[] outLabels) {
    int per = exampleSize();
    for (int i = 0; i < count; i++) {
      int idx = indices[from + i];
      copyPixels(idx * per, out, i * per, per);
      outLabels[i] = labels[idx];
    }
  }

  private void copyPixels(int from, float[] out, int offset, int length) {
    if (floats != null) {
      System.arraycopy(floats, from, out, offset, length);
      return;
    }
    for (int i = 0; i < length; i++) {
      out[offset + i] = BYTE_VALUES[bytes[from + i] & 0xff];
    }
  }

  @Override
  public String toString() {
    return "Dataset[" + name + ", " + size() + " × " + Arrays.toString(shape) + ", " + numClasses + " classes"
        + (isUint8() ? ", uint8" : "") + "]";
  }
}
