package dev.sparse4j.backend.djl.tensorflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.ConvWorkaround;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;

/**
 * The ops the ResNet-20 training graph is made of — what its step time depends on (backend README, Performance): one
 * fused batch-norm kernel per layer and pass instead of a dozen elementwise ops, and no {@code Pad} before a
 * stride-1 convolution ({@code SAME} instead). Numerics are the TCK's job; this catches a graph that quietly falls
 * back to the slow form.
 */
class TfGraphOpsTest {
  @Test
  void resNet20UsesFusedBatchNormsAndPadsOnlyItsStridedConvolutions() {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10));
    long batchNorms = spec.stateTensors().stream().filter(p -> p.name().endsWith(".running_mean")).count();
    try (TfGraph g = new TfGraph(spec, spec.stateTensors().stream().filter(p -> p.kind() != ParamKind.BUFFER)
        .map(p -> p.name()).toList(), null, ConvWorkaround.SUBSAMPLE)) {
      Map<String, Integer> ops = new TreeMap<>();
      g.graph.operations().forEachRemaining((GraphOperation op) -> ops.merge(op.type(), 1, Integer::sum));
      assertEquals(2 * batchNorms, (long) ops.getOrDefault("FusedBatchNormV3", 0),
          "one fused batch-norm per layer in the evaluation and in the training pass: " + ops);
      assertEquals(0, ops.getOrDefault("Rsqrt", 0), "no batch-norm built from primitives: " + ops);
      // Two 3×3 stride-2 convolutions, in both passes; the 1×1 shortcuts have no padding.
      assertEquals(4, ops.getOrDefault("PadV2", 0) + ops.getOrDefault("Pad", 0),
          "only strided convolutions pad explicitly: " + ops);
    }
  }
}
