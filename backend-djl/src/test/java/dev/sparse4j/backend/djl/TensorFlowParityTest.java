package dev.sparse4j.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.alloc.Allocators;
import dev.sparse4j.api.io.NpyArray;
import dev.sparse4j.api.io.Npz;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.prune.PruneContext;
import dev.sparse4j.api.prune.Pruners;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.train.OptimizerConfig;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.tck.BackendData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * djl-tensorflow and djl-pytorch agree: same seed → same initial weights and bit-identical masks; weights written by
 * one to a {@code .npz} load into the other and give evaluation-mode logits within 1e-4 (MLP and ResNet-20 with
 * non-trivial batch-norm statistics), both ways.
 */
class TensorFlowParityTest {
  private static SparseBackend tf;
  private static SparseBackend pt;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    tf = new DjlTensorFlowProvider().create(BackendOptions.defaults());
    pt = new DjlPyTorchProvider().create(BackendOptions.defaults());
  }

  @AfterAll
  static void stop() {
    tf.close();
    pt.close();
  }

  private static List<ModelSpec> specs() {
    return List.of(Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10)),
        Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10)));
  }

  @Test
  void aSeedGivesTheSameWeightsAndBitIdenticalMasks() {
    for (ModelSpec spec : specs()) {
      try (SparseModel a = tf.build(spec, 7); SparseModel b = pt.build(spec, 7)) {
        Map<String, float[]> sb = b.state();
        a.state().forEach((name, v) -> assertArrayEquals(sb.get(name), v, spec.name() + " initial " + name));
        DensityPlan plan = Allocators.get("erk").allocate(spec.prunable(), 0.1);
        for (String pruner : List.of("random", "magnitude")) {
          assertEquals(Pruners.get(pruner).prune(b, plan, PruneContext.ofSeed(3)),
              Pruners.get(pruner).prune(a, plan, PruneContext.ofSeed(3)), spec.name() + ": " + pruner + " masks");
        }
      }
    }
  }

  @Test
  void weightsFromDjlPyTorchGiveTheSameLogitsOnTensorFlowAndBack() throws IOException {
    for (ModelSpec spec : specs()) {
      try (SparseModel from = pt.build(spec, 11); SparseModel to = tf.build(spec, 12)) {
        transferAndCompare(spec, from, to);
      }
      try (SparseModel from = tf.build(spec, 13); SparseModel to = pt.build(spec, 14)) {
        transferAndCompare(spec, from, to);
      }
    }
  }

  private void transferAndCompare(ModelSpec spec, SparseModel from, SparseModel to) throws IOException {
    MaskSet masks = Pruners.get("random").prune(spec, Allocators.get("erk").allocate(spec.prunable(), 0.2),
        PruneContext.ofSeed(5));
    from.applyMasks(masks);
    from.setOptimizer(OptimizerConfig.paperSgd());
    for (int i = 0; i < 2; i++) {
      from.trainStep(BackendData.inputs(16 * spec.inputSize(), i), BackendData.labels(16, 10, i), 16, 0.05);
    }
    SplittableRandom r = new SplittableRandom(17);
    Map<String, float[]> state = new LinkedHashMap<>(from.state());
    for (ParamSpec p : spec.stateTensors()) {
      if (p.kind() == ParamKind.BUFFER) {
        float[] v = state.get(p.name()).clone();
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (p.name().endsWith("running_var") ? 0.5 + r.nextDouble() : 0.4 * r.nextDouble() - 0.2);
        }
        state.put(p.name(), v);
      }
    }
    from.loadState(state);
    Path file = tmp.resolve(from.backendId() + "-" + spec.name() + ".npz");
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (ParamSpec p : spec.stateTensors()) {
      arrays.put(p.name(), NpyArray.ofFloats(p.shape(), state.get(p.name())));
    }
    Npz.writeCompressed(file, arrays);
    Map<String, float[]> loaded = new LinkedHashMap<>();
    Npz.read(file).forEach((k, v) -> loaded.put(k, v.floats()));
    to.applyMasks(masks);
    to.loadState(loaded);
    float[] x = BackendData.inputs(8 * spec.inputSize(), 99);
    float[] expected = from.logits(x, 8);
    float[] actual = to.logits(x, 8);
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > 1e-4) {
        fail(spec.name() + " logits[" + i + "]: " + from.backendId() + " " + expected[i] + " vs " + to.backendId()
            + " " + actual[i]);
      }
    }
  }
}
