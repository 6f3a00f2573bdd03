package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * {@code (x - mean) / std} per input channel. The two constant arrays are made once, in the model's manager when
 * the block is initialised, instead of being uploaded on every forward pass.
 */
final class NormalizeBlock extends AbstractBlock {
  private final float[] mean;
  private final float[] std;
  private NDArray meanArray;
  private NDArray stdArray;

  NormalizeBlock(float[] mean, float[] std) {
    super((byte) 1);
    this.mean = mean.clone();
    this.std = std.clone();
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long[] shape = new long[inputShapes[0].dimension()];
    Arrays.fill(shape, 1);
    shape[1] = mean.length;
    meanArray = manager.create(mean, new Shape(shape)).toType(dataType, false);
    stdArray = manager.create(std, new Shape(shape)).toType(dataType, false);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (meanArray == null) {
      throw new IllegalStateException("the normalize block is used before initialize()");
    }
    return new NDList(inputs.singletonOrThrow().sub(meanArray).div(stdArray));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  public String toString() {
    return "normalize";
  }
}
