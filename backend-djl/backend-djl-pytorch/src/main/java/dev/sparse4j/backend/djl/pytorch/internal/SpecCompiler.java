package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.init.WeightInit;
import dev.sparse4j.api.model.AvgPool2d;
import dev.sparse4j.api.model.BatchNorm2d;
import dev.sparse4j.api.model.Conv2d;
import dev.sparse4j.api.model.Dropout;
import dev.sparse4j.api.model.Flatten;
import dev.sparse4j.api.model.GlobalAvgPool2d;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.LayerWalk;
import dev.sparse4j.api.model.Linear;
import dev.sparse4j.api.model.MaxPool2d;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Normalize;
import dev.sparse4j.api.model.Relu;
import dev.sparse4j.api.model.Residual;
import dev.sparse4j.api.spi.ConvWorkaround;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Compiles a {@link ModelSpec} into DJL blocks and keeps, for every state tensor, the DJL {@link Parameter} that
 * holds it, keyed by the spec's PyTorch-style name (never by DJL's generated names or ids). Each parameter gets an
 * initializer with the values from {@link WeightInit}, which also checks that DJL's shape equals the spec's.
 */
final class SpecCompiler {
  private final long seed;
  private final LongSupplier noiseSeed;
  private final ConvWorkaround strided1x1;
  private final EvalFolding folding;
  private final Map<String, ParamSpec> specs = new HashMap<>();
  private final Map<String, Parameter> found = new HashMap<>();

  private SpecCompiler(ModelSpec spec, long seed, LongSupplier noiseSeed, ConvWorkaround strided1x1,
      EvalFolding folding) {
    this.seed = seed;
    this.folding = folding;
    this.noiseSeed = noiseSeed;
    this.strided1x1 = strided1x1;
    for (ParamSpec p : spec.stateTensors()) {
      specs.put(p.name(), p);
    }
  }

  /** The compiled network and its tensors in {@code state_dict} order. */
  record Compiled(Block block, Map<String, Parameter> tensors) {}

  /**
   * Builds (but does not initialise) the blocks for {@code spec}; dropout blocks draw their masks from
   * {@code noiseSeed} at each training-mode forward pass; strided 1×1 convolutions are compiled as
   * {@code strided1x1} says; evaluation passes keep their folded batch-norms in {@code folding}.
   */
  static Compiled compile(ModelSpec spec, long seed, LongSupplier noiseSeed, ConvWorkaround strided1x1,
      EvalFolding folding) {
    SpecCompiler c = new SpecCompiler(spec, seed, noiseSeed, strided1x1, folding);
    Block root = LayerWalk.fold(spec.root(), "", c.new Blocks());
    Map<String, Parameter> ordered = new LinkedHashMap<>();
    for (ParamSpec p : spec.stateTensors()) {
      Parameter param = c.found.remove(p.name());
      if (param == null) {
        throw new IllegalStateException("compiled model has no tensor " + p.name());
      }
      ordered.put(p.name(), param);
    }
    if (!c.found.isEmpty()) {
      throw new IllegalStateException("compiled model has tensors the spec does not list: " + c.found.keySet());
    }
    return new Compiled(root, ordered);
  }

  /**
   * DJL blocks with the spec's structure: a {@link ScopedSequentialBlock} per sequence (a convolution directly
   * followed by a batch-norm becomes one {@link ConvBatchNormBlock}), a ResidualBlock per residual block.
   */
  private final class Blocks implements LayerWalk.Structure<Block> {
    @Override
    public Block leaf(Layer layer, String path) {
      return SpecCompiler.this.leaf(layer, path);
    }

    /** The blocks in order; an empty list is the identity (DJL's SequentialBlock cannot be empty). */
    @Override
    public Block sequence(String path, List<Block> children) {
      if (children.isEmpty()) {
        return new OpBlock("identity", x -> x, s -> s);
      }
      SequentialBlock s = new ScopedSequentialBlock();
      for (int i = 0; i < children.size(); i++) {
        Block child = children.get(i);
        Block next = i + 1 < children.size() ? children.get(i + 1) : null;
        if (child instanceof ai.djl.nn.convolutional.Conv2d conv && next instanceof TorchBatchNorm norm) {
          s.add(new ConvBatchNormBlock(conv, norm, folding)); // folded in evaluation passes
          i++;
        } else {
          s.add(child);
        }
      }
      return s;
    }

    @Override
    public Block residual(Residual r, String path, Block pre, Block body, Block shortcut, Block post) {
      return new ResidualBlock(pre, body, shortcut, r.shortcutTakesPre(), post);
    }
  }

  private Block leaf(Layer layer, String path) {
    if (layer instanceof Conv2d c) {
      boolean split = strided1x1.splits(c.kernelSize(), c.stride());
      Block b = ai.djl.nn.convolutional.Conv2d.builder()
          .setKernelShape(new Shape(c.kernelSize(), c.kernelSize()))
          .setFilters(c.outChannels())
          .optStride(split ? new Shape(1, 1) : new Shape(c.stride(), c.stride()))
          .optPadding(split ? new Shape(0, 0) : new Shape(c.padding(), c.padding()))
          .optBias(c.bias())
          .build();
      bind(b, "weight", layer, path + ".weight");
      if (c.bias()) {
        bind(b, "bias", layer, path + ".bias");
      }
      return split ? new SequentialBlock().add(subsample(c.stride(), c.padding())).add(b) : b;
    }
    if (layer instanceof Linear l) {
      Block b = ai.djl.nn.core.Linear.builder().setUnits(l.outFeatures()).optBias(l.bias()).build();
      bind(b, "weight", layer, path + ".weight");
      if (l.bias()) {
        bind(b, "bias", layer, path + ".bias");
      }
      return b;
    }
    if (layer instanceof BatchNorm2d bn) {
      Block b = new TorchBatchNorm(bn.eps(), bn.momentum());
      bind(b, "gamma", layer, path + ".weight");
      bind(b, "beta", layer, path + ".bias");
      bind(b, "runningMean", layer, path + ".running_mean");
      bind(b, "runningVar", layer, path + ".running_var");
      return b;
    }
    if (layer instanceof Relu) {
      return new OpBlock("relu", ai.djl.nn.Activation::relu, s -> s);
    }
    if (layer instanceof Dropout d) {
      return new SeededDropoutBlock(path, d.p(), noiseSeed);
    }
    if (layer instanceof MaxPool2d p) {
      Shape k = new Shape(p.kernelSize(), p.kernelSize());
      Shape st = new Shape(p.stride(), p.stride());
      Shape pad = new Shape(p.padding(), p.padding());
      return new OpBlock("maxpool", x -> Pool.maxPool2d(x, k, st, pad, false),
          s -> pooled(s, p.kernelSize(), p.stride(), p.padding()));
    }
    if (layer instanceof AvgPool2d p) {
      Shape k = new Shape(p.kernelSize(), p.kernelSize());
      Shape st = new Shape(p.stride(), p.stride());
      Shape pad = new Shape(p.padding(), p.padding());
      // countIncludePad = true: padding counts as zeros, PyTorch's default.
      return new OpBlock("avgpool", x -> Pool.avgPool2d(x, k, st, pad, false, true),
          s -> pooled(s, p.kernelSize(), p.stride(), p.padding()));
    }
    if (layer instanceof GlobalAvgPool2d) {
      return new OpBlock("globalavgpool", Pool::globalAvgPool2d, s -> new Shape(s.get(0), s.get(1)));
    }
    if (layer instanceof Flatten) {
      return new OpBlock("flatten", x -> x.reshape(new Shape(x.getShape().get(0), -1)),
          s -> new Shape(s.get(0), s.size() / s.get(0)));
    }
    if (layer instanceof Normalize n) {
      return normalize(n);
    }
    throw new IllegalArgumentException("layer type " + layer.getClass().getSimpleName() + " at '" + path
        + "' is not supported by the DJL backend");
  }

  private void bind(Block block, String djlName, Layer layer, String name) {
    ParamSpec spec = specs.get(name);
    if (spec == null) {
      throw new IllegalStateException("the spec lists no tensor " + name);
    }
    Parameter param = block.getParameters().get(djlName);
    long[] expected = Arrays.stream(spec.shape()).asLongStream().toArray();
    float[] values = WeightInit.values(layer, spec, seed);
    Initializer init = (manager, shape, dataType) -> {
      if (!Arrays.equals(shape.getShape(), expected)) {
        throw new IllegalStateException("DJL made tensor " + name + " with shape " + shape
            + " but the spec says " + spec.shapeString());
      }
      NDArray a = manager.create(values, shape);
      return dataType == DataType.FLOAT32 ? a : a.toType(dataType, false);
    };
    param.setInitializer(init);
    found.put(name, param);
  }

  /**
   * Every {@code stride}-th row and column of the zero-padded input: what a strided 1×1 convolution reads (see
   * {@link ConvWorkaround}). A view; its backward scatters the gradient back into zeros.
   */
  private static Block subsample(int stride, int padding) {
    NDIndex every = new NDIndex(":, :, ::" + stride + ", ::" + stride);
    return new OpBlock("subsample", x -> (padding == 0 ? x : x.pad(new Shape(padding, padding, padding, padding), 0))
        .get(every), s -> pooled(s, 1, stride, padding));
  }

  private static Shape pooled(Shape s, int k, int stride, int pad) {
    return new Shape(s.get(0), s.get(1), (s.get(2) + 2L * pad - k) / stride + 1, (s.get(3) + 2L * pad - k) / stride + 1);
  }

  private static Block normalize(Normalize n) {
    double[] mean = n.mean();
    double[] std = n.std();
    float[] m = new float[mean.length];
    float[] sd = new float[std.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) mean[i];
      sd[i] = (float) std[i];
    }
    return new NormalizeBlock(m, sd);
  }
}
