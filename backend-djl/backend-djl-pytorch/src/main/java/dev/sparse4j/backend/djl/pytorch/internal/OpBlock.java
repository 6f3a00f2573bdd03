package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;

/**
 * A parameter-free block applying one array function, with an explicit output-shape rule. Used instead of DJL's
 * {@code LambdaBlock}, whose shape inference runs the function on a manager of the default engine.
 */
final class OpBlock extends AbstractBlock {
  private final String label;
  private final UnaryOperator<NDArray> op;
  private final UnaryOperator<Shape> shapeRule;

  OpBlock(String label, UnaryOperator<NDArray> op, UnaryOperator<Shape> shapeRule) {
    super((byte) 1);
    this.label = label;
    this.op = op;
    this.shapeRule = shapeRule;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(op.apply(inputs.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {shapeRule.apply(inputShapes[0])};
  }

  @Override
  public String toString() {
    return label;
  }
}
