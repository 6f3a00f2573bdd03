package dev.sparse4j.backend.nd4j.internal;

import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.backend.nd4j.Nd4jProvider;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.tck.BackendData;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where a ResNet-20 training step of the nd4j backend spends its time, per SameDiff op type (a profiling tool, not a
 * test). Run it from the repository root after {@code mvn -pl backend-nd4j test-compile}:
 *
 * <pre>{@code
 * mvn -q -pl backend-nd4j dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Dlisten=1 -cp "backend-nd4j/target/test-classes:backend-nd4j/target/classes:$(cat /tmp/cp.txt)" \
 *     dev.sparse4j.backend.nd4j.internal.Nd4jStepProfile
 * }</pre>
 *
 * <p>Without {@code -Dlisten} it only times whole steps; {@code DNNL_VERBOSE=1} adds oneDNN's own primitive log;
 * {@code -Dhelpers=false} turns ND4J's oneDNN helpers off (its own kernels: conv2d_bp 5.2 s and conv2d 1.8 s a step
 * instead of 0.6 s and 0.16 s).
 */
public class Nd4jStepProfile {
  static final Map<String, long[]> times = new TreeMap<>();
  static long start;

  /** Builds ResNet-20 (1×28×28, batch 128) on nd4j with 2 threads and profiles 4 steps after 2 warm-up steps. */
  public static void main(String[] a) throws Exception {
    var b = new Nd4jProvider().create(new BackendOptions(Map.of("threads", "2")));
    if ("false".equals(System.getProperty("helpers"))) {
      org.nd4j.linalg.factory.Nd4j.getEnvironment().allowHelpers(false);
    }
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10));
    Nd4jSparseModel m = (Nd4jSparseModel) b.build(spec, 1);
    Field f = Nd4jSparseModel.class.getDeclaredField("train");
    f.setAccessible(true);
    SameDiff sd = ((GraphBuilder.Graph) f.get(m)).sd();
    if (System.getProperty("listen") != null) sd.addListeners(new BaseListener() {
      @Override public boolean isActive(Operation op) { return true; }
      @Override public void preOpExecution(SameDiff s, At at, SameDiffOp op, OpContext c) { start = System.nanoTime(); }
      @Override public void opExecution(SameDiff s, At at, MultiDataSet d, SameDiffOp op, OpContext c, INDArray[] o) {
        long[] t = times.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
        t[0] += System.nanoTime() - start; t[1]++;
      }
    });
    m.setOptimizer(OptimizerConfig.paperSgd());
    float[] x = BackendData.inputs(128 * 784, 1);
    int[] y = BackendData.labels(128, 10, 1);
    for (int i = 0; i < 6; i++) {
      if (i == 2) times.clear();
      long t0 = System.nanoTime();
      m.trainStep(x, y, 128, 0.1);
      System.out.printf("step %d: %.0f ms%n", i, (System.nanoTime() - t0) / 1e6);
    }
    long total = times.values().stream().mapToLong(t -> t[0]).sum();
    times.entrySet().stream().sorted((p, q) -> Long.compare(q.getValue()[0], p.getValue()[0])).limit(25)
        .forEach(e -> System.out.printf("%-30s %8.1f ms/step %5d calls/step%n", e.getKey(), e.getValue()[0] / 4e6, e.getValue()[1] / 4));
    System.out.printf("ops total %.1f ms/step%n", total / 4e6);
    b.close();
  }
}
