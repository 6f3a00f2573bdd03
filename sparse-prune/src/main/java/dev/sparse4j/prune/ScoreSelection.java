package dev.sparse4j.prune;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deterministic top-k selection over score arrays, for {@link ScorePruner}s: globally over several layers or inside
 * each layer, among the still-eligible positions, with seeded tie-breaking and a policy for layers that would keep
 * nothing (layer collapse).
 *
 * <p><b>Order.</b> Position {@code i} of a layer is ranked by the 64-bit key {@code (s(score_i) << 32) | t_i}
 * compared as an unsigned number, larger first: {@code s} maps a float to an unsigned 32-bit integer with the same
 * order ({@code -0.0} counts as {@code 0.0}), and the tie-breaker {@code t_i} is the upper 32 bits of the
 * {@code i}-th output of {@link SplitMix64#forStream(long, String) SplitMix64.forStream(seed, "score-ties/" + name)}.
 * Positions whose keys are equal (the same score and the same 32 tie bits, vanishingly rare) are taken in model
 * order (layer order, then row-major position). The k-th key is found by a four-pass radix selection on 16-bit
 * digits, so no sort and no array of all keys is needed, and the kept count is always exactly {@code k}.
 */
public final class ScoreSelection {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreSelection.class);
  private static final int RADIX = 1 << 16;

  private ScoreSelection() {}

  /**
   * One layer's scores.
   *
   * @param param the parameter
   * @param scores one finite score per position, row-major; higher is kept first
   * @param ties one tie-breaker per position ({@link #ties})
   * @param eligible packed words of the positions that may be kept ({@link Mask} layout), or {@code null} for all
   */
  public record Layer(ParamSpec param, float[] scores, int[] ties, long[] eligible) {}

  /**
   * Chosen positions.
   *
   * @param words packed kept positions per layer, in layer order
   * @param guarded layers that kept their best weight only because of {@link ScorePruner.Collapse#GUARD}
   * @param collapsed layers left with no weight under {@link ScorePruner.Collapse#ALLOW}
   */
  public record Result(List<long[]> words, List<String> guarded, List<String> collapsed) {}

  /** The tie-breakers of {@code param}: upper 32 bits of the stream {@code (seed, "score-ties/" + name)}. */
  public static int[] ties(ParamSpec param, long seed) {
    SplitMix64 rng = SplitMix64.forStream(seed, "score-ties/" + param.name());
    int[] t = new int[param.numel()];
    for (int i = 0; i < t.length; i++) {
      t[i] = (int) (rng.nextLong() >>> 32);
    }
    return t;
  }

  /** An unsigned 32-bit integer ordered like {@code f} (finite floats; {@code -0.0} maps to {@code 0.0}). */
  static int sortable(float f) {
    int bits = Float.floatToRawIntBits(f + 0.0f);
    return bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE;
  }

  /**
   * Keeps the {@code k} best eligible positions over all layers together.
   *
   * @param pruner name for messages
   * @param k how many to keep; more than are eligible keeps every eligible position
   * @param collapse what to do with a layer that would keep nothing though it has eligible positions
   * @throws IllegalArgumentException under {@code ERROR} when a layer collapses, or under {@code GUARD} when
   *     {@code k} is smaller than the number of layers
   */
  public static Result global(String pruner, List<Layer> layers, long k, ScorePruner.Collapse collapse) {
    int count = layers.size();
    int[] reserved = new int[count];
    Arrays.fill(reserved, -1);
    long[] eligibleCounts = new long[count];
    int nonEmpty = 0;
    long total = 0;
    for (int l = 0; l < count; l++) {
      eligibleCounts[l] = eligibleCount(layers.get(l));
      total += layers.get(l).param().numel();
      if (eligibleCounts[l] > 0) {
        nonEmpty++;
      }
    }
    if (collapse == ScorePruner.Collapse.GUARD && k < nonEmpty) {
      throw new IllegalArgumentException("pruner '" + pruner + "' cannot keep a weight in each of the " + nonEmpty
          + " layers with only " + k + " kept weights (of " + total + "); raise the density to at least " + nonEmpty
          + "/" + total + " or set collapse=allow");
    }
    List<String> guarded = new ArrayList<>();
    while (true) {
      int reservedCount = 0;
      for (int r : reserved) {
        if (r >= 0) {
          reservedCount++;
        }
      }
      long[][] words = top(layers, reserved, k - reservedCount);
      List<Integer> empty = new ArrayList<>();
      for (int l = 0; l < count; l++) {
        if (reserved[l] >= 0) {
          words[l][reserved[l] >>> 6] |= 1L << reserved[l];
        }
        if (eligibleCounts[l] > 0 && isEmpty(words[l])) {
          empty.add(l);
        }
      }
      if (empty.isEmpty()) {
        return new Result(List.of(words), List.copyOf(guarded), List.of());
      }
      List<String> names = empty.stream().map(l -> layers.get(l).param().name()).toList();
      switch (collapse) {
        case ERROR -> throw new IllegalArgumentException("pruner '" + pruner + "' (global top-k) would keep no weight "
            + "of " + names + " when keeping " + k + " of " + total + " weights (layer collapse); use collapse=guard "
            + "to keep each layer's best weight, layer-wise=true to keep the plan's count in every layer, or the "
            + "synflow pruner, which is designed to avoid layer collapse");
        case ALLOW -> {
          LOG.warn("pruner '{}' left no weight in {} (layer collapse, collapse=allow): the network is cut off there",
              pruner, names);
          return new Result(List.of(words), List.copyOf(guarded), names);
        }
        case GUARD -> {
          LOG.warn("pruner '{}' (global top-k) would keep no weight of {} (layer collapse); keeping the best-scored "
              + "weight of each (collapse=guard)", pruner, names);
          for (int l : empty) {
            reserved[l] = best(layers.get(l));
            guarded.add(layers.get(l).param().name());
          }
        }
        default -> throw new IllegalStateException("unknown collapse policy " + collapse);
      }
    }
  }

  /**
   * Keeps the {@code counts[l]} best eligible positions inside each layer {@code l}.
   *
   * @throws IllegalArgumentException under {@code ERROR} when a count is zero for a layer with eligible positions
   */
  public static Result perLayer(String pruner, List<Layer> layers, int[] counts, ScorePruner.Collapse collapse) {
    List<long[]> words = new ArrayList<>();
    List<String> guarded = new ArrayList<>();
    List<String> collapsed = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      long k = counts[l];
      if (k < 1 && eligibleCount(layer) > 0) {
        String name = layer.param().name();
        switch (collapse) {
          case ERROR -> throw new IllegalArgumentException("pruner '" + pruner + "' (layer-wise) is asked to keep no "
              + "weight of " + name + " (" + layer.param().numel() + " weights); raise its density, or use "
              + "collapse=guard to keep its best weight");
          case ALLOW -> {
            LOG.warn("pruner '{}' keeps no weight of {} (collapse=allow): the network is cut off there", pruner, name);
            collapsed.add(name);
          }
          case GUARD -> {
            LOG.warn("pruner '{}' is asked to keep no weight of {}; keeping its best-scored weight (collapse=guard)",
                pruner, name);
            guarded.add(name);
            k = 1;
          }
          default -> throw new IllegalStateException("unknown collapse policy " + collapse);
        }
      }
      words.add(top(List.of(layer), new int[] {-1}, k)[0]);
    }
    return new Result(List.copyOf(words), List.copyOf(guarded), List.copyOf(collapsed));
  }

  /** The {@code k} largest keys among eligible, unreserved positions (reserved positions are not marked). */
  private static long[][] top(List<Layer> layers, int[] reserved, long k) {
    int count = layers.size();
    long[][] out = new long[count][];
    long available = 0;
    for (int l = 0; l < count; l++) {
      out[l] = new long[Mask.wordCount(layers.get(l).param().numel())];
      available += eligibleCount(layers.get(l)) - (reserved[l] >= 0 ? 1 : 0);
    }
    if (k <= 0) {
      return out;
    }
    if (k >= available) {
      for (int l = 0; l < count; l++) {
        Layer layer = layers.get(l);
        for (int i = 0; i < layer.scores().length; i++) {
          if (eligible(layer, i) && i != reserved[l]) {
            out[l][i >>> 6] |= 1L << i;
          }
        }
      }
      return out;
    }
    long prefix = 0;
    long need = k;
    long[] hist = new long[RADIX];
    for (int pass = 0; pass < 4; pass++) {
      Arrays.fill(hist, 0);
      int shift = 48 - 16 * pass;
      for (int l = 0; l < count; l++) {
        Layer layer = layers.get(l);
        float[] s = layer.scores();
        int[] t = layer.ties();
        for (int i = 0; i < s.length; i++) {
          if (!eligible(layer, i) || i == reserved[l]) {
            continue;
          }
          long key = key(s[i], t[i]);
          // In pass 0 every key counts; later only keys in the chosen group (shift by 64 would be a no-op in Java).
          if (pass == 0 || (key >>> (shift + 16)) == prefix) {
            hist[(int) ((key >>> shift) & 0xFFFF)]++;
          }
        }
      }
      int digit = RADIX - 1;
      while (hist[digit] < need) {
        need -= hist[digit];
        digit--;
      }
      prefix = (prefix << 16) | digit;
    }
    // prefix is now the k-th largest key; keep every larger key and the first `need` keys equal to it.
    for (int l = 0; l < count; l++) {
      Layer layer = layers.get(l);
      float[] s = layer.scores();
      int[] t = layer.ties();
      for (int i = 0; i < s.length; i++) {
        if (!eligible(layer, i) || i == reserved[l]) {
          continue;
        }
        int c = Long.compareUnsigned(key(s[i], t[i]), prefix);
        if (c > 0 || (c == 0 && need-- > 0)) {
          out[l][i >>> 6] |= 1L << i;
        }
      }
    }
    return out;
  }

  private static long key(float score, int tie) {
    return ((long) sortable(score) << 32) | (tie & 0xFFFFFFFFL);
  }

  private static int best(Layer layer) {
    int best = -1;
    long bestKey = 0;
    for (int i = 0; i < layer.scores().length; i++) {
      if (!eligible(layer, i)) {
        continue;
      }
      long k = key(layer.scores()[i], layer.ties()[i]);
      if (best < 0 || Long.compareUnsigned(k, bestKey) > 0) {
        best = i;
        bestKey = k;
      }
    }
    return best;
  }

  private static boolean eligible(Layer layer, int i) {
    long[] e = layer.eligible();
    return e == null || (e[i >>> 6] & (1L << i)) != 0;
  }

  private static long eligibleCount(Layer layer) {
    if (layer.eligible() == null) {
      return layer.param().numel();
    }
    long c = 0;
    for (long w : layer.eligible()) {
      c += Long.bitCount(w);
    }
    return c;
  }

  private static boolean isEmpty(long[] words) {
    for (long w : words) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }
}
