package dev.sparse4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's argument parsing (the benchmark itself is not part of CI). */
class PyTorchComparisonTest {

  @Test
  void modelsTimesMaskingInOrder() {
    assertEquals(List.of(new PyTorchComparison.Config("resnet20", 1, false),
        new PyTorchComparison.Config("resnet20", 1, true), new PyTorchComparison.Config("mlp", 0.5, false),
        new PyTorchComparison.Config("mlp", 0.5, true)), PyTorchComparison.configs("resnet20:1, mlp:0.5",
        "dense,masked"));
    assertEquals("resnet20 ×2 masked", new PyTorchComparison.Config("resnet20", 2, true).label());
    assertEquals("mlp ×0.5 dense", new PyTorchComparison.Config("mlp", 0.5, false).label());
  }

  @Test
  void badArgumentsSayWhatIsExpected() {
    assertEquals("models: expected resnet20:<width> or mlp:<width>, got 'vgg16:1'", assertThrows(
        IllegalArgumentException.class, () -> PyTorchComparison.configs("vgg16:1", "dense")).getMessage());
    assertEquals("models: the width of 'mlp:x' is not a number", assertThrows(IllegalArgumentException.class,
        () -> PyTorchComparison.configs("mlp:x", "dense")).getMessage());
    assertEquals("masking: expected dense and/or masked, got 'sparse'", assertThrows(IllegalArgumentException.class,
        () -> PyTorchComparison.configs("mlp:1", "sparse")).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> BenchArgs.parse(PyTorchComparison.defaults(), new String[] {"roundz=3"}));
  }
}
