package dev.sparse4j.prune;

import dev.sparse4j.api.Options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.prune.alloc.Allocators;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
  private static final String WHAT = "pruner 'mine'";

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void gettersReturnTheCurrentValueForAbsentKeys() {
    Options o = Options.read(WHAT, Map.of(), List.of("a", "b"));
    assertEquals(3, o.wholeNumber("a", 1, 3));
    assertEquals(2.5, o.finite("b", 2.5));
    assertEquals(2.5, o.positive("b", 2.5));
    assertTrue(o.bool("a", true));
    assertEquals("x", o.string("a", "x"));
    assertFalse(o.has("a"));
  }

  @Test
  void parsesTrimmedValues() {
    Options o = Options.read(WHAT, Map.of("n", " 4 ", "x", "1e-3", "flag", "TRUE", "hessian", "Central"),
        List.of("n", "x", "flag", "hessian"));
    assertEquals(4, o.wholeNumber("n", 1, 0));
    assertEquals(1e-3, o.positive("x", 1));
    assertTrue(o.bool("flag", false));
    assertEquals(GraspPruner.Hessian.CENTRAL, o.choice("hessian", GraspPruner.Hessian.class, GraspPruner.Hessian.AUTO));
  }

  @Test
  void badValuesNameTheOptionTheComponentAndTheValue() {
    assertEquals("option n of pruner 'mine' must be a whole number, got '2.5'",
        message(() -> Options.read(WHAT, Map.of("n", "2.5"), List.of("n")).wholeNumber("n", 1, 1)));
    assertEquals("option n of pruner 'mine' must be at least 1, got 0",
        message(() -> Options.read(WHAT, Map.of("n", "0"), List.of("n")).wholeNumber("n", 1, 1)));
    assertEquals("option x of pruner 'mine' must be a number, got 'abc'",
        message(() -> Options.read(WHAT, Map.of("x", "abc"), List.of("x")).finite("x", 1)));
    assertEquals("option x of pruner 'mine' must be finite, got 'NaN'",
        message(() -> Options.read(WHAT, Map.of("x", "NaN"), List.of("x")).finite("x", 1)));
    assertEquals("option x of pruner 'mine' must be > 0, got 0",
        message(() -> Options.read(WHAT, Map.of("x", "0"), List.of("x")).positive("x", 1)));
    assertEquals("option f of pruner 'mine' must be true or false, got 'yes'",
        message(() -> Options.read(WHAT, Map.of("f", "yes"), List.of("f")).bool("f", false)));
    assertEquals("option hessian of pruner 'mine' must be auto, exact, forward or central, got 'x'",
        message(() -> Options.read(WHAT, Map.of("hessian", "x"), List.of("hessian"))
            .choice("hessian", GraspPruner.Hessian.class, GraspPruner.Hessian.AUTO)));
    assertEquals("unknown options [p, q] for pruner 'mine'; known options: a, b",
        message(() -> Options.read(WHAT, new java.util.TreeMap<>(Map.of("p", "1", "q", "2")), List.of("a", "b"))));
    assertEquals("unknown option [p] for pruner 'mine'; it takes no options",
        message(() -> Options.read(WHAT, Map.of("p", "1"), List.of())));
  }

  @Test
  void oldCamelCaseKeysStillWorkButNotTogetherWithTheNewOnes() {
    assertEquals("power-scale", Options.kebab("powerScale"));
    assertEquals("batch-size", Options.kebab("batch-size"));
    // The first release wrote powerScale / fcDensity; mask files and scripts with them still configure the same.
    assertEquals(Allocators.get("erk", Map.of("power-scale", "0.5")),
        Allocators.get("erk", Map.of("powerScale", "0.5")));
    assertEquals(Allocators.get("erk-plus", Map.of("fc-density", "0.5")),
        Allocators.get("erk-plus", Map.of("fcDensity", "0.5")));
    assertEquals(Pruners.get("snip", Map.of("batch-size", "7")), Pruners.get("snip", Map.of("batchSize", "7")));
    String both = message(() -> Allocators.get("erk", Map.of("powerScale", "0.5", "power-scale", "1")));
    assertTrue(both.contains("old spelling of power-scale") && both.contains("keep only power-scale"), both);
  }

  @Test
  void everyBuiltInOptionKeyIsLowerKebab() {
    for (var a : Allocators.all()) {
      a.config().keySet().forEach(k -> assertTrue(k.matches("[a-z]+(-[a-z]+)*"), a.name() + ": " + k));
    }
    for (var p : Pruners.all()) {
      p.config().keySet().forEach(k -> assertTrue(k.matches("[a-z]+(-[a-z]+)*"), p.name() + ": " + k));
    }
  }
}
