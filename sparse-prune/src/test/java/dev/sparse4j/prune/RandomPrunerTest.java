package dev.sparse4j.prune;

import dev.sparse4j.api.ModelView;
import dev.sparse4j.api.SplitMix64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.prune.alloc.ErkAllocator;
import dev.sparse4j.prune.alloc.ResNet20;
import dev.sparse4j.prune.alloc.UniformAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RandomPrunerTest {
  private static final List<ParamSpec> NET = ResNet20.layers();
  private static final ModelView VIEW = ModelView.of(NET);

  @Test
  void exactModeKeepsThePlannedCountInEveryLayer() {
    for (double d : new double[] {0.01, 0.1, 0.5, 0.9, 1.0}) {
      DensityPlan plan = new ErkAllocator().allocate(NET, Density.of(d));
      MaskSet masks = new RandomPruner().prune(VIEW, plan, PruneContext.ofSeed(1));
      assertEquals(plan.names(), List.copyOf(masks.names()));
      for (LayerDensity l : plan.layers()) {
        Mask m = masks.get(l.name());
        assertEquals(l.keptCount(), m.kept(), l.name() + " at " + d);
        assertArrayEquals(l.param().shape(), m.shape());
      }
      assertEquals(plan.totalKept(), masks.kept());
    }
  }

  @Test
  void sameSeedSameMasksAndDifferentSeedsDiffer() {
    DensityPlan plan = new ErkAllocator().allocate(NET, Density.of(0.1));
    RandomPruner p = new RandomPruner();
    MaskSet a = p.prune(VIEW, plan, PruneContext.ofSeed(42));
    assertEquals(a, p.prune(VIEW, plan, PruneContext.ofSeed(42)));
    MaskSet b = p.prune(VIEW, plan, PruneContext.ofSeed(43));
    for (String name : plan.names()) {
      if (plan.density(name) < 1.0) {
        assertNotEquals(a.get(name), b.get(name), name);
      }
    }
  }

  @Test
  void parallelAndSequentialDrawsAreIdentical() {
    // 4.3M weights: above the parallel threshold.
    List<ParamSpec> wide = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      wide.add(ParamSpec.of("block" + i + ".weight", ParamKind.WEIGHT, 256, 256, 2, 2));
    }
    DensityPlan plan = new UniformAllocator().allocate(wide, Density.of(0.3));
    MaskSet par = new RandomPruner(RandomPruner.Mode.EXACT, true).prune(ModelView.of(wide), plan, PruneContext.ofSeed(5));
    MaskSet seq = new RandomPruner(RandomPruner.Mode.EXACT, false).prune(ModelView.of(wide), plan, PruneContext.ofSeed(5));
    assertEquals(seq, par);
  }

  @Test
  void maskOfALayerDoesNotDependOnLayerOrderOrOtherLayers() {
    DensityPlan plan = new ErkAllocator().allocate(NET, Density.of(0.1));
    List<LayerDensity> reversed = new ArrayList<>(plan.layers());
    Collections.reverse(reversed);
    DensityPlan rev = new DensityPlan("erk", Map.of(), 0.1, reversed, OptionalDouble.empty(), List.of(), 0.99);
    DensityPlan onlyOne = new DensityPlan("erk", Map.of(), 0.1, List.of(plan.layer("layer3.2.conv2.weight")),
        OptionalDouble.empty(), List.of(), 0.99);
    MaskSet a = new RandomPruner().prune(VIEW, plan, PruneContext.ofSeed(9));
    MaskSet b = new RandomPruner().prune(ModelView.of(reversed.stream().map(LayerDensity::param).toList()), rev,
        PruneContext.ofSeed(9));
    for (String name : plan.names()) {
      assertEquals(a.get(name), b.get(name), name);
    }
    assertEquals(a.get("layer3.2.conv2.weight"),
        new RandomPruner().prune(VIEW, onlyOne, PruneContext.ofSeed(9)).get("layer3.2.conv2.weight"));
    assertEquals("fc.weight", b.names().iterator().next()); // plan order is kept
  }

  @Test
  void goldenKeptIndicesForSeedZero() {
    // Pinned output: conv1.weight (16x3x3x3 = 432 weights) at density 0.1 keeps round(43.2) = 43 positions.
    // The first ten kept indices were also produced by an independent Python implementation of the documented
    // procedure (SplitMix64 stream, Lemire bounded ints, Floyd sampling). A change here changes every user's masks.
    Mask m = RandomPruner.exactMask(NET.get(0), 43, 0L);
    assertEquals(43, m.kept());
    assertArrayEquals(new int[] {2, 5, 13, 18, 25, 34, 40, 44, 63, 65}, firstKept(m, 10));
    // The inverted path (more kept than dropped): 400 of 432 kept, the 32 dropped positions pinned.
    Mask dense = RandomPruner.exactMask(NET.get(0), 400, 0L);
    assertArrayEquals(new int[] {2, 5, 13, 18, 26, 34, 42, 45, 67, 104, 125, 144, 149, 168, 183, 203, 210, 216, 223,
        228, 239, 243, 324, 342, 343, 381, 385, 391, 398, 414, 425, 426}, dropped(dense));
    // A linear layer under another seed.
    Mask fc = RandomPruner.exactMask(NET.get(NET.size() - 1), 64, 42L);
    assertArrayEquals(new int[] {4, 12, 27, 32, 42, 58, 68, 70, 79, 87}, firstKept(fc, 10));
    // Bernoulli: position i is kept iff the i-th nextDouble() < d.
    Mask bern = RandomPruner.bernoulliMask(NET.get(0), 0.1, 0L);
    assertArrayEquals(new int[] {6, 8, 10, 11, 13, 31, 41, 64, 95, 96}, firstKept(bern, 10));
  }

  @Test
  void bernoulliMeanIsCloseToTheDensity() {
    ParamSpec big = ParamSpec.of("big.weight", ParamKind.WEIGHT, 1000, 1000);
    for (double d : new double[] {0.05, 0.3, 0.5}) {
      Mask m = RandomPruner.bernoulliMask(big, d, 2024L);
      double sigma = Math.sqrt(d * (1 - d) / 1e6);
      // Fixed seed, so the result is deterministic; 6σ shows it is not a fluke of the bound.
      assertEquals(d, m.density(), 6 * sigma, "density " + d);
      assertNotEquals(Math.round(d * 1e6), (long) m.kept(), "bernoulli should not hit the exact count");
    }
    Pruner p = Pruners.get("random", Map.of("mode", "bernoulli"));
    DensityPlan plan = new UniformAllocator().allocate(List.of(big), Density.of(0.2));
    MaskSet masks = p.prune(ModelView.of(List.of(big)), plan, PruneContext.ofSeed(3));
    assertEquals(0.2, masks.density(), 6 * Math.sqrt(0.2 * 0.8 / 1e6));
    assertEquals(masks, p.prune(ModelView.of(List.of(big)), plan, PruneContext.ofSeed(3)));
  }

  @Test
  void exactMasksAreUniformOverPositions() {
    // Every position of a 10-weight layer should be kept about k/n of the time over many seeds.
    ParamSpec small = ParamSpec.of("s.weight", ParamKind.WEIGHT, 2, 5);
    int[] hits = new int[10];
    int runs = 20_000;
    for (int seed = 0; seed < runs; seed++) {
      Mask m = RandomPruner.exactMask(small, 3, seed);
      for (int i = 0; i < 10; i++) {
        if (m.isKept(i)) {
          hits[i]++;
        }
      }
    }
    for (int h : hits) {
      // expected 6000, σ ≈ 65
      assertTrue(Math.abs(h - 6000) < 400, java.util.Arrays.toString(hits));
    }
  }

  @Test
  void optionsAndConfig() {
    Pruner p = Pruners.get("random");
    assertEquals(Map.of("mode", "exact", "parallel", "true"), p.config());
    Pruner b = p.configure(Map.of("mode", "Bernoulli"));
    assertEquals(new RandomPruner(RandomPruner.Mode.BERNOULLI, true), b);
    assertEquals(b, Pruners.get("random", b.config()));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> p.configure(Map.of("seed", "1")));
    assertTrue(unknown.getMessage().contains("known options: mode, parallel"), unknown.getMessage());
    IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
        () -> p.configure(Map.of("mode", "shuffle")));
    assertTrue(mode.getMessage().contains("exact or bernoulli"), mode.getMessage());
  }

  @Test
  void rejectsPlansThatDoNotFitTheModel() {
    DensityPlan plan = new ErkAllocator().allocate(NET, Density.of(0.1));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new RandomPruner().prune(ModelView.of(NET.subList(0, 3)), plan, PruneContext.ofSeed(0)));
    assertTrue(missing.getMessage().contains("no such parameter"), missing.getMessage());
    List<ParamSpec> reshaped = new ArrayList<>(NET);
    reshaped.set(0, ParamSpec.of("conv1.weight", ParamKind.WEIGHT, 16, 3, 5, 5));
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> new RandomPruner().prune(ModelView.of(reshaped), plan, PruneContext.ofSeed(0)));
    assertTrue(shape.getMessage().contains("16x3x3x3") && shape.getMessage().contains("16x3x5x5"),
        shape.getMessage());
    DensityPlan zero = new DensityPlan("x", Map.of(), 0.5,
        List.of(new LayerDensity(NET.get(0), 0.001)), OptionalDouble.empty(), List.of(), 0);
    IllegalArgumentException z = assertThrows(IllegalArgumentException.class,
        () -> new RandomPruner().prune(VIEW, zero, PruneContext.ofSeed(0)));
    assertTrue(z.getMessage().contains("= 0 weights of conv1.weight"), z.getMessage());
  }

  @Test
  void unknownPrunerListsKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pruners.get("snipp"));
    assertTrue(e.getMessage().contains("unknown pruner 'snipp'; known pruners: random"), e.getMessage());
    assertTrue(Pruners.names().contains("random"));
    assertEquals(Pruners.names(), Pruners.all().stream().map(Pruner::name).toList());
  }

  private static int[] firstKept(Mask m, int count) {
    int[] out = new int[count];
    int j = 0;
    for (int i = 0; i < m.numel() && j < count; i++) {
      if (m.isKept(i)) {
        out[j++] = i;
      }
    }
    return out;
  }

  private static int[] dropped(Mask m) {
    List<Integer> d = new ArrayList<>();
    for (int i = 0; i < m.numel(); i++) {
      if (!m.isKept(i)) {
        d.add(i);
      }
    }
    return d.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void keptEntryMasksAreThePrunersBitmapsWithoutTheBitmap() {
    // Densities below and above one half: Floyd's draws remembered in a hash set, and the inverted bitmap path.
    for (double d : new double[] {0.01, 0.1, 0.5, 0.9}) {
      DensityPlan plan = new ErkAllocator().allocate(NET, Density.of(d));
      MaskSet bitmaps = new RandomPruner().prune(VIEW, plan, PruneContext.ofSeed(7));
      dev.sparse4j.api.KeptMaskSet kept = new RandomPruner().keptMasks(plan, 7);
      assertEquals(bitmaps, kept.toMaskSet(), "density " + d);
    }
  }

  @Test
  void aLayerOfTenBillionPositionsIsDrawnFromItsKeptCount() {
    ParamSpec huge = ParamSpec.of("fc2.weight", ParamKind.WEIGHT, 100_000, 100_000);
    DensityPlan plan = new DensityPlan("custom", Map.of(), 1e-6, List.of(new LayerDensity(huge, 1e-6)),
        OptionalDouble.empty(), List.of(), 1.0);
    dev.sparse4j.api.KeptMask m = new RandomPruner().keptMasks(plan, 3).get("fc2.weight");
    assertEquals(10_000, m.kept());
    assertEquals(10_000_000_000L, m.size());
    assertEquals(m, RandomPruner.exactKeptMask(huge, 10_000, 3)); // the same draws every time
    // Uniform over rows: 10,000 draws over 100,000 rows land in the first half about half of the time.
    int firstHalf = m.rowStart(50_000);
    assertTrue(Math.abs(firstHalf - 5_000) < 300, "kept in the first half of the rows: " + firstHalf);
    int[] cols = m.columns();
    long high = java.util.Arrays.stream(cols).filter(c -> c >= 50_000).count();
    assertTrue(Math.abs(high - 5_000) < 300, "kept in the upper half of the columns: " + high);
    IllegalArgumentException tooDense = assertThrows(IllegalArgumentException.class,
        () -> RandomPruner.exactKeptMask(ParamSpec.of("w", ParamKind.WEIGHT, 50_000, 50_000), 2_000_000_000, 3));
    assertTrue(tooDense.getMessage().contains("more than half"), tooDense.getMessage());
  }

  @Test
  void keptEntryMasksNeedExactMode() {
    DensityPlan plan = new ErkAllocator().allocate(NET, Density.of(0.1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RandomPruner.of(RandomPruner.Mode.BERNOULLI).keptMasks(plan, 1));
    assertTrue(e.getMessage().contains("mode=exact only"), e.getMessage());
  }
}
