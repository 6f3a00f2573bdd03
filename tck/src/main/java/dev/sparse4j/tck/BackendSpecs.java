package dev.sparse4j.tck;

import dev.sparse4j.api.model.AvgPool2d;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Dropout;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.MaxPool2d;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Normalize;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Residual;
import dev.sparse4j.api.model.Sequential;
import java.util.List;
import java.util.Map;

/** Small hand-built {@link ModelSpec}s for the backend contracts: every layer type, fast on any backend. */
public final class BackendSpecs {
  private BackendSpecs() {}

  /** Normalize, conv (no bias), batch-norm, ReLU, max-pool, flatten, linear; input 1×6×6, 3 classes. */
  public static ModelSpec tinyCnn() {
    return new ModelSpec("tiny-cnn", new int[] {1, 6, 6}, 3, Sequential.of("",
        new Normalize("norm", new double[] {0.5}, new double[] {0.25}),
        new Conv2d("conv1", 1, 4, 3, 1, 1, false),
        BatchNorm2d.of("bn1", 4),
        new Relu("relu"),
        new MaxPool2d("pool", 2, 2, 0),
        new Flatten("flatten"),
        new Linear("fc", 36, 3, true)), Map.of());
  }

  /**
   * Residual wiring: a post-activation block with a projection shortcut ({@code layer1.0}), a pre-activation block
   * with an identity shortcut ({@code block1}), one whose conv shortcut reads the pre-activated input
   * ({@code block2}), strided conv, avg-pool with padding, global avg-pool, custom batch-norm eps and momentum;
   * input 2×8×8, 4 classes.
   */
  public static ModelSpec tinyResidual() {
    Residual basic = new Residual("0", List.of(),
        List.of(new Conv2d("conv1", 4, 8, 3, 2, 1, false), BatchNorm2d.of("bn1", 8), new Relu("relu1"),
            new Conv2d("conv2", 8, 8, 3, 1, 1, false), BatchNorm2d.of("bn2", 8)),
        List.of(Sequential.of("shortcut", new Conv2d("0", 4, 8, 1, 2, 0, false), BatchNorm2d.of("1", 8))),
        false, List.of(new Relu("relu2")));
    Residual identity = new Residual("block1",
        List.of(new BatchNorm2d("bn1", 8, 1e-3, 0.2), new Relu("relu1")),
        List.of(new Conv2d("conv1", 8, 8, 3, 1, 1, false), BatchNorm2d.of("bn2", 8), new Relu("relu2"),
            new Conv2d("conv2", 8, 8, 3, 1, 1, true)),
        List.of(), false, List.of());
    Residual takesPre = new Residual("block2",
        List.of(BatchNorm2d.of("bn1", 8), new Relu("relu1")),
        List.of(new Conv2d("conv1", 8, 6, 3, 1, 1, false)),
        List.of(new Conv2d("convShortcut", 8, 6, 1, 1, 0, false)),
        true, List.of());
    return new ModelSpec("tiny-residual", new int[] {2, 8, 8}, 4, Sequential.of("",
        new Conv2d("conv1", 2, 4, 3, 1, 1, false),
        BatchNorm2d.of("bn1", 4),
        new Relu("relu"),
        Sequential.of("layer1", basic),
        identity,
        takesPre,
        new AvgPool2d("avg", 3, 1, 1),
        new GlobalAvgPool2d("gap"),
        new Linear("fc", 6, 4, true)), Map.of());
  }

  /** Every layer type including dropout (so not deterministic in training mode); input 3×8×8, 5 classes. */
  public static ModelSpec allLayers() {
    return new ModelSpec("all-layers", new int[] {3, 8, 8}, 5, Sequential.of("",
        new Normalize("norm", new double[] {0.4, 0.5, 0.6}, new double[] {0.2, 0.25, 0.3}),
        new Conv2d("conv1", 3, 4, 3, 1, 1, true),
        BatchNorm2d.of("bn1", 4),
        new Relu("relu1"),
        new MaxPool2d("pool1", 3, 2, 1),
        new AvgPool2d("pool2", 2, 2, 0),
        new Flatten("flatten"),
        new Dropout("drop", 0.5),
        new Linear("fc1", 16, 8, false),
        new Relu("relu2"),
        new Linear("fc2", 8, 5, true)), Map.of());
  }

  /** A flat-input MLP: 12 → 16 → 3 with biases. */
  public static ModelSpec mlp() {
    return new ModelSpec("tiny-mlp", new int[] {12}, 3, Sequential.of("",
        new Linear("fc1", 12, 16, true),
        new Relu("relu"),
        new Linear("fc2", 16, 3, true)), Map.of());
  }

  /** One linear layer 5 → 3 (with bias): the optimizer can be checked by hand on it. */
  public static ModelSpec linear() {
    return new ModelSpec("linear", new int[] {5}, 3, Sequential.of("",
        new Linear("fc", 5, 3, true)), Map.of());
  }

  /**
   * A smooth model (no ReLU, no max-pool) for finite differences in evaluation mode: normalize, conv with bias,
   * batch-norm, avg-pool, linear; input 1×4×4, 3 classes.
   */
  public static ModelSpec smooth() {
    return new ModelSpec("smooth", new int[] {1, 4, 4}, 3, Sequential.of("",
        new Normalize("norm", new double[] {0.5}, new double[] {0.5}),
        new Conv2d("conv1", 1, 3, 3, 1, 1, true),
        BatchNorm2d.of("bn1", 3),
        new AvgPool2d("pool", 2, 2, 0),
        new Flatten("flatten"),
        new Linear("fc", 12, 3, true)), Map.of());
  }

  /** Batch-norm straight on the input (2×3×3), then global average pool and a linear layer: exposes BN statistics. */
  public static ModelSpec batchNormProbe() {
    return new ModelSpec("bn-probe", new int[] {2, 3, 3}, 2, Sequential.of("",
        new BatchNorm2d("bn", 2, 1e-5, 0.1),
        new GlobalAvgPool2d("gap"),
        new Linear("fc", 2, 2, true)), Map.of());
  }

  /** A conv and a linear layer large enough to check initialisation statistics. */
  public static ModelSpec initProbe() {
    return new ModelSpec("init-probe", new int[] {16, 4, 4}, 100, Sequential.of("",
        new Conv2d("conv", 16, 64, 3, 1, 1, false),
        BatchNorm2d.of("bn", 64),
        new GlobalAvgPool2d("gap"),
        new Linear("fc", 64, 100, true)), Map.of());
  }

  /**
   * The MLP of the golden trajectory ({@code tck/src/main/python/golden_trajectory.py}, {@code GoldenMlp}): the same
   * network and names as {@link #mlp()}.
   */
  public static ModelSpec goldenMlp() {
    return mlp();
  }

  /**
   * The residual net of the golden trajectory ({@code GoldenResidual} in {@code golden_trajectory.py}): normalize,
   * conv-BN-ReLU, max-pool, one post-activation block with a strided conv+BN projection shortcut
   * ({@code layer1.0}), global avg-pool, linear; input 2×8×8, 3 classes.
   */
  public static ModelSpec goldenResidual() {
    Residual block = new Residual("0", List.of(),
        List.of(new Conv2d("conv1", 4, 6, 3, 2, 1, false), BatchNorm2d.of("bn1", 6), new Relu("relu1"),
            new Conv2d("conv2", 6, 6, 3, 1, 1, false), BatchNorm2d.of("bn2", 6)),
        List.of(Sequential.of("shortcut", new Conv2d("0", 4, 6, 1, 2, 0, false), BatchNorm2d.of("1", 6))),
        false, List.of(new Relu("relu2")));
    return new ModelSpec("golden-residual", new int[] {2, 8, 8}, 3, Sequential.of("",
        new Normalize("norm", new double[] {0.5, 0.4}, new double[] {0.25, 0.3}),
        new Conv2d("conv1", 2, 4, 3, 1, 1, false),
        BatchNorm2d.of("bn1", 4),
        new Relu("relu"),
        new MaxPool2d("pool", 2, 2, 0),
        Sequential.of("layer1", block),
        new GlobalAvgPool2d("gap"),
        new Linear("fc", 6, 3, true)), Map.of());
  }

  /** The deterministic fixtures (no dropout), for tests that compare runs. */
  public static List<ModelSpec> deterministic() {
    return List.of(tinyCnn(), tinyResidual(), mlp(), smooth());
  }

  /** Every fixture. */
  public static List<ModelSpec> all() {
    return List.of(tinyCnn(), tinyResidual(), allLayers(), mlp(), linear(), smooth(), batchNormProbe());
  }
}
