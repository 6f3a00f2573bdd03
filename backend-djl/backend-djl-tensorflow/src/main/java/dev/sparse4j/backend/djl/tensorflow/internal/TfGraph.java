package dev.sparse4j.backend.djl.tensorflow.internal;

import dev.sparse4j.api.ParamSpec;
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
import dev.sparse4j.api.model.Sequential;
import dev.sparse4j.api.spi.ConvWorkaround;
import dev.sparse4j.api.spi.TensorLayouts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * One TensorFlow graph for a {@link ModelSpec}, in TensorFlow's CPU layouts: NHWC activations, HWIO conv weights,
 * {@code [in, out]} linear weights (the model converts with {@code TensorLayouts}). Every tensor is a placeholder fed
 * on each run, so the graph is stateless and the model keeps the state in Java arrays. It holds, over the same
 * weight placeholders:
 *
 * <ul>
 *   <li>the evaluation-mode forward pass (running statistics), its scaled cross-entropy and that loss's gradients with
 *       respect to the input and the weights, and the gradients of the sum of the logits;
 *   <li>the training-mode forward pass (batch statistics, dropout masks), its scaled cross-entropy and gradients, the
 *       batch mean and unbiased variance of every batch-norm, and — when an optimizer is set — the {@code torch.optim}
 *       update as graph ops: masked gradient, weight decay, (Nesterov) momentum or Adam, new weights and new state.
 * </ul>
 *
 * <p>Batch-norm is TensorFlow's {@code FusedBatchNormV3}, which has a C++ gradient in the TensorFlow this backend
 * runs (one kernel each way instead of a dozen elementwise ops and their gradients). A stride-1 convolution with
 * PyTorch's usual padding runs {@code SAME}; other padding of convolutions and pooling is explicit ({@code Pad} with
 * 0, or −∞ for max-pooling) and the op runs {@code VALID}, so strided layers keep PyTorch's symmetric padding and
 * average pooling counts the padding as PyTorch does. The input placeholder is NCHW (canonical) and transposed inside
 * the graph, so input gradients come back in the canonical layout.
 */
final class TfGraph implements AutoCloseable {
  static final String INPUT = "input";
  /** The input of an exported graph: images in [0, 1], NCHW. */
  static final String IMAGES = "images";
  /** The logits output. */
  static final String LOGITS = "logits";

  /**
   * A training-mode batch-norm: its path, the fetches of batch mean and unbiased variance (TensorFlow's
   * {@code FusedBatchNormV3} gives that one, PyTorch's running variance takes it too), momentum.
   */
  record BatchStats(String path, Operand<TFloat32> mean, Operand<TFloat32> var, double momentum) {}

  /** A dropout mask placeholder: the layer path, the per-example activation shape (canonical), probability. */
  record DropoutInput(String path, Placeholder<TFloat32> mask, int[] canonicalShape, double p) {}

  /** The optimizer part of the training graph, per trainable parameter. */
  record Update(Operand<TFloat32> weight, List<Operand<TFloat32>> state) {}

  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final Placeholder<TFloat32> input;
  final Placeholder<TFloat32> labels;
  final Placeholder<TFloat32> invTemperature;
  final Placeholder<TFloat32> scale;
  /** Every state tensor: a placeholder, or a constant in a frozen (export) graph. */
  final Map<String, Operand<TFloat32>> tensors = new LinkedHashMap<>();
  final Operand<TFloat32> evalLogits;
  final Operand<TFloat32> evalLoss;
  final Operand<TFloat32> trainLogits;
  final Operand<TFloat32> trainLoss;
  final List<BatchStats> batchStats = new ArrayList<>();
  final List<DropoutInput> dropouts = new ArrayList<>();
  private final ModelSpec spec;
  private final ConvWorkaround strided1x1;
  private final List<String> trainable;
  private Gradients evalGradients;
  private Gradients trainGradients;
  private Gradients outputSumGradients;
  private boolean training;
  private int unique;

  /**
   * With {@code frozen} state (canonical layout), an inference graph for export: the tensors are constants, the
   * input placeholder is named {@value #IMAGES}, and only the evaluation-mode logits ({@value #LOGITS}) are built;
   * without ({@code null}), a training graph: every state tensor is a placeholder fed on each run. Strided 1×1
   * convolutions are built as {@code strided1x1} says.
   */
  TfGraph(ModelSpec spec, List<String> trainable, Map<String, float[]> frozen, ConvWorkaround strided1x1) {
    this.spec = spec;
    this.strided1x1 = strided1x1;
    this.trainable = trainable;
    for (ParamSpec p : spec.stateTensors()) {
      if (frozen == null) {
        tensors.put(p.name(), tf.withName(safe(p.name())).placeholder(TFloat32.class));
      } else {
        int[] shape = TensorLayouts.channelsLastShape(p);
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
          dims[i] = shape[i];
        }
        tensors.put(p.name(), tf.withName(safe(p.name())).constant(Shape.of(dims),
            DataBuffers.of(TensorLayouts.toChannelsLast(p, frozen.get(p.name())))));
      }
    }
    long[] inShape = new long[spec.inputShape().length + 1];
    inShape[0] = -1;
    for (int i = 0; i < spec.inputShape().length; i++) {
      inShape[i + 1] = spec.inputShape()[i];
    }
    input = tf.withName(frozen == null ? INPUT : IMAGES).placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(inShape)));
    training = false;
    evalLogits = tf.withName(LOGITS).identity(forward());
    if (frozen != null) {
      labels = null;
      invTemperature = null;
      scale = null;
      evalLoss = null;
      trainLogits = null;
      trainLoss = null;
      return;
    }
    labels = tf.withName("labels").placeholder(TFloat32.class);
    invTemperature = tf.withName("invTemperature").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    scale = tf.withName("scale").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    evalLoss = crossEntropy(evalLogits);
    training = true;
    trainLogits = forward();
    trainLoss = crossEntropy(trainLogits);
  }

  /** Gradients of the evaluation-mode loss: the input first, then every trainable parameter (built once). */
  Gradients evalGradients() {
    if (evalGradients == null) {
      List<Operand<?>> xs = new ArrayList<>();
      xs.add(input);
      trainable.forEach(n -> xs.add(tensors.get(n)));
      evalGradients = Gradients.create(tf.scope(), evalLoss, xs);
    }
    return evalGradients;
  }

  /** Gradients of the training-mode loss with respect to every trainable parameter (built once). */
  Gradients trainGradients() {
    if (trainGradients == null) {
      trainGradients = Gradients.create(tf.scope(), trainLoss, trainable.stream().map(tensors::get).toList());
    }
    return trainGradients;
  }

  /** Gradients of the sum of the evaluation-mode logits with respect to every trainable parameter (built once). */
  Gradients outputSumGradients() {
    if (outputSumGradients == null) {
      Operand<TFloat32> sum = tf.reduceSum(evalLogits, tf.constant(new int[] {0, 1}));
      outputSumGradients = Gradients.create(tf.scope(), sum, trainable.stream().map(tensors::get).toList());
    }
    return outputSumGradients;
  }

  private Operand<TFloat32> crossEntropy(Operand<TFloat32> logits) {
    Operand<TFloat32> logProbs = tf.nn.logSoftmax(tf.math.mul(logits, invTemperature));
    Operand<TFloat32> total = tf.reduceSum(tf.math.mul(logProbs, labels), tf.constant(new int[] {0, 1}));
    return tf.math.neg(tf.math.mul(total, scale));
  }

  private record Act(Operand<TFloat32> v, int[] shape) {}

  private Operand<TFloat32> forward() {
    int[] in = spec.inputShape();
    Operand<TFloat32> x = input;
    if (in.length == 3) {
      x = tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 3, 1}));
    }
    return run(spec.root(), "", new Act(x, in)).v();
  }

  private Act run(Layer layer, String prefix, Act x) {
    return LayerWalk.forward(layer, prefix, x, this::leaf,
        (block, path, body, skip) -> new Act(tf.math.add(body.v(), skip.v()), body.shape()));
  }

  private Act leaf(Layer layer, String path, Act x) {
    if (layer instanceof Conv2d c) {
      // Stride 1 with an odd kernel and (k − 1)/2 zeros each side is TensorFlow's SAME: no Pad op, no Slice in its
      // gradient (~7 % of a ResNet-20 step). Other strides pad explicitly: SAME would put the odd zero at the end.
      boolean same = c.stride() == 1 && c.kernelSize() % 2 == 1 && c.padding() == c.kernelSize() / 2
          && c.padding() > 0;
      Operand<TFloat32> v = same ? x.v() : pad(x.v(), c.padding(), 0f);
      long s = c.stride();
      if (strided1x1.splits(c.kernelSize(), c.stride())) {
        // Every s-th row and column, then a stride-1 convolution: see ConvWorkaround.
        // int32 indices: the C++ gradient (StridedSliceGrad) takes the input's shape as int32.
        v = tf.stridedSlice(v, tf.constant(new int[4]), tf.constant(new int[4]),
            tf.constant(new int[] {1, (int) s, (int) s, 1}), StridedSlice.endMask(0b1111L));
        s = 1;
      }
      Operand<TFloat32> y = tf.nn.conv2d(v, tensors.get(path + ".weight"), List.of(1L, s, s, 1L),
          same ? "SAME" : "VALID");
      if (c.bias()) {
        y = tf.nn.biasAdd(y, tensors.get(path + ".bias"));
      }
      return new Act(y, new int[] {c.outChannels(), out(x.shape()[1], c.kernelSize(), c.stride(), c.padding()),
          out(x.shape()[2], c.kernelSize(), c.stride(), c.padding())});
    }
    if (layer instanceof Linear l) {
      Operand<TFloat32> y = tf.linalg.matMul(x.v(), tensors.get(path + ".weight"));
      if (l.bias()) {
        y = tf.math.add(y, tensors.get(path + ".bias"));
      }
      return new Act(y, new int[] {l.outFeatures()});
    }
    if (layer instanceof BatchNorm2d bn) {
      Operand<TFloat32> gamma = tensors.get(path + ".weight");
      Operand<TFloat32> beta = tensors.get(path + ".bias");
      FusedBatchNorm.Options eps = FusedBatchNorm.epsilon((float) bn.eps());
      if (!training) {
        return new Act(tf.nn.fusedBatchNorm(x.v(), gamma, beta, tensors.get(path + ".running_mean"),
            tensors.get(path + ".running_var"), eps, FusedBatchNorm.isTraining(false)).y(), x.shape());
      }
      // Centred on each channel's first value k (a constant) first: a float32 mean of values far from zero against
      // their spread loses ~0.6 % of the gradients (the TCK's BatchNormAccuracyCheck). The output and gradients are
      // the same functions of x; the batch mean is k + mean(x − k).
      int channels = x.shape()[0]; // per-example shape [C, H, W]; the tensor is NHWC
      Operand<TFloat32> shift = tf.stopGradient(tf.reshape(tf.slice(x.v(), tf.constant(new int[] {0, 0, 0, 0}),
          tf.constant(new int[] {1, 1, 1, channels})), tf.constant(new int[] {channels})));
      Operand<TFloat32> none = tf.constant(new float[0]);
      FusedBatchNorm<TFloat32, TFloat32> f = tf.nn.fusedBatchNorm(tf.math.sub(x.v(), shift), gamma, beta, none,
          none, eps, FusedBatchNorm.isTraining(true));
      batchStats.add(new BatchStats(path, tf.math.add(shift, f.batchMean()), f.batchVariance(), bn.momentum()));
      return new Act(f.y(), x.shape());
    }
    if (layer instanceof Relu) {
      return new Act(tf.nn.relu(x.v()), x.shape());
    }
    if (layer instanceof Dropout d) {
      if (!training || d.p() == 0) {
        return x;
      }
      Placeholder<TFloat32> mask = tf.withName("dropout" + (unique++)).placeholder(TFloat32.class);
      dropouts.add(new DropoutInput(path, mask, x.shape().clone(), d.p()));
      return new Act(tf.math.mul(x.v(), mask), x.shape());
    }
    if (layer instanceof MaxPool2d p) {
      return pool(x, p.kernelSize(), p.stride(), p.padding(), true);
    }
    if (layer instanceof AvgPool2d p) {
      return pool(x, p.kernelSize(), p.stride(), p.padding(), false);
    }
    if (layer instanceof GlobalAvgPool2d) {
      return new Act(tf.math.mean(x.v(), tf.constant(new int[] {1, 2})), new int[] {x.shape()[0]});
    }
    if (layer instanceof Flatten) {
      int n = 1;
      for (int d : x.shape()) {
        n *= d;
      }
      // PyTorch flattens C, H, W in that order: back to NCHW first.
      Operand<TFloat32> v = x.shape().length == 3 ? tf.linalg.transpose(x.v(), tf.constant(new int[] {0, 3, 1, 2}))
          : x.v();
      return new Act(tf.reshape(v, tf.constant(new int[] {-1, n})), new int[] {n});
    }
    if (layer instanceof Normalize nz) {
      int c = x.shape()[0];
      float[] mean = new float[c];
      float[] std = new float[c];
      for (int i = 0; i < c; i++) {
        mean[i] = (float) nz.mean()[i];
        std[i] = (float) nz.std()[i];
      }
      // The channel is the last axis (NHWC), or the only one.
      Operand<TFloat32> y = tf.math.div(tf.math.sub(x.v(), tf.constant(mean)), tf.constant(std));
      return new Act(y, x.shape());
    }
    throw new IllegalArgumentException("layer type " + layer.getClass().getSimpleName() + " at '" + path
        + "' is not supported by the TensorFlow backend");
  }

  private Act pool(Act x, int k, int stride, int pad, boolean max) {
    Operand<TFloat32> v = pad(x.v(), pad, max ? Float.NEGATIVE_INFINITY : 0f);
    List<Long> ksize = List.of(1L, (long) k, (long) k, 1L);
    List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
    Operand<TFloat32> y = max
        ? tf.nn.maxPool(v, tf.constant(new int[] {1, k, k, 1}), tf.constant(new int[] {1, stride, stride, 1}),
            "VALID")
        // Zeros in the padding count in the average: PyTorch's count_include_pad.
        : tf.nn.avgPool(v, ksize, strides, "VALID");
    return new Act(y, new int[] {x.shape()[0], out(x.shape()[1], k, stride, pad), out(x.shape()[2], k, stride, pad)});
  }

  private Operand<TFloat32> pad(Operand<TFloat32> v, int p, float value) {
    if (p == 0) {
      return v;
    }
    return tf.pad(v, tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), tf.constant(value));
  }

  private static int out(int size, int k, int stride, int pad) {
    return (size + 2 * pad - k) / stride + 1;
  }

  /** TensorFlow op names allow dots but not every character; keep them readable and unique. */
  private static String safe(String name) {
    return "t_" + name.replaceAll("[^A-Za-z0-9_.\\-/]", "_");
  }

  @Override
  public void close() {
    graph.close();
  }
}
