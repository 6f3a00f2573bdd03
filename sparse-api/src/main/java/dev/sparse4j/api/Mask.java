package dev.sparse4j.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable keep/drop bitmap for one parameter tensor, bit-packed 64 positions per {@code long}
 * (position {@code i} is bit {@code i % 64} of word {@code i / 64}; positions are row-major over the shape).
 */
public final class Mask {
  private final int[] shape;
  private final int numel;
  private final long[] words;
  private final int kept;

  private Mask(int[] shape, long[] words) {
    this.shape = shape;
    this.numel = numel(shape);
    this.words = words;
    if (words.length != wordCount(numel)) {
      throw new IllegalArgumentException(
          "mask of " + numel + " positions needs " + wordCount(numel) + " words, got " + words.length);
    }
    int tail = numel & 63;
    if (tail != 0 && (words[words.length - 1] >>> tail) != 0) {
      throw new IllegalArgumentException("mask has bits set beyond its " + numel + " positions");
    }
    int k = 0;
    for (long w : words) {
      k += Long.bitCount(w);
    }
    this.kept = k;
  }

  /**
   * Wraps bit-packed words (copied). Bits beyond {@code numel} must be zero.
   *
   * @throws IllegalArgumentException if the word count does not fit the shape or stray bits are set
   */
  public static Mask ofWords(int[] shape, long[] words) {
    return new Mask(checkShape(shape), Objects.requireNonNull(words, "words").clone());
  }

  /** Takes ownership of {@code words} without copying; for generators inside this library. */
  static Mask wrap(int[] shape, long[] words) {
    return new Mask(checkShape(shape), words);
  }

  /** A mask that keeps every position. */
  public static Mask dense(int... shape) {
    int n = numel(checkShape(shape));
    long[] w = new long[wordCount(n)];
    Arrays.fill(w, -1L);
    if ((n & 63) != 0) {
      w[w.length - 1] = (1L << (n & 63)) - 1;
    }
    return new Mask(shape.clone(), w);
  }

  /** A mask from one boolean per position (row-major). */
  public static Mask ofBooleans(int[] shape, boolean[] keep) {
    int n = numel(checkShape(shape));
    if (keep.length != n) {
      throw new IllegalArgumentException(
          "shape " + ParamSpec.shapeString(shape) + " has " + n + " positions but " + keep.length + " flags were given");
    }
    long[] w = new long[wordCount(n)];
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        w[i >>> 6] |= 1L << i;
      }
    }
    return new Mask(shape.clone(), w);
  }

  /** Number of 64-bit words that hold {@code numel} positions. */
  public static int wordCount(int numel) {
    return (numel + 63) >>> 6;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of positions. */
  public int numel() {
    return numel;
  }

  /** Number of kept positions. */
  public int kept() {
    return kept;
  }

  /** Fraction kept, {@code kept / numel}. */
  public double density() {
    return (double) kept / numel;
  }

  /** Whether position {@code index} (row-major) is kept. */
  public boolean isKept(int index) {
    Objects.checkIndex(index, numel);
    return (words[index >>> 6] & (1L << index)) != 0;
  }

  /** A copy of the packed words. */
  public long[] words() {
    return words.clone();
  }

  /** One flag per position. */
  public boolean[] toBooleans() {
    boolean[] out = new boolean[numel];
    for (int wi = 0; wi < words.length; wi++) {
      // Walk the set bits only: a sparse mask is mostly zero words.
      for (long w = words[wi]; w != 0; w &= w - 1) {
        out[(wi << 6) + Long.numberOfTrailingZeros(w)] = true;
      }
    }
    return out;
  }

  /** Kept positions as {@code 1f}, dropped as {@code 0f}: the multiplier a backend applies. */
  public float[] toFloats() {
    float[] out = new float[numel];
    for (int wi = 0; wi < words.length; wi++) {
      for (long w = words[wi]; w != 0; w &= w - 1) {
        out[(wi << 6) + Long.numberOfTrailingZeros(w)] = 1f;
      }
    }
    return out;
  }

  /**
   * Zeroes the dropped positions of {@code values} in place.
   *
   * @throws IllegalArgumentException if the array length differs from {@link #numel()}
   */
  public void apply(float[] values) {
    if (values.length != numel) {
      throw new IllegalArgumentException(
          "mask has " + numel + " positions but the array has " + values.length + " values");
    }
    for (int wi = 0; wi < words.length; wi++) {
      int base = wi << 6;
      int end = Math.min(numel, base + 64);
      long w = words[wi];
      if (w == 0) {
        Arrays.fill(values, base, end, 0f);
      } else if (w != -1L) {
        for (int i = base; i < end; i++) {
          if ((w & (1L << i)) == 0) {
            values[i] = 0f;
          }
        }
      }
    }
  }

  private static int[] checkShape(int[] shape) {
    Objects.requireNonNull(shape, "shape");
    if (shape.length == 0) {
      throw new IllegalArgumentException("a mask needs at least one dimension");
    }
    numel(shape);
    return shape;
  }

  private static int numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("non-positive dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 positions");
    }
    return (int) n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mask m && Arrays.equals(shape, m.shape) && Arrays.equals(words, m.words);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return "Mask[" + ParamSpec.shapeString(shape) + ", kept " + kept + "/" + numel + "]";
  }
}
