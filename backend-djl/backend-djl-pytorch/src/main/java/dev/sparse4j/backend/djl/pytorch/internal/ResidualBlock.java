package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code post(body(pre(x)) + shortcut(pre(x) or x))}, the block behind {@link dev.sparse4j.api.model.Residual}.
 * An empty shortcut is the identity.
 */
final class ResidualBlock extends AbstractBlock {
  private final Block pre;
  private final Block body;
  private final Block shortcut;
  private final Block post;
  private final boolean shortcutTakesPre;

  ResidualBlock(
      Block pre, Block body, Block shortcut, boolean shortcutTakesPre, Block post) {
    super((byte) 1);
    this.pre = addChildBlock("pre", pre);
    this.body = addChildBlock("body", body);
    this.shortcut = addChildBlock("shortcut", shortcut);
    this.post = addChildBlock("post", post);
    this.shortcutTakesPre = shortcutTakesPre;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = pre.forward(ps, inputs, training);
    NDList b = body.forward(ps, x, training);
    NDList s = shortcut.forward(ps, shortcutTakesPre ? x : inputs, training);
    NDList sum = new NDList(b.singletonOrThrow().add(s.singletonOrThrow()));
    return post.forward(ps, sum, training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return post.getOutputShapes(body.getOutputShapes(pre.getOutputShapes(inputShapes)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    pre.initialize(manager, dataType, inputShapes);
    Shape[] x = pre.getOutputShapes(inputShapes);
    body.initialize(manager, dataType, x);
    shortcut.initialize(manager, dataType, shortcutTakesPre ? x : inputShapes);
    post.initialize(manager, dataType, body.getOutputShapes(x));
  }
}
