package dev.sparse4j.cli.internal.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.cli.internal.Plots;
import dev.sparse4j.runner.sweep.SweepResults.Group;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lines of the sweep plots for a grid with a topology-updater axis. */
class SweepPlotsTest {
  private static Group group(String allocator, double sparsity, String dst, double accuracy, Double itop) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("model", "mlp");
    key.put("width", 1.0);
    key.put("allocator", allocator);
    key.put("sparsity", sparsity);
    key.put("pruner", "random");
    key.put("dst", dst);
    key.put("backend", "djl-pytorch");
    key.put("epochs", 5L);
    Map<String, Double> mean = new LinkedHashMap<>();
    mean.put("accuracy", accuracy);
    mean.put("totalDensity", 1 - sparsity);
    if (itop != null) {
      mean.put("itop", itop);
    }
    return new Group(key, 3, mean, Map.of("accuracy", 0.001));
  }

  private static final List<Group> GROUPS = List.of(
      group("dense", 0.0, "static", 0.88, null),
      group("erk", 0.9, "static", 0.86, 0.10), group("erk", 0.98, "static", 0.84, 0.02),
      group("erk", 0.9, "rigl", 0.87, 0.30), group("erk", 0.98, "rigl", 0.85, 0.08),
      group("erk", 0.9, "set", 0.865, null));

  @Test
  void oneLinePerUpdaterEachInItsOwnColour() {
    List<Plots.Line> lines = SweepPlots.againstSparsity(GROUPS, "accuracy");
    assertEquals(List.of("×1 erk static", "×1 erk rigl", "×1 erk set", "×1 dense"),
        lines.stream().map(Plots.Line::name).toList());
    assertEquals(3, lines.stream().filter(l -> !l.dashed()).map(Plots.Line::color).distinct().count());
    Plots.Line rigl = lines.get(1);
    assertEquals(0.9, rigl.points().get(0).x(), 1e-12);
    assertEquals(0.87, rigl.points().get(0).y(), 1e-12);
    assertEquals(0.98, rigl.points().get(1).x(), 1e-12);
    assertTrue(lines.get(3).dashed());
  }

  @Test
  void groupsWithoutTheMetricAreLeftOut() {
    List<Plots.Line> lines = SweepPlots.againstSparsity(GROUPS, "itop");
    assertEquals(List.of("×1 erk static", "×1 erk rigl"), lines.stream().map(Plots.Line::name).toList());
    assertEquals(0.30, lines.get(1).points().get(0).y(), 1e-12);
  }
}
