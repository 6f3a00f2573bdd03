package dev.sparse4j.prune;

import dev.sparse4j.api.KeptMask;
import dev.sparse4j.api.Mask;

import dev.sparse4j.api.SplitMix64;

/**
 * Draws random keep/drop bitmaps straight into packed {@code long[]} words (layout of
 * {@link dev.sparse4j.api.Mask}: position {@code i} is bit {@code i % 64} of word {@code i / 64}).
 *
 * <p>These procedures are part of the reproducibility contract of {@link dev.sparse4j.prune.RandomPruner};
 * changing them changes every mask drawn from a seed.
 */
public final class MaskSampler {
  private MaskSampler() {}

  /**
   * Exactly {@code kept} of {@code numel} positions, every such subset equally likely.
   *
   * <p>Procedure: let {@code m = min(kept, numel − kept)}; Floyd's sampling chooses {@code m} positions: for
   * {@code j = numel − m, …, numel − 1}: {@code t = rng.nextInt(j + 1)}; if {@code t} is already chosen choose
   * {@code j}, else choose {@code t}. If {@code m == kept} the chosen positions are the kept ones; otherwise they
   * are the dropped ones and the bitmap is inverted. This takes {@code m} draws and no extra memory.
   *
   * @throws IllegalArgumentException if {@code kept} is outside {@code [0, numel]}
   */
  public static long[] exact(int numel, int kept, SplitMix64 rng) {
    if (numel <= 0 || kept < 0 || kept > numel) {
      throw new IllegalArgumentException("cannot keep " + kept + " of " + numel + " positions");
    }
    boolean invert = kept > numel - kept;
    int m = invert ? numel - kept : kept;
    long[] words = new long[wordCount(numel)];
    for (int j = numel - m; j < numel; j++) {
      int t = rng.nextInt(j + 1);
      // Branch-free "t if t is free, else j": the taken/free outcome is a coin flip the CPU cannot predict.
      long taken = (words[t >>> 6] >>> t) & 1L;
      int pick = t + (int) ((j - t) & -taken);
      words[pick >>> 6] |= 1L << pick;
    }
    if (invert) {
      for (int i = 0; i < words.length; i++) {
        words[i] = ~words[i];
      }
      clearTail(words, numel);
    }
    return words;
  }

  /**
   * {@link #exact} as kept entries: the same positions from the same draws ({@link SplitMix64#nextLong(long)} is
   * {@code nextInt} for ranges that fit an {@code int}), remembered in an open-addressing hash set of the chosen
   * positions, so memory is O(kept) when {@code kept ≤ size − kept}; otherwise the bitmap of {@link #exact} is drawn
   * and converted (the tensor must fit one).
   *
   * @param shape the weight's shape, rank ≥ 2
   * @throws IllegalArgumentException if {@code kept} is outside {@code [0, size]}, or keeps more than half of a
   *     tensor too large for a bitmap
   */
  public static KeptMask exactKept(int[] shape, int kept, SplitMix64 rng) {
    long size = 1;
    for (int d : shape) {
      size = Math.multiplyExact(size, (long) d);
    }
    if (kept < 0 || kept > size) {
      throw new IllegalArgumentException("cannot keep " + kept + " of " + size + " positions");
    }
    if (kept > size - kept) {
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "keeping %,d of %,d positions (more"
            + " than half) needs a bitmap of every position; lower the density of a layer this large", kept, size));
      }
      return KeptMask.of(Mask.ofWords(shape, exact((int) size, kept, rng)));
    }
    LongSet chosen = new LongSet(kept);
    for (long j = size - kept; j < size; j++) {
      long t = rng.nextLong(j + 1);
      chosen.add(chosen.contains(t) ? j : t);
    }
    long[] positions = chosen.toSortedArray();
    int rows = shape[0];
    int cols = (int) (size / rows);
    int[] rowStarts = new int[rows + 1];
    int[] columns = new int[positions.length];
    int r = 0;
    for (int k = 0; k < positions.length; k++) {
      int row = (int) (positions[k] / cols);
      while (r < row) {
        rowStarts[++r] = k;
      }
      columns[k] = (int) (positions[k] - (long) row * cols);
    }
    while (r < rows) {
      rowStarts[++r] = positions.length;
    }
    return KeptMask.of(shape, rowStarts, columns);
  }

  /** Open-addressing set of non-negative longs (empty slots hold −1), sized for a known count. */
  private static final class LongSet {
    private final long[] slots;
    private final int mask;
    private int size;

    LongSet(int expected) {
      int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1; // load factor ≤ 1/2
      slots = new long[capacity];
      java.util.Arrays.fill(slots, -1L);
      mask = capacity - 1;
    }

    boolean contains(long v) {
      for (int i = (int) SplitMix64.mix64(v) & mask; ; i = (i + 1) & mask) {
        long s = slots[i];
        if (s == v) {
          return true;
        }
        if (s < 0) {
          return false;
        }
      }
    }

    void add(long v) {
      int i = (int) SplitMix64.mix64(v) & mask;
      while (slots[i] >= 0) {
        if (slots[i] == v) {
          return;
        }
        i = (i + 1) & mask;
      }
      slots[i] = v;
      size++;
    }

    long[] toSortedArray() {
      long[] out = new long[size];
      int k = 0;
      for (long s : slots) {
        if (s >= 0) {
          out[k++] = s;
        }
      }
      java.util.Arrays.sort(out);
      return out;
    }
  }

  /**
   * Each of {@code numel} positions kept independently with probability {@code p}: position {@code i} (in order)
   * is kept iff the {@code i}-th {@link SplitMix64#nextDouble()} of {@code rng} is below {@code p}.
   *
   * @throws IllegalArgumentException if {@code p} is outside [0, 1]
   */
  public static long[] bernoulli(int numel, double p, SplitMix64 rng) {
    if (numel <= 0 || !(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("cannot draw " + numel + " positions with keep probability " + p);
    }
    // u·2^-53 < p  ⇔  u < ceil(p·2^53) for the integer u = nextLong() >>> 11 (p·2^53 is exact).
    long threshold = (long) Math.ceil(p * 0x1.0p53);
    long[] words = new long[wordCount(numel)];
    int full = numel >>> 6;
    for (int w = 0; w < full; w++) {
      long bits = 0;
      for (int b = 0; b < 64; b++) {
        // (u − threshold) is negative exactly when u < threshold (both are below 2^53): its sign bit is the flag.
        bits |= ((rng.nextLong() >>> 11) - threshold) >>> 63 << b;
      }
      words[w] = bits;
    }
    int tail = numel & 63;
    if (tail != 0) {
      long bits = 0;
      for (int b = 0; b < tail; b++) {
        // (u − threshold) is negative exactly when u < threshold (both are below 2^53): its sign bit is the flag.
        bits |= ((rng.nextLong() >>> 11) - threshold) >>> 63 << b;
      }
      words[full] = bits;
    }
    return words;
  }

  /** Number of 64-bit words for {@code numel} positions. */
  public static int wordCount(int numel) {
    return (numel + 63) >>> 6;
  }

  private static void clearTail(long[] words, int numel) {
    int tail = numel & 63;
    if (tail != 0) {
      words[words.length - 1] &= (1L << tail) - 1;
    }
  }
}
