package dev.sparse4j.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.runner.report.RunConfig;
import dev.sparse4j.train.TopologyConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepGridTest {
  private static RunConfig config(String backend, String model, double width, String allocator, double sparsity,
      String pruner, String dst, long seed) {
    return RunConfig.builder().backend(backend).model(model).width(width).allocator(allocator).sparsity(sparsity)
        .pruner(pruner).prunerOptions(Map.of()).seed(seed).epochs(1)
        .topology(dst.equals("static") ? null : TopologyConfig.of(dst)).build();
  }

  private static List<String> ids(SweepGrid g) {
    return g.cells(SweepGridTest::config).stream().map(SweepCell::id).toList();
  }

  @Test
  void dynamicSparseTrainingIsAnAxisAndDenseBaselinesStayStatic() {
    SweepGrid g = new SweepGrid(List.of("mlp"), List.of(1.0), List.of(0.9), List.of("erk"), List.of("random"),
        List.of("static", "set", "rigl"), null, List.of(0L));
    assertEquals(List.of("mlp-w1-dense-seed0", "mlp-w1-erk-s0.9-static-seed0", "mlp-w1-erk-s0.9-set-seed0",
        "mlp-w1-erk-s0.9-rigl-seed0"), ids(g));
    List<SweepCell> cells = g.cells(SweepGridTest::config);
    assertEquals(List.of("static", "static", "set", "rigl"), cells.stream().map(c -> c.config().dstName()).toList());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SweepGrid(List.of("mlp"),
        List.of(1.0), List.of(0.9), List.of("erk"), List.of("random"), List.of(), null, List.of(0L)));
    assertTrue(e.getMessage().contains("--dsts needs at least one value"), e.getMessage());
  }

  @Test
  void denseBaselineFirstThenAllocatorTimesPrunerTimesSparsityPerWidthAndSeed() {
    SweepGrid g = new SweepGrid(List.of("mlp"), List.of(1.0, 4.0), List.of(0.9, 0.95), List.of("erk"),
        List.of("random"), null, List.of(0L, 1L));
    assertEquals(List.of("mlp-w1-dense-seed0", "mlp-w1-erk-s0.9-seed0", "mlp-w1-erk-s0.95-seed0",
        "mlp-w1-dense-seed1", "mlp-w1-erk-s0.9-seed1", "mlp-w1-erk-s0.95-seed1",
        "mlp-w4-dense-seed0", "mlp-w4-erk-s0.9-seed0", "mlp-w4-erk-s0.95-seed0",
        "mlp-w4-dense-seed1", "mlp-w4-erk-s0.9-seed1", "mlp-w4-erk-s0.95-seed1"), ids(g));
    SweepCell dense = g.cells(SweepGridTest::config).get(0);
    assertEquals("dense", dense.config().allocator());
    assertEquals(0.0, dense.config().sparsity());
  }

  @Test
  void prunerAndBackendAreNamedOnlyWhenTheyVary() {
    assertEquals(List.of("r20-w0.5-dense-seed3", "r20-w0.5-uniform-s0.9-snip-seed3"), ids(new SweepGrid(
        List.of("r20"), List.of(0.5), List.of(0.9), List.of("uniform"), List.of("snip"), null, List.of(3L))));
    assertEquals(List.of("mlp-w1-dense-a-seed0", "mlp-w1-erk-s0.9-a-seed0", "mlp-w1-dense-b-seed0",
        "mlp-w1-erk-s0.9-b-seed0"), ids(new SweepGrid(List.of("mlp"), List.of(1.0), List.of(0.9), List.of("erk"),
            List.of("random"), List.of("a", "b"), List.of(0L))));
  }

  @Test
  void badAxesAreRefusedWithTheOptionName() {
    assertEquals("--widths needs at least one value", assertThrows(IllegalArgumentException.class,
        () -> new SweepGrid(List.of("mlp"), List.of(), List.of(0.9), List.of("erk"), List.of("random"), null,
            List.of(0L))).getMessage());
    assertEquals("--widths: every width must be > 0, got -1.0", assertThrows(IllegalArgumentException.class,
        () -> new SweepGrid(List.of("mlp"), List.of(-1.0), List.of(0.9), List.of("erk"), List.of("random"), null,
            List.of(0L))).getMessage());
    assertEquals("--sparsities lists 0.9 twice", assertThrows(IllegalArgumentException.class,
        () -> new SweepGrid(List.of("mlp"), List.of(1.0), Arrays.asList(0.9, 0.9), List.of("erk"),
            List.of("random"), null, List.of(0L))).getMessage());
  }
}
