package dev.sparse4j.prune.alloc;

import dev.sparse4j.prune.DensityAllocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.ParamSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Allocator densities on ResNet-20 against independently computed values.
 *
 * <p>The vectors were computed once with a separate float64 Python script written straight from the definitions in
 * docs/allocators.md (ERK/ER iteration: ε = (D·N − Σ_dense n) / Σ_rest raw·n, mark ε·raw &gt; 1 dense, repeat;
 * uniform+: first dense, last max(0.2, d), d solving total = D·N; ERK+: fc fixed, ERK on the rest with
 * D·N − fc·n_fc), not with this code.
 * Rows hold the nine shape groups of {@link ResNet20#group}: conv1, layer1 convs, layer2.0.conv1, other layer2
 * convs, layer2 shortcut, layer3.0.conv1, other layer3 convs, layer3 shortcut, fc.
 */
class AllocatorVectorsTest {
  private static final double TOL = 1e-9;
  private static final List<ParamSpec> NET = ResNet20.layers();

  // erk D=0.1, eps = 16.985985592665358; layer2 shortcut and fc forced dense
  static final double[] ERK_01 = {0.9829852773533193, 0.28015080404569603, 0.19905451866404716,
      0.12901681765262316, 1.0, 0.09399796714691117, 0.06174376273375537, 0.8128059512115259, 1.0};
  // er D=0.1, eps = 2.2475400315274205; nothing dense
  static final double[] ER_01 = {0.8896512624796039, 0.28094250394092757, 0.21070687795569568,
      0.14047125197046378, 0.21070687795569568, 0.10535343897784784, 0.07023562598523189, 0.10535343897784784,
      0.25987181614535804};
  // erk power-scale=0.5 D=0.1, eps = 1.3748515706936815
  static final double[] ERK_P05_01 = {0.33073788518157365, 0.17656571404975047, 0.14883204833170813,
      0.11982118246010322, 0.42964111584177545, 0.10227504262477757, 0.0828909247286199, 0.3007487810892428,
      0.46750007731696774};
  // uniform-plus D=0.1 (d < 0.2, so the last layer sits at 0.2)
  static final double[] UPLUS_01 = {1.0, 0.09832186907020873, 0.09832186907020873, 0.09832186907020873,
      0.09832186907020873, 0.09832186907020873, 0.09832186907020873, 0.09832186907020873, 0.2};
  // erk D=0.01, eps = 1.6407995154451847
  static final double[] ERK_001 = {0.09495367566233708, 0.027061797563766067, 0.019228119321623258,
      0.012462669930681741, 0.1602343276801938, 0.009079945235210983, 0.005964277752540548, 0.07851482056329497,
      0.1897174439733495};
  // er D=0.01, eps = 0.22475400315274205
  static final double[] ER_001 = {0.0889651262479604, 0.028094250394092756, 0.021070687795569566,
      0.014047125197046378, 0.021070687795569566, 0.010535343897784783, 0.007023562598523189,
      0.010535343897784783, 0.025987181614535802};
  // erk-plus D=0.01, eps = 1.3119594166138238 (fc dense, ERK over the other 21 layers)
  static final double[] ERKPLUS_001 = {0.07592357735033703, 0.02163821954484605, 0.015374524413443247,
      0.009964969527231735, 0.12812103677869371, 0.007260192084125978, 0.004768949702318045,
      0.06277930802155993, 1.0};
  // uniform-plus D=0.01
  static final double[] UPLUS_001 = {1.0, 0.00796430265654649, 0.00796430265654649, 0.00796430265654649,
      0.00796430265654649, 0.00796430265654649, 0.00796430265654649, 0.00796430265654649, 0.2};
  // erk-plus fc-density=0.5 D=0.1, eps = 17.195546823837592
  static final double[] ERKPLUS_FC05_01 = {0.9951126634165274, 0.2836071090737103, 0.2015103143418468,
      0.1306085370734192, 1.0, 0.09515764843920543, 0.06250551417085062, 0.822833783562541, 0.5};

  @Test
  void resNet20HasTheExpectedSize() {
    assertEquals(22, NET.size());
    assertEquals(ResNet20.TOTAL, NET.stream().mapToLong(ParamSpec::numel).sum());
  }

  @Test
  void erkAtTenPercent() {
    DensityPlan p = check(new ErkAllocator(), 0.1, ERK_01);
    assertEquals(16.985985592665358, p.erkEpsilon().orElseThrow(), TOL);
    assertEquals(List.of("layer2.0.shortcut.0.weight", "fc.weight"), p.denseLayers());
    assertEquals(1.0, p.density("fc.weight"));
    // hand check of one entry: ε · (16+3+3+3)/432
    assertEquals(16.985985592665358 * 25 / 432, p.density("conv1.weight"), TOL);
  }

  @Test
  void erAtTenPercent() {
    DensityPlan p = check(new ErAllocator(), 0.1, ER_01);
    assertEquals(2.2475400315274205, p.erkEpsilon().orElseThrow(), TOL);
    assertTrue(p.denseLayers().isEmpty());
  }

  @Test
  void erkWithPowerScaleHalf() {
    DensityPlan p = check(new ErkAllocator().configure(Map.of("power-scale", "0.5")), 0.1, ERK_P05_01);
    assertEquals(1.3748515706936815, p.erkEpsilon().orElseThrow(), TOL);
    assertEquals(Map.of("power-scale", "0.5"), p.allocatorConfig());
  }

  @Test
  void erkAndErAtOnePercent() {
    assertEquals(1.6407995154451847, check(new ErkAllocator(), 0.01, ERK_001).erkEpsilon().orElseThrow(), TOL);
    assertEquals(0.22475400315274205, check(new ErAllocator(), 0.01, ER_001).erkEpsilon().orElseThrow(), TOL);
  }

  @Test
  void erkPlus() {
    // At 10% plain ERK already makes fc dense, so ERK+ equals ERK there.
    DensityPlan ten = check(new ErkPlusAllocator(), 0.1, ERK_01);
    assertEquals(16.985985592665358, ten.erkEpsilon().orElseThrow(), TOL);
    DensityPlan one = check(new ErkPlusAllocator(), 0.01, ERKPLUS_001);
    assertEquals(1.3119594166138238, one.erkEpsilon().orElseThrow(), TOL);
    assertEquals(List.of("fc.weight"), one.denseLayers());
    DensityPlan half = check(Allocators.get("erk-plus", Map.of("fc-density", "0.5")), 0.1, ERKPLUS_FC05_01);
    assertEquals(17.195546823837592, half.erkEpsilon().orElseThrow(), TOL);
    assertFalse(half.denseLayers().contains("fc.weight"));
  }

  @Test
  void uniformPlus() {
    DensityPlan p = check(new UniformPlusAllocator(), 0.1, UPLUS_01);
    assertEquals(List.of("conv1.weight"), p.denseLayers());
    assertTrue(p.erkEpsilon().isEmpty());
    check(new UniformPlusAllocator(), 0.01, UPLUS_001);
    // Above d = 0.2 the last layer follows d: d = (D·N − 432) / (N − 432) at D = 0.5.
    DensityPlan half = new UniformPlusAllocator().allocate(NET, Density.of(0.5));
    double d = (0.5 * ResNet20.TOTAL - 432) / (ResNet20.TOTAL - 432);
    assertEquals(d, half.density("fc.weight"), TOL);
    assertEquals(d, half.density("layer3.2.conv2.weight"), TOL);
  }

  @Test
  void uniformAndDense() {
    DensityPlan u = new UniformAllocator().allocate(NET, Density.of(0.1));
    u.layers().forEach(l -> assertEquals(0.1, l.density()));
    DensityPlan d = new DenseAllocator().allocate(NET, Density.of(1.0));
    d.layers().forEach(l -> assertEquals(1.0, l.density()));
    assertEquals(ResNet20.TOTAL, d.totalKept());
    assertEquals(0.0, d.maxFeasibleSparsity());
  }

  @Test
  void customFixesNamedLayersAndSpreadsTheRest() {
    DensityPlan p = Allocators.custom(Map.of("conv1.weight", 1.0, "fc.weight", 0.5)).allocate(NET, Density.of(0.1));
    assertEquals(1.0, p.density("conv1.weight"));
    assertEquals(0.5, p.density("fc.weight"));
    double rest = (0.1 * ResNet20.TOTAL - 432 - 320) / (ResNet20.TOTAL - 432 - 640);
    assertEquals(rest, p.density("layer2.1.conv1.weight"), TOL);
    assertEquals(List.of("conv1.weight"), p.denseLayers());
  }

  @Test
  void maxFeasibleSparsityMatchesHandComputedBounds() {
    // ERK: the smallest kept count is conv1's ε·25 (Σ dims of 16x3x3x3), ≥ 0.5 rounds to 1, so ε_min = 0.02 and
    // D_min = 0.02 · Σ_l Σ dims_l / N (no layer is dense there).
    assertEquals(0.9998781082038863, new ErkAllocator().allocate(NET, Density.of(0.1)).maxFeasibleSparsity(), TOL);
    // uniform: the smallest layer (432) needs D·432 ≥ 0.5.
    assertEquals(1 - 0.5 / 432, new UniformAllocator().allocate(NET, Density.of(0.1)).maxFeasibleSparsity(), TOL);
    // uniform+: (n_first + 0.2·n_last + (0.5/512)·n_middle) / N, the 512-weight shortcut being the smallest middle.
    assertEquals(0.9969600880042525, new UniformPlusAllocator().allocate(NET, Density.of(0.1)).maxFeasibleSparsity(), TOL);
    // erk+: 640 dense fc weights plus ERK on the rest with conv1 at ε·25 = 0.5.
    assertEquals(0.9975210412852165, new ErkPlusAllocator().allocate(NET, Density.of(0.1)).maxFeasibleSparsity(), TOL);
  }

  @Test
  void planReportsTargetAndAchievedPerLayer() {
    DensityPlan p = new ErkAllocator().allocate(NET, Density.of(0.1));
    assertEquals("erk", p.allocator());
    assertEquals(0.1, p.targetDensity());
    LayerDensity fc = p.layer("fc.weight");
    assertEquals(640, fc.keptCount());
    LayerDensity conv1 = p.layer("conv1.weight");
    assertEquals(425, conv1.keptCount()); // round(0.98298… · 432) = round(424.65)
    assertEquals(425.0 / 432, conv1.achievedDensity(), 1e-15);
  }

  @Test
  void everyAllocatorKeepsRoundDnWithinOnePerLayer() {
    List<DensityAllocator> allocators = List.of(new UniformAllocator(), new ErAllocator(), new ErkAllocator(),
        new ErkAllocator(0.5), new UniformPlusAllocator(), new ErkPlusAllocator(), new ErkPlusAllocator(0.3, 1.0),
        CustomAllocator.of(Map.of("conv1.weight", 1.0)));
    for (DensityAllocator a : allocators) {
      for (double d : new double[] {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95}) {
        DensityPlan p = a.allocate(NET, Density.of(d));
        long target = Math.round(d * ResNet20.TOTAL);
        assertTrue(Math.abs(p.totalKept() - target) <= NET.size(),
            a.name() + " " + a.config() + " at " + d + ": kept " + p.totalKept() + " vs " + target);
        double sum = 0;
        for (LayerDensity l : p.layers()) {
          sum += l.density() * l.param().numel();
        }
        assertEquals(d * ResNet20.TOTAL, sum, 1e-6, a.name() + " continuous total at " + d);
      }
    }
  }

  @Test
  void densityOneIsAllDenseForEveryAllocator() {
    for (DensityAllocator a : List.of(new UniformAllocator(), new ErAllocator(), new ErkAllocator(),
        new UniformPlusAllocator(), new ErkPlusAllocator(), new DenseAllocator())) {
      DensityPlan p = a.allocate(NET, Density.of(1.0));
      assertEquals(ResNet20.TOTAL, p.totalKept(), a.name());
    }
  }

  private static DensityPlan check(DensityAllocator a, double density, double[] expected) {
    DensityPlan p = a.allocate(NET, Density.of(density));
    assertEquals(NET.stream().map(ParamSpec::name).toList(), p.names());
    for (LayerDensity l : p.layers()) {
      assertEquals(expected[ResNet20.group(l.name())], l.density(), TOL, a.name() + " " + l.name());
    }
    long target = Math.round(density * ResNet20.TOTAL);
    assertTrue(Math.abs(p.totalKept() - target) <= NET.size(), "kept " + p.totalKept() + " vs " + target);
    assertEquals(a.name(), p.allocator());
    assertEquals(a.config(), p.allocatorConfig());
    return p;
  }
}
