package dev.sparse4j.backend.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.tck.BackendData;
import dev.sparse4j.tck.BackendReference;
import dev.sparse4j.tck.BackendSpecs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-modules jdk.incubator.vector} (this class runs in a JVM of its own, surefire execution
 * {@code without-vector-api}): {@code kernels=auto} runs the scalar kernels and says so in its versions, and
 * {@code kernels=vector} fails with the JVM option to add.
 */
class ScalarFallbackTest {
  @Test
  void withoutTheVectorApiAutoRunsScalarAndVectorIsRefused() {
    boolean vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (Boolean.getBoolean("sparse4j.test.without-vector-api")) {
      assertFalse(vectorApi, "execution without-vector-api must start its JVM without --add-modules "
          + "jdk.incubator.vector");
    }
    // Run alone with -Dtest in the default execution (which has the module), there is nothing to check.
    assumeFalse(vectorApi, "needs a JVM without jdk.incubator.vector (surefire execution without-vector-api)");
    assertTrue(new SparseCpuProvider().versions().get("kernels").startsWith(
        "scalar (start the JVM with --add-modules jdk.incubator.vector"), new SparseCpuProvider().versions().toString());
    try (SparseBackend b = new SparseCpuProvider().create(BackendOptions.defaults())) {
      assertEquals("scalar", b.versions().get("kernels"));
      ModelSpec spec = BackendSpecs.tinyResidual();
      try (SparseModel m = b.build(spec, 7)) {
        int batch = 20;
        float[] x = BackendData.inputs(batch * spec.inputSize(), 9);
        double[] expected = BackendReference.logits(spec, m.state(), x, batch);
        float[] actual = m.logits(x, batch);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1e-4 + 1e-4 * Math.abs(expected[i]), "logits[" + i + "]");
        }
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SparseCpuProvider().create(new BackendOptions(Map.of("kernels", "vector"))));
    assertTrue(e.getMessage().contains("option kernels=vector needs the Java Vector API")
        && e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
  }
}
