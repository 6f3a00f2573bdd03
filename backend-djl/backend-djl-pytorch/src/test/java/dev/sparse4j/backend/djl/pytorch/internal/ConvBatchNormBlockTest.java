package dev.sparse4j.backend.djl.pytorch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The evaluation-mode fold of a batch-norm into the convolution before it: the folded weight and bias against values
 * computed here in double precision, the folded pass against the two layers run one after the other (PyTorch's own
 * batch-norm), and the cache that keeps the folded tensors between passes.
 */
class ConvBatchNormBlockTest {
  private static final double EPS = 1e-5;
  private static final int OUT = 3;
  private static final int IN = 2;
  private static final float[] GAMMA = {1.5f, -0.5f, 2f};
  private static final float[] BETA = {0.25f, -1f, 3f};
  private static final float[] MEAN = {0.75f, -2f, 10f};
  private static final float[] VAR = {3f, 0.25f, 0.01f};

  private record Fixture(NDManager manager, ConvBatchNormBlock block, EvalFolding folding, float[] weight) {}

  /** conv 2 → 3 channels, 3×3, padding 1, with a bias; batch-norm statistics far from their initial 0 and 1. */
  private static Fixture fixture(NDManager manager) {
    Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(OUT).optPadding(new Shape(1, 1))
        .optBias(true).build();
    TorchBatchNorm norm = new TorchBatchNorm(EPS, 0.1);
    EvalFolding folding = new EvalFolding();
    ConvBatchNormBlock block = new ConvBatchNormBlock(conv, norm, folding);
    block.initialize(manager, DataType.FLOAT32, new Shape(4, IN, 5, 5));
    float[] weight = random(OUT * IN * 9, 1);
    set(conv, "weight", weight);
    set(conv, "bias", new float[] {0.5f, -0.25f, 1f});
    set(norm, "gamma", GAMMA);
    set(norm, "beta", BETA);
    set(norm, "runningMean", MEAN);
    set(norm, "runningVar", VAR);
    return new Fixture(manager, block, folding, weight);
  }

  private static void set(Block block, String name, float[] values) {
    NDArray a = block.getParameters().get(name).getArray();
    // An indexed copy, as the model's loadState does (set(Buffer) makes PyTorch print a deprecation warning).
    a.set(new NDIndex("..."), a.getManager().create(values, a.getShape()));
  }

  private static float[] random(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return out;
  }

  private static NDArray forward(Fixture f, NDArray x, boolean gradMode) {
    boolean was = JniUtils.isGradMode();
    JniUtils.setGradMode(gradMode);
    try {
      return f.block().forward(new ParameterStore(f.manager(), false), new NDList(x), false).singletonOrThrow();
    } finally {
      JniUtils.setGradMode(was);
    }
  }

  @Test
  void theFoldedWeightAndBiasAreTheBatchNormsAffineMapMovedIntoTheConvolution() {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      Fixture f = fixture(manager);
      float[] bias = {0.5f, -0.25f, 1f};
      NDList folded = ((TorchBatchNorm) f.block().getChildren().get("02batchnorm"))
          .fold(new ParameterStore(manager, false), f.block().getChildren().get("01conv").getParameters()
              .get("weight").getArray(), manager.create(bias));
      float[] w = folded.get(0).toFloatArray();
      float[] b = folded.get(1).toFloatArray();
      for (int o = 0; o < OUT; o++) {
        double a = GAMMA[o] / Math.sqrt(VAR[o] + EPS);
        for (int i = 0; i < IN * 9; i++) {
          double expected = f.weight()[o * IN * 9 + i] * a;
          assertEquals(expected, w[o * IN * 9 + i], 1e-6 * Math.abs(expected) + 1e-7, "weight " + o + "," + i);
        }
        double shift = BETA[o] - MEAN[o] * a + bias[o] * a;
        assertEquals(shift, b[o], 1e-6 * Math.abs(shift), "bias " + o);
      }
    }
  }

  @Test
  void theFoldedPassGivesWhatTheConvolutionAndThenTheBatchNormGive() {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      Fixture f = fixture(manager);
      NDArray x = manager.create(random(4 * IN * 25, 2), new Shape(4, IN, 5, 5));
      float[] plain = forward(f, x, true).toFloatArray(); // autograd on: the two layers, unfolded
      assertEquals(0, f.folding().size(), "a pass that records gradients does not fold");
      int arrays = manager.getManagedArrays().size();
      float[] folded = forward(f, x, false).toFloatArray();
      assertEquals(arrays + 1, manager.getManagedArrays().size(), "only the output joins the caller's manager");
      assertEquals(1, f.folding().size());
      f.folding().close();
      float scale = 0;
      for (float v : plain) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertTrue(scale > 10, "the statistics make the batch-norm far from the identity");
      for (int i = 0; i < plain.length; i++) {
        assertEquals(plain[i], folded[i], 2e-6 * scale, "output " + i);
      }
    }
  }

  @Test
  void theFoldedTensorsAreKeptUntilInvalidated() {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      Fixture f = fixture(manager);
      NDArray x = manager.create(random(4 * IN * 25, 3), new Shape(4, IN, 5, 5));
      float[] first = forward(f, x, false).toFloatArray();
      set(f.block().getChildren().get("02batchnorm"), "beta", new float[] {0f, 0f, 0f});
      assertEquals(first[0], forward(f, x, false).toFloatArray()[0], "without invalidate() the fold is kept");
      f.folding().invalidate();
      assertEquals(0, f.folding().size());
      assertEquals(first[0] - BETA[0], forward(f, x, false).toFloatArray()[0], 1e-4,
          "the new β is folded in after invalidate()");
      f.folding().close();
    }
  }
}
