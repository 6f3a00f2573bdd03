package dev.sparse4j.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.ScorePruner.Collapse;
import dev.sparse4j.api.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The deterministic top-k behind every score pruner, checked against a plain sort of (score, tie, order). */
class ScoreSelectionTest {

  private static ParamSpec weight(String name, int rows, int cols) {
    return ParamSpec.of(name, ParamKind.WEIGHT, rows, cols);
  }

  private static ScoreSelection.Layer layer(ParamSpec p, float[] scores, long seed) {
    return new ScoreSelection.Layer(p, scores, ScoreSelection.ties(p, seed), null);
  }

  /** Positions kept, as "layer:index" strings. */
  private static List<String> kept(List<ScoreSelection.Layer> layers, List<long[]> words) {
    List<String> out = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      Mask m = Mask.ofWords(layers.get(l).param().shape(), words.get(l));
      for (int i = 0; i < m.numel(); i++) {
        if (m.isKept(i)) {
          out.add(l + ":" + i);
        }
      }
    }
    return out;
  }

  /** The reference: sort all positions by score desc, then unsigned tie desc, then layer and index asc. */
  private static List<String> bruteForce(List<ScoreSelection.Layer> layers, long k) {
    record Entry(int layer, int index, float score, long tie) {}
    List<Entry> all = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      ScoreSelection.Layer layer = layers.get(l);
      for (int i = 0; i < layer.scores().length; i++) {
        all.add(new Entry(l, i, layer.scores()[i] + 0.0f, layer.ties()[i] & 0xFFFFFFFFL));
      }
    }
    all.sort(Comparator.comparingDouble((Entry e) -> -e.score()).thenComparingLong(e -> -e.tie())
        .thenComparingInt(Entry::layer).thenComparingInt(Entry::index));
    List<String> out = new ArrayList<>();
    for (Entry e : all.subList(0, (int) k)) {
      out.add(e.layer() + ":" + e.index());
    }
    out.sort(Comparator.comparingInt((String s) -> Integer.parseInt(s.split(":")[0]))
        .thenComparingInt(s -> Integer.parseInt(s.split(":")[1])));
    return out;
  }

  @Test
  void sortableKeepsTheFloatOrder() {
    float[] ordered = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -2f, -1f, -Float.MIN_VALUE, 0f,
        Float.MIN_VALUE, 1e-30f, 1f, 2f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};
    for (int i = 1; i < ordered.length; i++) {
      assertTrue(Integer.compareUnsigned(ScoreSelection.sortable(ordered[i - 1]), ScoreSelection.sortable(ordered[i]))
          < 0, ordered[i - 1] + " < " + ordered[i]);
    }
    assertEquals(ScoreSelection.sortable(0f), ScoreSelection.sortable(-0f), "-0.0 and 0.0 are equal scores");
  }

  @Test
  void tiesAreTheUpperBitsOfTheNamedStream() {
    ParamSpec p = weight("fc.weight", 2, 3);
    SplitMix64 rng = SplitMix64.forStream(7, "score-ties/fc.weight");
    int[] expected = new int[6];
    for (int i = 0; i < 6; i++) {
      expected[i] = (int) (rng.nextLong() >>> 32);
    }
    assertArrayEquals(expected, ScoreSelection.ties(p, 7));
  }

  @Test
  void globalSelectionMatchesAFullSortIncludingTies() {
    SplittableRandom r = new SplittableRandom(11);
    for (int trial = 0; trial < 30; trial++) {
      List<ScoreSelection.Layer> layers = new ArrayList<>();
      long total = 0;
      int count = 1 + r.nextInt(4);
      for (int l = 0; l < count; l++) {
        ParamSpec p = weight("l" + l + ".weight", 1 + r.nextInt(9), 1 + r.nextInt(40));
        float[] s = new float[p.numel()];
        boolean coarse = r.nextBoolean();
        for (int i = 0; i < s.length; i++) {
          // Coarse scores have many exact ties (the seeded stream decides); fine scores almost none.
          s[i] = coarse ? r.nextInt(3) - 1 : (float) r.nextGaussian();
        }
        layers.add(layer(p, s, trial));
        total += p.numel();
      }
      long k = r.nextLong(total + 1);
      ScoreSelection.Result res = ScoreSelection.global("t", layers, k, Collapse.ALLOW);
      assertEquals(bruteForce(layers, k), kept(layers, res.words()), "trial " + trial + ", k = " + k);
    }
  }

  @Test
  void equalTieKeysFallBackToModelOrder() {
    ParamSpec p = weight("a.weight", 1, 6);
    int[] sameTies = new int[6];
    ScoreSelection.Layer l = new ScoreSelection.Layer(p, new float[] {1, 1, 1, 1, 1, 1}, sameTies, null);
    ScoreSelection.Result res = ScoreSelection.global("t", List.of(l), 4, Collapse.GUARD);
    assertEquals(List.of("0:0", "0:1", "0:2", "0:3"), kept(List.of(l), res.words()));
  }

  @Test
  void allEqualScoresAreDecidedByTheSeed() {
    ParamSpec p = weight("a.weight", 10, 10);
    float[] s = new float[100];
    ScoreSelection.Result a = ScoreSelection.global("t", List.of(layer(p, s, 1)), 30, Collapse.GUARD);
    ScoreSelection.Result again = ScoreSelection.global("t", List.of(layer(p, s, 1)), 30, Collapse.GUARD);
    ScoreSelection.Result b = ScoreSelection.global("t", List.of(layer(p, s, 2)), 30, Collapse.GUARD);
    assertArrayEquals(a.words().get(0), again.words().get(0));
    assertNotEquals(Arrays.toString(a.words().get(0)), Arrays.toString(b.words().get(0)));
    assertEquals(30, Mask.ofWords(p.shape(), a.words().get(0)).kept());
  }

  @Test
  void onlyEligiblePositionsAreKept() {
    ParamSpec p = weight("a.weight", 1, 8);
    float[] s = {8, 7, 6, 5, 4, 3, 2, 1};
    long eligible = 0b1010_1010L; // positions 1, 3, 5, 7
    ScoreSelection.Layer l = new ScoreSelection.Layer(p, s, ScoreSelection.ties(p, 0), new long[] {eligible});
    ScoreSelection.Result res = ScoreSelection.global("t", List.of(l), 2, Collapse.GUARD);
    assertEquals(List.of("0:1", "0:3"), kept(List.of(l), res.words()));
    ScoreSelection.Result all = ScoreSelection.global("t", List.of(l), 10, Collapse.GUARD);
    assertEquals(List.of("0:1", "0:3", "0:5", "0:7"), kept(List.of(l), all.words()), "k beyond the eligible count");
  }

  @Test
  void collapsePolicies() {
    ParamSpec big = weight("big.weight", 4, 4);
    ParamSpec small = weight("small.weight", 2, 2);
    float[] bigScores = new float[16];
    Arrays.fill(bigScores, 10f);
    float[] smallScores = {0.1f, 0.4f, 0.2f, 0.3f};
    List<ScoreSelection.Layer> layers = List.of(layer(big, bigScores, 3), layer(small, smallScores, 3));

    ScoreSelection.Result allow = ScoreSelection.global("t", layers, 5, Collapse.ALLOW);
    assertEquals(List.of("small.weight"), allow.collapsed());
    assertEquals(0, Mask.ofWords(small.shape(), allow.words().get(1)).kept());

    ScoreSelection.Result guard = ScoreSelection.global("t", layers, 5, Collapse.GUARD);
    assertEquals(List.of("small.weight"), guard.guarded());
    assertEquals(4, Mask.ofWords(big.shape(), guard.words().get(0)).kept(), "the total stays exact");
    assertEquals(List.of("1:1"), kept(layers, guard.words()).subList(4, 5), "the small layer keeps its best weight");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScoreSelection.global("magnitude", layers, 5, Collapse.ERROR));
    assertTrue(e.getMessage().contains("small.weight") && e.getMessage().contains("layer collapse"), e.getMessage());

    IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
        () -> ScoreSelection.global("t", layers, 1, Collapse.GUARD));
    assertTrue(tooFew.getMessage().contains("2 layers with only 1"), tooFew.getMessage());
  }

  @Test
  void perLayerCountsAndZeroCounts() {
    ParamSpec a = weight("a.weight", 2, 4);
    ParamSpec b = weight("b.weight", 2, 2);
    List<ScoreSelection.Layer> layers = List.of(
        layer(a, new float[] {1, 8, 2, 7, 3, 6, 4, 5}, 0), layer(b, new float[] {4, 3, 2, 1}, 0));
    ScoreSelection.Result r = ScoreSelection.perLayer("t", layers, new int[] {3, 0}, Collapse.GUARD);
    assertEquals(List.of("0:1", "0:3", "0:5", "1:0"), kept(layers, r.words()));
    assertEquals(List.of("b.weight"), r.guarded());
    ScoreSelection.Result allow = ScoreSelection.perLayer("t", layers, new int[] {3, 0}, Collapse.ALLOW);
    assertEquals(List.of("b.weight"), allow.collapsed());
    assertEquals(List.of("0:1", "0:3", "0:5"), kept(layers, allow.words()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScoreSelection.perLayer("t", layers, new int[] {3, 0}, Collapse.ERROR));
    assertTrue(e.getMessage().contains("b.weight"), e.getMessage());
  }
}
