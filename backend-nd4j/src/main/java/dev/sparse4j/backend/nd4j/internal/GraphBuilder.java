package dev.sparse4j.backend.nd4j.internal;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compiles a {@link ModelSpec} into one SameDiff graph. A model has several graphs (training mode, evaluation mode,
 * the output sum), each with its own objective, all reading the same weight arrays: every state tensor becomes a
 * variable whose array is the shared {@link INDArray}, so an in-place optimizer update is seen by every graph.
 *
 * <p>Layouts are the SPI's own: NCHW activations, OIHW conv weights (permuted to HWIO inside
 * the graph) and {@code [out, in]} linear weights (multiplied transposed), so no tensor is converted at the boundary. Batch-norm is
 * written with primitives (SameDiff's fused batch-norm cannot be differentiated in 1.0.0-M2.1): in training mode
 * with the batch mean and biased variance, whose values are graph outputs the model folds into the running
 * statistics; in evaluation mode with the running statistics.
 */
final class GraphBuilder {
  /** Placeholder of the input batch, {@code [N, C, H, W]} or {@code [N, F]}. */
  static final String INPUT = "input";
  /** Placeholder of the one-hot labels, {@code [N, K]}. */
  static final String LABELS = "labels";
  /** Placeholder: the logits are multiplied by it before the softmax (1 / temperature). */
  static final String INV_TEMPERATURE = "invTemperature";
  /** Placeholder: the summed cross-entropy is multiplied by it (1/N for the mean, 1 for the sum). */
  static final String SCALE = "scale";
  /** The logits output. */
  static final String LOGITS = "logits";
  /** The scalar objective. */
  static final String LOSS = "loss";

  /** What the graph computes. */
  enum Mode {
    /** Batch statistics, dropout from mask placeholders; objective: scaled cross-entropy. */
    TRAIN,
    /** Running statistics, no dropout; objective: scaled cross-entropy. */
    EVAL,
    /** Running statistics, no dropout; objective: the sum of the logits (SynFlow). */
    EVAL_OUTPUT_SUM
  }

  /** A compiled graph and, in training mode, its batch-statistic outputs and dropout placeholders. */
  record Graph(SameDiff sd, Mode mode, List<BatchStats> batchStats, List<DropoutInput> dropouts) {}

  /**
   * A training-mode batch-norm (its spec path): the outputs holding the batch mean and biased variance per channel,
   * its momentum, and the positions per channel of one example (H·W), for the unbiased variance.
   */
  record BatchStats(String path, String meanOutput, String varOutput, double momentum, int spatial) {}

  /** A dropout placeholder: the layer's path, its per-example activation shape and its probability. */
  record DropoutInput(String path, String placeholder, int[] shape, double p) {}

  private final SameDiff sd = SameDiff.create();
  private final Mode mode;
  private final Map<String, INDArray> tensors;
  private final Map<String, SDVariable> vars = new LinkedHashMap<>();
  private final List<BatchStats> batchStats = new ArrayList<>();
  private final List<DropoutInput> dropouts = new ArrayList<>();
  private int unique;

  private GraphBuilder(Mode mode, Map<String, INDArray> tensors) {
    this.mode = mode;
    this.tensors = tensors;
  }

  /**
   * Builds the graph of {@code spec} in {@code mode} over the shared {@code tensors} (every state tensor of the spec
   * by name, canonical layout).
   */
  static Graph build(ModelSpec spec, Mode mode, Map<String, INDArray> tensors) {
    GraphBuilder b = new GraphBuilder(mode, tensors);
    return b.compile(spec);
  }

  private Graph compile(ModelSpec spec) {
    int[] in = spec.inputShape();
    long[] inShape = new long[in.length + 1];
    inShape[0] = -1;
    for (int i = 0; i < in.length; i++) {
      inShape[i + 1] = in[i];
    }
    SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, inShape);
    for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
      // A variable over the shared array (no copy): updates in place reach every graph.
      vars.put(e.getKey(), sd.var(e.getKey(), e.getValue()));
    }
    Activation out = run(spec.root(), "", new Activation(x, in));
    SDVariable logits = sd.identity(LOGITS, out.v());
    if (mode == Mode.EVAL_OUTPUT_SUM) {
      sd.sum(LOSS, logits);
    } else {
      SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, spec.numClasses());
      SDVariable invT = sd.placeHolder(INV_TEMPERATURE, DataType.FLOAT);
      SDVariable scale = sd.placeHolder(SCALE, DataType.FLOAT);
      SDVariable logProbs = sd.nn().logSoftmax(logits.mul(invT)); // last dimension: the classes
      // One-hot × log-softmax: exact, and differentiable with respect to the input as well.
      sd.math().neg(LOSS, logProbs.mul(labels).sum().mul(scale));
    }
    sd.setLossVariables(LOSS);
    return new Graph(sd, mode, List.copyOf(batchStats), List.copyOf(dropouts));
  }

  /** An activation and its per-example shape. */
  private record Activation(SDVariable v, int[] shape) {}

  private Activation run(Layer layer, String prefix, Activation x) {
    return LayerWalk.forward(layer, prefix, x, this::leaf,
        (block, path, body, skip) -> new Activation(body.v().add(skip.v()), body.shape()));
  }

  private Activation leaf(Layer layer, String path, Activation x) {
    if (layer instanceof Conv2d c) {
      Conv2DConfig config = Conv2DConfig.builder()
          .kH(c.kernelSize()).kW(c.kernelSize())
          .sH(c.stride()).sW(c.stride())
          .pH(c.padding()).pW(c.padding())
          .dH(1).dW(1)
          .paddingMode(PaddingMode.VALID)
          .dataFormat("NCHW")
          .weightsFormat(WeightsFormat.YXIO)
          .build();
      // The canonical OIHW array, seen as HWIO: conv2d_bp rejects OIYX weights in 1.0.0-M2.1 ("Op validation
      // failed"), while the permute's gradient brings the weight gradient back to OIHW.
      SDVariable w = sd.permute(vars.get(path + ".weight"), 2, 3, 1, 0);
      SDVariable y = c.bias() ? sd.cnn().conv2d(x.v(), w, vars.get(path + ".bias"), config)
          : sd.cnn().conv2d(x.v(), w, config);
      int h = (x.shape()[1] + 2 * c.padding() - c.kernelSize()) / c.stride() + 1;
      int wd = (x.shape()[2] + 2 * c.padding() - c.kernelSize()) / c.stride() + 1;
      return new Activation(y, new int[] {c.outChannels(), h, wd});
    }
    if (layer instanceof Linear l) {
      SDVariable y = sd.mmul(x.v(), vars.get(path + ".weight"), false, true, false);
      if (l.bias()) {
        y = y.add(vars.get(path + ".bias"));
      }
      return new Activation(y, new int[] {l.outFeatures()});
    }
    if (layer instanceof BatchNorm2d bn) {
      return batchNorm(bn, path, x);
    }
    if (layer instanceof Relu) {
      return new Activation(sd.nn().relu(x.v(), 0), x.shape());
    }
    if (layer instanceof Dropout d) {
      if (mode != Mode.TRAIN || d.p() == 0) {
        return x;
      }
      long[] shape = new long[x.shape().length + 1];
      shape[0] = -1;
      for (int i = 0; i < x.shape().length; i++) {
        shape[i + 1] = x.shape()[i];
      }
      String name = "dropout" + (unique++);
      SDVariable mask = sd.placeHolder(name, DataType.FLOAT, shape);
      dropouts.add(new DropoutInput(path, name, x.shape().clone(), d.p()));
      return new Activation(x.v().mul(mask), x.shape());
    }
    if (layer instanceof MaxPool2d p) {
      return pool(x, p.kernelSize(), p.stride(), p.padding(), true);
    }
    if (layer instanceof AvgPool2d p) {
      return pool(x, p.kernelSize(), p.stride(), p.padding(), false);
    }
    if (layer instanceof GlobalAvgPool2d) {
      return new Activation(x.v().mean(2, 3), new int[] {x.shape()[0]});
    }
    if (layer instanceof Flatten) {
      int n = 1;
      for (int d : x.shape()) {
        n *= d;
      }
      return new Activation(x.v().reshape(-1, n), new int[] {n});
    }
    if (layer instanceof Normalize n) {
      int c = x.shape()[0];
      float[] mean = new float[c];
      float[] std = new float[c];
      for (int i = 0; i < c; i++) {
        mean[i] = (float) n.mean()[i];
        std[i] = (float) n.std()[i];
      }
      long[] shape = channelShape(x, c);
      SDVariable mu = sd.constant("norm" + (unique++), Nd4j.create(mean, shape, 'c'));
      SDVariable sigma = sd.constant("norm" + (unique++), Nd4j.create(std, shape, 'c'));
      return new Activation(x.v().sub(mu).div(sigma), x.shape());
    }
    throw new IllegalArgumentException("layer type " + layer.getClass().getSimpleName() + " at '" + path
        + "' is not supported by the ND4J backend");
  }

  /**
   * {@code y = x·a + b} with per-channel {@code a = γ/√(σ² + ε)} and {@code b = β − μ·a}: one broadcast multiply and
   * one bias add over the activation (ND4J's broadcasting {@code multiply_bp} is its slowest op, so the
   * normalisation is folded into one). Training mode takes {@code μ} and the biased {@code σ² = E[d²] − E[d]²} from
   * the batch, with {@code d = x − k} centred on each channel's first value {@code k}, and normalises {@code d}: on
   * raw activations far from zero against their spread, {@code E[x²] − μ²} and the folded {@code x·a + b} cancel
   * and lost all of γ's gradient (the TCK's BatchNormAccuracyCheck); evaluation mode the running statistics.
   */
  private Activation batchNorm(BatchNorm2d bn, String path, Activation x) {
    int c = bn.channels();
    long[] shape = {1, c, 1, 1};
    SDVariable gamma = vars.get(path + ".weight");
    SDVariable beta = vars.get(path + ".bias");
    SDVariable mean;
    SDVariable var;
    SDVariable input = x.v();
    SDVariable center;
    if (mode == Mode.TRAIN) {
      SDVariable shift = x.v().get(SDIndex.interval(0, 1), SDIndex.all(), SDIndex.interval(0, 1),
          SDIndex.interval(0, 1)).reshape(shape);
      input = x.v().sub(shift);
      center = input.mean(0, 2, 3);
      mean = shift.reshape(c).add(center);
      var = sd.math().square(input).mean(0, 2, 3).sub(center.mul(center));
      String meanOut = "bnMean" + unique;
      String varOut = "bnVar" + (unique++);
      sd.identity(meanOut, mean);
      sd.identity(varOut, var);
      batchStats.add(new BatchStats(path, meanOut, varOut, bn.momentum(), x.shape()[1] * x.shape()[2]));
    } else {
      mean = vars.get(path + ".running_mean");
      var = vars.get(path + ".running_var");
      center = mean;
    }
    SDVariable a = gamma.mul(sd.math().rsqrt(var.add(bn.eps())));
    SDVariable y;
    if (mode == Mode.TRAIN) {
      // (x − μ)·a + β, with x − μ from the centred input: neither the output nor γ's gradient is then a difference of
      // two large sums (one subtraction more than the folded form below).
      y = sd.nn().biasAdd(input.sub(center.reshape(shape)).mul(a.reshape(shape)), beta, true);
    } else {
      // Folded: x·a + (β − μ·a), one multiply and one bias add.
      y = sd.nn().biasAdd(input.mul(a.reshape(shape)), beta.sub(center.mul(a)), true);
    }
    return new Activation(y, x.shape());
  }

  private Activation pool(Activation x, int k, int stride, int pad, boolean max) {
    Pooling2DConfig.Pooling2DConfigBuilder config = Pooling2DConfig.builder()
        .kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID)
        .isNHWC(false);
    SDVariable y = max ? sd.cnn().maxPooling2d(x.v(), config.build())
        // PyTorch's count_include_pad: padding counts as zeros in the average. The op reads "extra" (1 = include
        // padding), not the divisor field, in 1.0.0-M2.1.
        : sd.cnn().avgPooling2d(x.v(), config.divisor(Pooling2D.Divisor.INCLUDE_PADDING).extra(1).build());
    int h = (x.shape()[1] + 2 * pad - k) / stride + 1;
    int w = (x.shape()[2] + 2 * pad - k) / stride + 1;
    return new Activation(y, new int[] {x.shape()[0], h, w});
  }

  private static long[] channelShape(Activation x, int c) {
    long[] shape = new long[x.shape().length + 1];
    java.util.Arrays.fill(shape, 1);
    shape[1] = c;
    return shape;
  }
}
