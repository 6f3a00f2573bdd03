package dev.sparse4j.backend.djl.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.tck.GoldenTrajectoryContract;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * djl-pytorch's two memory formats compute the same network: images entering channels-last (the default) and
 * contiguous each give the logits, input gradients (returned in the canonical NCHW order), parameter gradients and
 * training steps of a float64 reference (the same backend with {@code precision=float64}, which runs PyTorch's own
 * convolution kernels, not oneDNN's), within the golden trajectory's tolerance, on one- and three-channel inputs. A
 * channel mix-up in the NHWC copy would fail every comparison.
 *
 * <p>Why a float64 reference and not one format against the other: each step starts from the reference's state, and
 * each format is compared with the reference, never with the other format's trajectory. Chaining one float32 format's
 * trajectory into the other failed on an AVX-512 EPYC (conv1.weight after step 1: 0.06275539 vs 0.06283659) although
 * both kernels were right: at that state a ReLU input sits at its kink — the float64 gradients themselves jump by
 * 5e-3 when the input moves by a relative 1e-5 — so float32 rounding in either summation order picks a side, and no
 * tolerance between two float32 results is right there. From a shared state, each format stays within 1e-5 of the
 * largest entry of every tensor of the float64 step.
 */
class ChannelsLastParityTest {
  private static SparseBackend channelsLast;
  private static SparseBackend contiguous;
  private static SparseBackend reference;

  @BeforeAll
  static void start() {
    channelsLast = new DjlPyTorchProvider().create(BackendOptions.defaults());
    contiguous = new DjlPyTorchProvider().create(new BackendOptions(Map.of("memory-format", "contiguous")));
    reference = new DjlPyTorchProvider().create(
        new BackendOptions(Map.of("memory-format", "contiguous", "precision", "float64")));
  }

  @AfterAll
  static void stop() {
    channelsLast.close();
    contiguous.close();
    reference.close();
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
    assertEquals("float64", reference.versions().get("precision"));
  }

  @Test
  void bothFormatsGiveTheFloat64LogitsGradientsAndSteps() {
    for (ModelSpec spec : specs()) {
      int batch = 6;
      SplittableRandom rng = new SplittableRandom(3);
      float[] x = new float[batch * spec.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextDouble();
      }
      int[] y = {0, 3, 9, 1, 1, 7};
      try (SparseModel a = channelsLast.build(spec, 11); SparseModel b = contiguous.build(spec, 11);
          SparseModel r = reference.build(spec, 11)) {
        for (SparseModel m : List.of(a, b)) {
          String format = (m == a ? "channels-last " : "contiguous ") + spec;
          assertClose(format + " logits", r.logits(x, batch), m.logits(x, batch));
          float[] g = r.inputGradient(x, y, batch, 1.0);
          assertClose(format + " input gradient", g, m.inputGradient(x, y, batch, 1.0));
          // The gradient is not symmetric in the channels: a channel mix-up cannot pass by accident.
          assertTrue(maxAbs(g) > 1e-4, spec + ": the input gradient is all but zero, the check says nothing");
          Map<String, float[]> pm = m.parameterGradients(x, y, batch, true, 1.0);
          r.parameterGradients(x, y, batch, true, 1.0).forEach((name, v) ->
              assertClose(format + " gradient of " + name, v, pm.get(name)));
        }
        for (SparseModel m : List.of(a, b, r)) {
          m.setOptimizer(OptimizerConfig.paperSgd());
        }
        for (int s = 0; s < 3; s++) {
          double loss = r.trainStep(x, y, batch, 0.1).loss();
          Map<String, float[]> expected = r.state();
          for (SparseModel m : List.of(a, b)) {
            String at = (m == a ? "channels-last " : "contiguous ") + spec + " step " + s;
            assertEquals(loss, m.trainStep(x, y, batch, 0.1).loss(), 1e-5 + 1e-4 * Math.abs(loss), at + " loss");
            Map<String, float[]> state = m.state();
            expected.forEach((name, v) -> assertClose(at + ": " + name, v, state.get(name)));
            // The next step of every model starts from the reference's state and optimizer state.
            m.loadState(expected);
            m.loadOptimizerState(r.optimizerState());
          }
        }
      }
    }
  }

  /** The golden trajectory's tolerance, per entry: {@code ABS + REL·|expected|}. */
  private static void assertClose(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double tolerance = GoldenTrajectoryContract.ABS + GoldenTrajectoryContract.REL * Math.abs(expected[i]);
      if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
        fail(what + "[" + i + "]: float64 reference " + expected[i] + ", got " + actual[i] + " (tolerance "
            + tolerance + ")");
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
