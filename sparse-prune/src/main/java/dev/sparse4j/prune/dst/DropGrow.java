package dev.sparse4j.prune.dst;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.SplitMix64;
import java.util.Arrays;

/**
 * The selections of SET and RigL, deterministic to the bit, for reuse by other updaters: ties go to the lower flat
 * index, magnitudes are compared as {@code |x|} in float32 ({@code −0.0} equals {@code 0.0}), NaN is refused.
 */
public final class DropGrow {
  private DropGrow() {}

  /**
   * How many weights a layer drops at drop fraction {@code fraction}: {@code ⌊fraction · kept + ½⌋} (round half up,
   * as the PyTorch reference computes it).
   */
  public static int count(double fraction, int kept) {
    return (int) Math.floor(fraction * kept + 0.5);
  }

  /** The {@code k} kept positions of {@code mask} with the smallest {@code |weights|}, ascending by index. */
  public static int[] smallestActive(float[] weights, Mask mask, int k) {
    long[] keys = new long[mask.kept()];
    int n = 0;
    for (int i = 0; i < weights.length; i++) {
      if (mask.isKept(i)) {
        keys[n++] = (long) magnitudeBits(weights[i], "weight", i) << 32 | i;
      }
    }
    return firstIndices(keys, n, k);
  }

  /**
   * The {@code k} positions with the largest {@code |scores|} among those pruned by {@code mask} or listed in
   * {@code dropped} (the positions inactive once the drops are done), ascending by index.
   */
  public static int[] largestInactive(float[] scores, Mask mask, int[] dropped, int k) {
    boolean[] candidate = inactiveAfter(mask, dropped);
    long[] keys = new long[scores.length];
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      if (candidate[i]) {
        // Descending magnitude: the complement of the bits sorts the largest first.
        keys[n++] = (long) (0x7FFFFFFF - magnitudeBits(scores[i], "gradient", i)) << 32 | i;
      }
    }
    return firstIndices(keys, n, k);
  }

  /**
   * {@code k} positions drawn uniformly without replacement from those pruned by {@code mask} (a partial
   * Fisher–Yates shuffle of them in index order: for {@code j < k}, swap {@code j} with {@code j + r.nextInt(n − j)}),
   * ascending by index.
   */
  public static int[] uniformInactive(Mask mask, int k, SplitMix64 random) {
    int[] c = new int[mask.numel() - mask.kept()];
    int n = 0;
    for (int i = 0; i < mask.numel(); i++) {
      if (!mask.isKept(i)) {
        c[n++] = i;
      }
    }
    if (k > n) {
      throw new IllegalArgumentException("cannot draw " + k + " of " + n + " pruned positions");
    }
    for (int j = 0; j < k; j++) {
      int swap = j + random.nextInt(n - j);
      int t = c[j];
      c[j] = c[swap];
      c[swap] = t;
    }
    int[] out = Arrays.copyOf(c, k);
    Arrays.sort(out);
    return out;
  }

  /** Positions pruned by {@code mask} or listed in {@code dropped}. */
  static boolean[] inactiveAfter(Mask mask, int[] dropped) {
    boolean[] inactive = mask.toBooleans();
    for (int i = 0; i < inactive.length; i++) {
      inactive[i] = !inactive[i];
    }
    for (int d : dropped) {
      inactive[d] = true;
    }
    return inactive;
  }

  private static int magnitudeBits(float v, String what, int index) {
    if (Float.isNaN(v)) {
      throw new IllegalArgumentException("the " + what + " at position " + index + " is NaN; a topology update "
          + "needs finite values (the run has diverged: lower the learning rate)");
    }
    return Float.floatToIntBits(Math.abs(v));
  }

  private static int[] firstIndices(long[] keys, int n, int k) {
    if (k > n) {
      throw new IllegalArgumentException("cannot select " + k + " of " + n + " positions");
    }
    long[] used = Arrays.copyOf(keys, n);
    Arrays.sort(used);
    int[] out = new int[k];
    for (int j = 0; j < k; j++) {
      out[j] = (int) used[j];
    }
    Arrays.sort(out);
    return out;
  }
}
