package dev.sparse4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DensityTest {

  @Test
  void sparsityAndDensityAreNamedAtTheCallSite() {
    assertEquals(Density.of(0.1).value(), Density.ofSparsity(0.9).value(), 1e-15);
    assertEquals(0.9, Density.of(0.1).sparsity(), 1e-15);
    assertTrue(Density.DENSE.isDense());
    assertTrue(Density.ofSparsity(0).isDense());
    assertFalse(Density.of(0.5).isDense());
    assertEquals("density 0.25 (sparsity 0.75)", Density.of(0.25).toString());
  }

  @Test
  void outOfRangeValuesSayWhatIsAllowed() {
    for (double bad : new double[] {0, -0.5, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      String m = assertThrows(IllegalArgumentException.class, () -> Density.of(bad)).getMessage();
      assertTrue(m.contains("density") && m.contains("(0, 1]"), m);
    }
    for (double bad : new double[] {1, -0.1, 1.5, Double.NaN}) {
      String m = assertThrows(IllegalArgumentException.class, () -> Density.ofSparsity(bad)).getMessage();
      assertTrue(m.contains("sparsity must be in [0, 1)"), m);
    }
  }

  /**
   * One exact conversion: sparsity 0.9 is density 0.1 to the last bit (binary 1 − 0.9 is 0.09999999999999998, which
   * made {@code uniform} keep one weight fewer in {@code allocate} than in {@code train}), and back.
   */
  @Test
  void sparsityAndDensityConvertExactlyInDecimal() {
    for (String s : new String[] {"0.9", "0.95", "0.98", "0.8", "0.99", "0.7", "0.999"}) {
      double sparsity = Double.parseDouble(s);
      double density = new java.math.BigDecimal("1").subtract(new java.math.BigDecimal(s)).doubleValue();
      assertEquals(density, Density.ofSparsity(sparsity).value(), 0.0, s);
      assertEquals(sparsity, Density.ofSparsity(sparsity).sparsity(), 0.0, s);
      assertEquals(density, Densities.fromSparsity(sparsity), 0.0, s);
    }
    assertEquals(0.1, Density.ofSparsity(0.9).value(), 0.0);
    org.junit.jupiter.api.Assertions.assertNotEquals(0.1, 1 - 0.9, 0.0, "what binary arithmetic gives");
  }
}
