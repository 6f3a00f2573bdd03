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
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The kernels against the TCK's double-precision reference on every layer type (strided and padded convolutions,
 * biases, pre-activation and projection residuals, pooling with padding), at densities 0 (every row empty), 0.1,
 * 0.5 and 1, each with the sparse and with the dense kernel forced (dense-threshold 1 and 0), with the scalar and
 * with the vector kernels, at batch sizes that leave a vector group partly empty.
 */
class SparseKernelsTest {
  /**
   * The CPU matrix's run ({@code -XX:UseAVX=2}, property {@code sparse4j.test.expected-lanes=8}) really runs
   * 8-lane vectors, as an AVX2-only CPU does: a run with the lanes of this machine would test nothing new.
   */
  @Test
  void theVectorWidthIsTheOneThisRunIsFor() {
    String expected = System.getProperty("sparse4j.test.expected-lanes");
    Assumptions.assumeTrue(expected != null, "not a CPU-matrix run");
    try (SparseBackend b = new SparseCpuProvider().create(new BackendOptions(Map.of("kernels", "vector")))) {
      String kernels = b.versions().get("kernels");
      Assertions.assertTrue(kernels.contains("(" + expected + " lanes"), "expected " + expected + " lanes: "
          + kernels);
    }
  }

  @Test
  void scalarKernelsMatchTheReference() {
    checkAgainstReference("scalar");
  }

  @Test
  void vectorKernelsMatchTheReference() {
    checkAgainstReference("vector");
  }

  /**
   * kernels=auto leaves small batches to the example-major family: a thread per example, vectors along the rows of
   * its stride-1 convolutions.
   */
  @Test
  void smallBatchRowVectorKernelsMatchTheReference() {
    checkAgainstReference("auto");
  }

  /**
   * The vector plan reuses its activation arrays from call to call; a stale value must never leak into the next
   * call, whatever its batch size (a full group, a partial one, several chunks on several threads).
   */
  @Test
  void repeatedCallsWithOtherBatchesStayExact() {
    try (SparseBackend b = new SparseCpuProvider().create(new BackendOptions(Map.of("threads", "2", "kernels",
        "vector")))) {
      for (ModelSpec spec : List.of(BackendSpecs.tinyResidual(), BackendSpecs.mlp())) {
        try (SparseModel m = b.build(spec, 7)) {
          m.applyMasks(BackendData.masks(spec.prunable(), 0.3, 8));
          int seed = 20;
          for (int batch : new int[] {40, 19, 3, 70, 19}) {
            float[] x = BackendData.inputs(batch * spec.inputSize(), seed++);
            double[] expected = BackendReference.logits(spec, m.state(), x, batch);
            float[] actual = m.logits(x, batch);
            for (int i = 0; i < expected.length; i++) {
              if (Math.abs(expected[i] - actual[i]) > 1e-4 + 1e-4 * Math.abs(expected[i])) {
                fail(spec.name() + " batch " + batch + " logits[" + i + "]: reference " + expected[i] + " vs "
                    + actual[i]);
              }
            }
          }
        }
      }
    }
  }

  private static void checkAgainstReference(String kernels) {
    for (String threshold : new String[] {"1", "0"}) {
      try (SparseBackend b = new SparseCpuProvider().create(new BackendOptions(Map.of("dense-threshold", threshold,
          "threads", "2", "kernels", kernels)))) {
        for (ModelSpec spec : List.of(BackendSpecs.tinyResidual(), BackendSpecs.allLayers(), BackendSpecs.tinyCnn(),
            BackendSpecs.mlp())) {
          for (double density : new double[] {0.0, 0.1, 0.5, 1.0}) {
            try (SparseModel m = b.build(spec, 7)) {
              MaskSet masks = density == 1.0 ? MaskSet.empty() : BackendData.masks(spec.prunable(), density, 8);
              m.applyMasks(masks);
              // Scalar: 3 examples run example by example; 70 as a full block of 64 and a partial one of 6.
              // Vector: 19 fill one group of 8 or 16 lanes and part of the next; 70 make 64-wide groups and a rest.
              // Auto: 3 examples, below its vector batch (4, or 8 with convolutions): a thread per example.
              int batch = kernels.equals("auto") ? 3 : spec.name().equals("tiny-mlp") ? 70
                  : kernels.equals("vector") ? 19 : 3;
              float[] x = BackendData.inputs(batch * spec.inputSize(), 9);
              double[] expected = BackendReference.logits(spec, m.state(), x, batch);
              float[] actual = m.logits(x, batch);
              for (int i = 0; i < expected.length; i++) {
                if (Math.abs(expected[i] - actual[i]) > 1e-4 + 1e-4 * Math.abs(expected[i])) {
                  fail(spec.name() + " " + kernels + " density " + density + " dense-threshold " + threshold
                      + " logits[" + i + "]: reference " + expected[i] + " vs " + actual[i]);
                }
              }
            }
          }
        }
      }
    }
  }
}
