package dev.sparse4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainStepBenchmarkTest {

  @Test
  void quantilesInterpolateLinearly() {
    // Sorted 1..5: position p·4. Median 3; p10 at 0.4 → 1.4; p90 at 3.6 → 4.6; mean 3.
    StepStats s = StepStats.of(new double[] {5, 1, 4, 2, 3});
    assertEquals(5, s.n());
    assertEquals(3.0, s.median(), 1e-12);
    assertEquals(1.4, s.p10(), 1e-12);
    assertEquals(4.6, s.p90(), 1e-12);
    assertEquals(3.0, s.mean(), 1e-12);
    // Even count: median halfway between the middle two.
    assertEquals(2.5, StepStats.of(new double[] {4, 1, 3, 2}).median(), 1e-12);
    assertEquals(7.0, StepStats.of(new double[] {7}).p90(), 1e-12);
  }

  @Test
  void badSamplesAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StepStats.of(new double[0]))
        .getMessage().contains("empty"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StepStats.quantile(new double[] {1}, 1.5))
        .getMessage().contains("got 1.5"));
  }

  @Test
  void settingsHaveTheIssueDefaultsAndTakeKeyValues() {
    TrainStepBenchmark.Settings d = TrainStepBenchmark.Settings.parse(new String[0]);
    assertEquals("djl-pytorch", d.backend());
    assertEquals(List.of("resnet20", "mlp"), d.models());
    assertArrayEquals(new int[] {1, 28, 28}, d.input());
    assertEquals(128, d.batch());
    assertEquals(0.1, d.density());
    TrainStepBenchmark.Settings s = TrainStepBenchmark.Settings.parse(new String[] {"pairs=3", "models=mlp"});
    assertEquals(3, s.pairs());
    assertEquals(List.of("mlp"), s.models());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainStepBenchmark.Settings.parse(new String[] {"pair=3"}));
    assertTrue(e.getMessage().contains("'pair=3'"), e.getMessage());
  }
}
