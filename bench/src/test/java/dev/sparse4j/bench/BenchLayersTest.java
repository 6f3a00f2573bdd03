package dev.sparse4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BenchLayersTest {
  @Test
  void resNet20Sizes() {
    // ×1 is the standard CIFAR ResNet-20 (270,896 prunable weights); ×3 is the benchmark's layer set.
    assertEquals(270_896, BenchLayers.total(BenchLayers.resNet20(1)));
    assertEquals(BenchLayers.RESNET20_X3_WEIGHTS, BenchLayers.total(BenchLayers.resNet20(3)));
    assertEquals(22, BenchLayers.resNet20(3).size());
  }
}
