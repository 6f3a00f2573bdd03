package dev.sparse4j.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.train.OptimizerConfig;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * djl-pytorch's two memory formats compute the same network: images entering channels-last (the default) and
 * contiguous give the same logits, input gradients (returned in the canonical NCHW order) and training steps, on
 * one- and three-channel inputs. A channel mix-up in the NHWC copy would fail every comparison.
 */
class ChannelsLastParityTest {
  private static SparseBackend channelsLast;
  private static SparseBackend contiguous;

  @BeforeAll
  static void start() {
    channelsLast = new DjlPyTorchProvider().create(BackendOptions.defaults());
    contiguous = new DjlPyTorchProvider().create(new BackendOptions(Map.of("memory-format", "contiguous")));
  }

  @AfterAll
  static void stop() {
    channelsLast.close();
    contiguous.close();
  }

  private static List<ModelSpec> specs() {
    return List.of(Models.create("resnet20", ModelOptions.of(new int[] {3, 12, 12}, 10)),
        Models.create("resnet20", ModelOptions.of(new int[] {1, 14, 14}, 10)),
        Models.create("mlp", ModelOptions.of(new int[] {3, 8, 8}, 10)));
  }

  @Test
  void theBackendSaysWhichFormatItUses() {
    assertEquals("channels-last", channelsLast.versions().get("memory-format"));
    assertEquals("contiguous", contiguous.versions().get("memory-format"));
  }

  @Test
  void bothFormatsGiveTheSameLogitsGradientsAndSteps() {
    for (ModelSpec spec : specs()) {
      int batch = 6;
      SplittableRandom rng = new SplittableRandom(3);
      float[] x = new float[batch * spec.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextDouble();
      }
      int[] y = {0, 3, 9, 1, 1, 7};
      try (SparseModel a = channelsLast.build(spec, 11); SparseModel b = contiguous.build(spec, 11)) {
        assertClose(spec + " logits", b.logits(x, batch), a.logits(x, batch), 1e-5f);
        float[] ga = a.inputGradient(x, y, batch, 1.0);
        float[] gb = b.inputGradient(x, y, batch, 1.0);
        assertClose(spec + " input gradient", gb, ga, 1e-5f);
        // The gradient is not symmetric in the channels: a channel mix-up cannot pass by accident.
        assertTrue(maxAbs(gb) > 1e-4, spec + ": the input gradient is all but zero, the check says nothing");
        Map<String, float[]> pa = a.parameterGradients(x, y, batch, true, 1.0);
        Map<String, float[]> pb = b.parameterGradients(x, y, batch, true, 1.0);
        pb.forEach((name, v) -> assertClose(spec + " gradient of " + name, v, pa.get(name), 1e-4f));
        a.setOptimizer(OptimizerConfig.paperSgd());
        b.setOptimizer(OptimizerConfig.paperSgd());
        // Each step starts from the same weights and optimizer state: the layouts sum in different orders, and
        // steps at lr 0.1 through batch norm over 6 examples would amplify that step after step.
        for (int s = 0; s < 3; s++) {
          assertEquals(b.trainStep(x, y, batch, 0.1).loss(), a.trainStep(x, y, batch, 0.1).loss(), 1e-4,
              spec + " loss of step " + s);
          Map<String, float[]> sa = a.state();
          int step = s;
          b.state().forEach((name, v) -> assertClose(spec + " " + name + " after step " + step, v, sa.get(name),
              1e-4f));
          b.loadState(sa);
          b.loadOptimizerState(a.optimizerState());
        }
      }
    }
  }

  private static void assertClose(String what, float[] expected, float[] actual, float tolerance) {
    assertEquals(expected.length, actual.length, what);
    float scale = Math.max(1e-6f, maxAbs(expected));
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > tolerance * scale) {
        assertArrayEquals(expected, actual, tolerance * scale, what + " (first difference at " + i + ")");
      }
    }
  }

  private static float maxAbs(float[] v) {
    float m = 0;
    for (float f : v) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }
}
