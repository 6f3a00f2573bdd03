package dev.sparse4j.prune.dst;

import dev.sparse4j.api.KeptMask;
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
    int[] active = positions(mask, true);
    long[] keys = new long[active.length];
    for (int j = 0; j < active.length; j++) {
      int i = active[j];
      keys[j] = (long) magnitudeBits(weights[i], "weight", i) << 32 | i;
    }
    return firstIndices(keys, keys.length, k);
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
    int[] c = positions(mask, false);
    int n = c.length;
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

  /**
   * {@link #smallestActive} on kept entries: the {@code k} entries of {@code mask} whose {@code keptValues} have the
   * smallest {@code |w|}, as entry indices, ascending (the same weights, since entries are in row-major order).
   */
  public static int[] smallestKept(float[] keptValues, KeptMask mask, int k) {
    if (keptValues.length != mask.kept()) {
      throw new IllegalArgumentException(keptValues.length + " values for " + mask.kept() + " kept entries");
    }
    long[] keys = new long[keptValues.length];
    for (int e = 0; e < keptValues.length; e++) {
      float v = keptValues[e];
      if (Float.isNaN(v)) {
        magnitudeBits(v, "weight", position(mask, e));
      }
      keys[e] = (long) Float.floatToIntBits(Math.abs(v)) << 32 | e;
    }
    return firstIndices(keys, keys.length, k);
  }

  /**
   * {@link #uniformInactive} on kept entries, for layers of any size: the same partial Fisher–Yates over the pruned
   * positions in index order, with the list virtual — a hash map holds the {@code ≤ 2k} slots the swaps moved, and
   * an untouched slot {@code j} is {@link KeptMask#prunedPosition mask.prunedPosition(j)} — so the same stream gives
   * the same positions in O(k log kept) time and O(k) memory. Row-major positions, ascending.
   */
  public static long[] uniformInactive(KeptMask mask, int k, SplitMix64 random) {
    long n = mask.size() - mask.kept();
    if (k > n) {
      throw new IllegalArgumentException("cannot draw " + k + " of " + n + " pruned positions");
    }
    MovedSlots moved = new MovedSlots(k);
    long[] out = new long[k];
    for (int j = 0; j < k; j++) {
      long swap = j + random.nextLong(n - j);
      long atSwap = moved.get(swap);
      moved.put(swap, moved.get(j));
      out[j] = atSwap; // slot j is final once drawn
    }
    for (int j = 0; j < k; j++) {
      out[j] = mask.prunedPosition(out[j]);
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * The slots of a virtual list that swaps moved: open addressing over primitive arrays (a boxed map took ~100
   * bytes a slot; an update of a 10¹⁰-position layer moves millions), an unmoved slot holds its own index.
   */
  private static final class MovedSlots {
    private final long[] keys;
    private final long[] values;
    private final int mask;

    MovedSlots(int expected) {
      int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1; // load factor ≤ 1/2
      keys = new long[capacity];
      values = new long[capacity];
      java.util.Arrays.fill(keys, -1L);
      mask = capacity - 1;
    }

    long get(long slot) {
      for (int i = (int) SplitMix64.mix64(slot) & mask; ; i = (i + 1) & mask) {
        if (keys[i] == slot) {
          return values[i];
        }
        if (keys[i] < 0) {
          return slot;
        }
      }
    }

    void put(long slot, long value) {
      int i = (int) SplitMix64.mix64(slot) & mask;
      while (keys[i] >= 0 && keys[i] != slot) {
        i = (i + 1) & mask;
      }
      keys[i] = slot;
      values[i] = value;
    }
  }

  private static int position(KeptMask mask, int entry) {
    int r = 0;
    while (mask.rowStart(r + 1) <= entry) {
      r++;
    }
    return (int) Math.min(Integer.MAX_VALUE, (long) r * mask.cols() + mask.column(entry));
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

  /**
   * The positions {@code mask} keeps ({@code kept}) or prunes, ascending: a walk over the set bits of its words (or
   * of their complement), so a sparse mask costs O(kept + words) for its kept positions.
   */
  private static int[] positions(Mask mask, boolean kept) {
    int numel = mask.numel();
    int[] out = new int[kept ? mask.kept() : numel - mask.kept()];
    long[] words = mask.words();
    int n = 0;
    for (int wi = 0; wi < words.length; wi++) {
      long w = kept ? words[wi] : ~words[wi];
      if (wi == words.length - 1 && (numel & 63) != 0) {
        w &= (1L << numel) - 1; // the complement's bits beyond numel are not positions
      }
      for (; w != 0; w &= w - 1) {
        out[n++] = (wi << 6) + Long.numberOfTrailingZeros(w);
      }
    }
    return out;
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
    if (k > 0 && k < n) {
      selectSmallest(used, n, k);
    }
    int[] out = new int[k];
    for (int j = 0; j < k; j++) {
      out[j] = (int) used[j];
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * Moves the {@code k} smallest of {@code a[0, n)} into {@code a[0, k)} (in no order): a quickselect, O(n) on
   * average instead of a full sort's O(n log n) — an update selects a few percent of a layer. Keys are distinct (the
   * index is in their low bits), so the selected set is the same as a sort's. Falls back to sorting the remaining
   * range if partitioning degenerates.
   */
  static void selectSmallest(long[] a, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    int target = k - 1;
    int budget = 2 * (64 - Long.numberOfLeadingZeros(n));
    while (hi > lo) {
      if (budget-- == 0) {
        Arrays.sort(a, lo, hi + 1);
        return;
      }
      int mid = (lo + hi) >>> 1;
      long p = medianOfThree(a[lo], a[mid], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < p) {
          i++;
        }
        while (a[j] > p) {
          j--;
        }
        if (i <= j) {
          long t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private static long medianOfThree(long x, long y, long z) {
    return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
  }
}
