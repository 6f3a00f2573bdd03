package dev.sparse4j.prune;

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
