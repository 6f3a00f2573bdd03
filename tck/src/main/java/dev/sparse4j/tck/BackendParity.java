package dev.sparse4j.tck;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.Npz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Cross-backend parity checks: weights written by one backend to a {@code .npz} file load into another and give the
 * same evaluation-mode logits. Used by every backend module's parity test against {@code djl-pytorch}.
 */
public final class BackendParity {
  private BackendParity() {}

  /** {@code state} with batch-norm running statistics away from 0 and 1, so evaluation mode really uses them. */
  public static Map<String, float[]> withRandomStatistics(ModelSpec spec, Map<String, float[]> state, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, float[]> out = new LinkedHashMap<>(state);
    for (ParamSpec p : spec.stateTensors()) {
      if (p.kind() == ParamKind.BUFFER) {
        float[] v = out.get(p.name()).clone();
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (p.name().endsWith("running_var") ? 0.5 + r.nextDouble() : 0.4 * r.nextDouble() - 0.2);
        }
        out.put(p.name(), v);
      }
    }
    return out;
  }

  /**
   * Applies {@code masks} to both models; trains {@code from} two masked steps if {@code train} (so weights and
   * statistics are not the initial ones), gives it random running statistics, writes its state to a {@code .npz} in
   * {@code dir}, loads that file into {@code to} and asserts evaluation-mode logits equal within {@code tolerance}.
   */
  public static void assertSameLogitsThroughNpz(ModelSpec spec, SparseModel from, boolean train, SparseModel to,
      MaskSet masks, Path dir, double tolerance) {
    from.applyMasks(masks);
    if (train) {
      from.setOptimizer(OptimizerConfig.paperSgd());
      for (int i = 0; i < 2; i++) {
        from.trainStep(BackendData.inputs(16 * spec.inputSize(), i), BackendData.labels(16, spec.numClasses(), i),
            16, 0.05);
      }
    }
    Map<String, float[]> state = withRandomStatistics(spec, from.state(), 17);
    from.loadState(state);
    Path file = dir.resolve(from.backendId() + "-" + spec.name() + ".npz");
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (ParamSpec p : spec.stateTensors()) {
      arrays.put(p.name(), NpyArray.ofFloats(p.shape(), state.get(p.name())));
    }
    Map<String, float[]> loaded = new LinkedHashMap<>();
    try {
      Npz.writeCompressed(file, arrays);
      Npz.read(file).forEach((k, v) -> loaded.put(k, v.floats()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    to.applyMasks(masks);
    to.loadState(loaded);
    float[] x = BackendData.inputs(8 * spec.inputSize(), 99);
    float[] expected = from.logits(x, 8);
    float[] actual = to.logits(x, 8);
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > tolerance) {
        fail(spec.name() + " logits[" + i + "]: " + from.backendId() + " " + expected[i] + " vs " + to.backendId()
            + " " + actual[i]);
      }
    }
  }
}
