package dev.sparse4j.backend.sparse;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.tck.BackendData;
import dev.sparse4j.tck.BackendReference;
import dev.sparse4j.tck.BackendSpecs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kernels against the TCK's double-precision reference on every layer type (strided and padded convolutions,
 * biases, pre-activation and projection residuals, pooling with padding), at densities 0 (every row empty), 0.1,
 * 0.5 and 1, each with the sparse and with the dense kernel forced (dense-threshold 1 and 0).
 */
class SparseKernelsTest {
  @Test
  void everyDensityAndKernelMatchesTheReference() {
    for (String threshold : new String[] {"1", "0"}) {
      try (SparseBackend b = new SparseCpuProvider().create(new BackendOptions(Map.of("dense-threshold", threshold,
          "threads", "2")))) {
        for (ModelSpec spec : List.of(BackendSpecs.tinyResidual(), BackendSpecs.allLayers(), BackendSpecs.tinyCnn(),
            BackendSpecs.mlp())) {
          for (double density : new double[] {0.0, 0.1, 0.5, 1.0}) {
            try (SparseModel m = b.build(spec, 7)) {
              MaskSet masks = density == 1.0 ? MaskSet.empty() : BackendData.masks(spec.prunable(), density, 8);
              m.applyMasks(masks);
              // 3 examples run example by example; 70 run as a full block of 64 and a partial one of 6.
              int batch = spec.name().equals("tiny-mlp") ? 70 : 3;
              float[] x = BackendData.inputs(batch * spec.inputSize(), 9);
              double[] expected = BackendReference.logits(spec, m.state(), x, batch);
              float[] actual = m.logits(x, batch);
              for (int i = 0; i < expected.length; i++) {
                if (Math.abs(expected[i] - actual[i]) > 1e-4 + 1e-4 * Math.abs(expected[i])) {
                  fail(spec.name() + " density " + density + " dense-threshold " + threshold + " logits[" + i
                      + "]: reference " + expected[i] + " vs " + actual[i]);
                }
              }
            }
          }
        }
      }
    }
  }
}
