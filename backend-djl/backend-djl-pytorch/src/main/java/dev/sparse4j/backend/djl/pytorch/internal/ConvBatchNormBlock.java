package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution followed by a batch-norm. Training, and any pass that records gradients, runs the two layers as they
 * are; an evaluation pass without autograd (the model's {@code logits}) runs one convolution with the batch-norm
 * folded into it: weight {@code W·a} per output channel and bias {@code β − μ·a (+ b·a)}, where
 * {@code a = γ / √(σ² + ε)} — the same affine map PyTorch's evaluation-mode batch-norm applies ({@code x·a + β − μ·a}),
 * moved before the sum over the kernel. It saves the batch-norm's pass over every activation (~8 % of a ResNet-20
 * evaluation forward pass at batch 128). The folded tensors are kept in the model's {@link EvalFolding}, which drops
 * them whenever the model's state may change.
 */
final class ConvBatchNormBlock extends AbstractBlock {
  private final Conv2d conv;
  private final TorchBatchNorm norm;
  private final EvalFolding folding;

  ConvBatchNormBlock(Conv2d conv, TorchBatchNorm norm, EvalFolding folding) {
    super((byte) 1);
    this.folding = folding;
    this.conv = addChildBlock("conv", conv);
    this.norm = addChildBlock("batchnorm", norm);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (training || JniUtils.isGradMode()) {
      return norm.forward(store, conv.forward(store, inputs, training, params), training, params);
    }
    NDArray x = inputs.singletonOrThrow();
    NDList folded = folding.get(this, () -> norm.fold(store, parameter(store, "weight", x),
        conv.isIncludeBias() ? parameter(store, "bias", x) : null));
    return Conv2d.conv2d(x, folded.get(0), folded.get(1), conv.getStride(), conv.getPadding(), conv.getDilation(),
        conv.getGroups());
  }

  private NDArray parameter(ParameterStore store, String name, NDArray x) {
    return store.getValue(conv.getParameters().get(name), x.getDevice(), false);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return norm.getOutputShapes(conv.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes);
    norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
  }

  @Override
  public String toString() {
    return "conv+batchnorm";
  }
}
