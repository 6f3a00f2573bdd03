package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * Batch normalisation over axis 1, straight to {@code torch.nn.functional.batch_norm}. DJL's {@code BatchNorm}
 * block wraps the same call in two {@code swapAxes(1, axis)} views and a sub-manager per call, which costs four
 * autograd nodes and a handful of native calls per layer and step for nothing when the axis is already 1. The
 * parameters keep DJL's names ({@code gamma}, {@code beta}, {@code runningMean}, {@code runningVar}); in training
 * mode PyTorch updates the running statistics in place with PyTorch's momentum convention.
 *
 * <p>Training mode normalises {@code x − k}, where {@code k} is each channel's value at the first position of the
 * first example (a constant: no gradient flows through it), and then adds {@code momentum·k} back to the running
 * mean. The output, the gradients and the variance are the same functions of {@code x}; the difference is float32
 * precision: PyTorch's CPU kernel on channels-last data sums in a way that loses ~0.6 % of the gradients when a
 * channel's mean is large against its spread (the TCK's {@code BatchNormAccuracyCheck}; a residual block's
 * pre-activation batch-norm sees such inputs), and centring first removes the offset it loses precision to.
 */
final class TorchBatchNorm extends AbstractBlock {
  private final double epsilon;
  private final double momentum;
  private final Parameter gamma;
  private final Parameter beta;
  private final Parameter runningMean;
  private final Parameter runningVar;
  private long channels;

  /**
   * @param epsilon added to the variance
   * @param momentum PyTorch's momentum: the weight of the batch statistic in the running statistics
   */
  TorchBatchNorm(double epsilon, double momentum) {
    super((byte) 1);
    this.epsilon = epsilon;
    this.momentum = momentum;
    gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
        .optRequiresGrad(false).build());
    runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
        .optRequiresGrad(false).build());
  }

  @Override
  protected void beforeInitialize(Shape... inputShapes) {
    super.beforeInitialize(inputShapes);
    channels = inputShapes[0].get(1);
  }

  @Override
  public void prepare(Shape[] inputShapes) {
    gamma.setShape(new Shape(channels));
    beta.setShape(new Shape(channels));
    runningMean.setShape(new Shape(channels));
    runningVar.setShape(new Shape(channels));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Device device = x.getDevice();
    NDArray mean = store.getValue(runningMean, device, training);
    if (!training || x.getShape().dimension() != 4) {
      return new NDList(JniUtils.batchNorm((PtNDArray) x, (PtNDArray) mean,
          (PtNDArray) store.getValue(runningVar, device, training),
          (PtNDArray) store.getValue(gamma, device, training),
          (PtNDArray) store.getValue(beta, device, training),
          training, momentum, epsilon));
    }
    NDArray shift = x.get(":1, :, :1, :1").stopGradient();
    // batch_norm moves this copy toward mean(x − k) in place (and autograd keeps it); the running mean itself is
    // then set to the copy plus momentum·k, i.e. moved toward mean(x).
    NDArray centredMean = mean.duplicate();
    NDArray y = JniUtils.batchNorm((PtNDArray) x.sub(shift), (PtNDArray) centredMean,
        (PtNDArray) store.getValue(runningVar, device, training),
        (PtNDArray) store.getValue(gamma, device, training),
        (PtNDArray) store.getValue(beta, device, training),
        true, momentum, epsilon);
    mean.set(new NDIndex(":"), centredMean.add(shift.reshape(channels).mul(momentum)));
    return new NDList(y);
  }

  /**
   * The weight and bias of {@code conv(x, weight, bias)} followed by this layer in evaluation mode, as one
   * convolution: {@code weight·a} per output channel and {@code β − μ·a + bias·a}, with {@code a = γ / √(σ² + ε)}.
   * The two new arrays belong to the parameters' manager (a model call's step manager); the intermediates are
   * closed.
   */
  NDList fold(ParameterStore store, NDArray weight, NDArray bias) {
    Device device = weight.getDevice();
    NDArray variance = store.getValue(runningVar, device, false).add(epsilon);
    NDArray std = variance.sqrt();
    NDArray scale = store.getValue(gamma, device, false).div(std);
    NDArray meanScaled = store.getValue(runningMean, device, false).mul(scale);
    NDArray shift = store.getValue(beta, device, false).sub(meanScaled);
    long[] perOutput = new long[weight.getShape().dimension()];
    Arrays.fill(perOutput, 1L);
    perOutput[0] = channels;
    NDArray scaleView = scale.reshape(new Shape(perOutput));
    NDArray foldedWeight = weight.mul(scaleView);
    NDList temps = new NDList(variance, std, scale, meanScaled, scaleView);
    if (bias != null) {
      NDArray biasScaled = bias.mul(scale);
      temps.add(biasScaled);
      temps.add(shift);
      shift = shift.add(biasScaled);
    }
    temps.close();
    return new NDList(foldedWeight, shift);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  public String toString() {
    return "batchnorm";
  }
}
